"""Sending as the world sees it: a client submits to Coffer (465 implicit TLS, 587 with
STARTTLS), Coffer signs with DKIM (Ed25519 and RSA), finds the MX through a private dnsmasq
and delivers over STARTTLS to a real Postfix; dkimpy verifies both signatures against the
records `coffer domain dkim` prints, the client's address and name never leave the server,
and the sender keeps a copy in Sent. Needs root (Postfix), postfix, dnsmasq, python3-dkim."""

import re
import smtplib
import subprocess
import unittest

from send_fixture import (ALICE, ALICE_PASSWORD, CAROL, Dnsmasq, Postfix, SendingCoffer, dkim_records,
                          new_message_id, outgoing_message, require_tools, verify_dkim)
from coffer_fixture import message_ids

CLIENT_ADDRESS = "127.0.0.2"
CLIENT_NAME = "secret-laptop.example"


class SendThroughPostfixTest(unittest.TestCase):

    def setUp(self):
        require_tools(self, "postfix", "dnsmasq", "openssl")
        self.dns = Dnsmasq.for_mx(self)
        self.postfix = Postfix(self).start()
        self.coffer = SendingCoffer.started(self, self.dns.address, self.postfix.port)

    def detail(self):
        return "queue:\n%s\ncoffer log:\n%s\ndnsmasq log:\n%s" % (
            self.coffer.cli("queue", "list").stdout, self.coffer.log(), self.dns.log())

    def assertDeliveredSignedAndClean(self, message_id):
        delivered = [m for m in self.postfix.wait_for_messages(detail=self.detail)
                     if message_id in message_ids([m])]
        self.assertEqual(len(delivered), 1, "%s should reach Postfix exactly once" % message_id)
        message = delivered[0]
        self.assertIn(b"See you soon.", message)

        results = verify_dkim(message, dkim_records(self.coffer.dkim_output))
        self.assertEqual(results, {"ed25519-sha256": True, "rsa-sha256": True},
                         "both DKIM signatures verify with dkimpy:\n%s" % message.decode("utf-8", "replace"))

        for secret in (CLIENT_ADDRESS, CLIENT_NAME):
            self.assertNotIn(secret.encode(), message, "%s must not leave the server" % secret)

        # The smtpd process that took this message had a TLS session with Coffer.
        self.assertRegex(self.smtpd_session_of(message_id), r"(?m)TLS connection established from \S+: TLSv1\.[23] ",
                         "Postfix took %s over TLS" % message_id)

        sent = self.coffer.export_eml(address=ALICE, password=ALICE_PASSWORD, mailbox="Sent")
        self.assertEqual(message_ids(sent).count(message_id), 1, "a copy in alice's Sent")
        self.assertIn(b"See you soon.", [m for m in sent if message_id in message_ids([m])][0])

    def smtpd_session_of(self, message_id):
        """The Postfix smtpd log lines of the process that received MESSAGE_ID."""
        log = self.postfix.log().splitlines()
        queue_id = next((line.split(": message-id=")[0].rsplit(" ", 1)[1] for line in log
                         if "message-id=%s" % message_id in line), None)
        self.assertIsNotNone(queue_id, "no Postfix queue id for %s:\n%s" % (message_id, "\n".join(log)))
        pid = next((re.search(r"postfix/smtpd\[(\d+)\]", line).group(1) for line in log
                    if "postfix/smtpd[" in line and "%s: client=" % queue_id in line), None)
        self.assertIsNotNone(pid, "no smtpd line for %s:\n%s" % (queue_id, "\n".join(log)))
        return "\n".join(line for line in log if "postfix/smtpd[%s]" % pid in line)

    def test_submissions_delivers_to_postfix_dkim_signed_over_tls_without_client_traces(self):
        message_id = new_message_id()
        with self.coffer.submissions() as smtp:
            self.coffer.check_server_certificate(smtp)
            smtp.login(ALICE, self.coffer.app_password)
            self.assertEqual(smtp.sendmail(ALICE, [CAROL], outgoing_message(
                message_id, extra_headers="X-Originating-IP: [%s]\r\n" % CLIENT_ADDRESS)), {})
        self.assertDeliveredSignedAndClean(message_id)

    def test_submission_with_starttls_delivers_to_postfix_the_same_way(self):
        message_id = new_message_id()
        with self.coffer.submission() as smtp:
            smtp.ehlo()
            self.assertEqual(smtp.starttls(context=self.coffer.tls_context())[0], 220)
            self.coffer.check_server_certificate(smtp)
            smtp.ehlo()
            self.assertTrue(smtp.has_extn("auth"))
            smtp.login(ALICE, self.coffer.app_password)
            self.assertEqual(smtp.sendmail(ALICE, [CAROL], outgoing_message(message_id)), {})
        self.assertDeliveredSignedAndClean(message_id)

    def test_swaks_submits_with_auth_login_and_postfix_gets_it(self):
        message_id = new_message_id()
        result = subprocess.run(
            ["swaks", "--server", "127.0.0.1", "--port", str(self.coffer.ports["submissions"]), "--tls-on-connect",
             "--tls-verify", "--tls-ca-path", str(self.coffer.data / "ca.pem"),
             "--auth", "LOGIN", "--auth-user", ALICE, "--auth-password", self.coffer.app_password,
             "--local-interface", CLIENT_ADDRESS, "--helo", CLIENT_NAME, "--from", ALICE, "--to", CAROL,
             "--header", "Message-Id: " + message_id, "--header", "From: Alice <%s>" % ALICE,
             "--body", "See you soon.", "--timeout", "30"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, "swaks failed:\n%s\n%s" % (result.stdout, result.stderr))
        self.assertDeliveredSignedAndClean(message_id)


class SubmissionRefusalTest(unittest.TestCase):
    """Refusals happen before anything is queued, so the peer never sees a connection."""

    def setUp(self):
        require_tools(self, "dnsmasq")
        self.dns = Dnsmasq.for_mx(self)
        # Nothing listens on remote_port: a refused message that was queued anyway would stay queued.
        self.coffer = SendingCoffer.started(self, self.dns.address, 9)

    def test_mail_without_auth_is_refused_530(self):
        with self.coffer.submissions() as smtp:
            smtp.ehlo()
            code, text = smtp.mail(ALICE)
            self.assertEqual(code, 530, text)
            self.assertRegex(text.decode(), r"^5\.7\.\d+ ")
            with self.assertRaises(smtplib.SMTPSenderRefused):
                smtp.sendmail(ALICE, [CAROL], outgoing_message(new_message_id()))
        self.assertEqual(self.coffer.queue_ids(), [])

    def test_submission_refuses_auth_before_starttls(self):
        with self.coffer.submission() as smtp:
            smtp.ehlo()
            self.assertFalse(smtp.has_extn("auth"), "no AUTH offered in clear")
            code, text = smtp.docmd("AUTH", "PLAIN AGFsaWNlQGNvZmZlci50ZXN0AHg=")
            self.assertEqual(code, 530, text)
            code, text = smtp.mail(ALICE)
            self.assertEqual(code, 530, text)

    def test_from_header_of_another_address_is_refused_553_5_7_1(self):
        with self.coffer.submissions() as smtp:
            smtp.login(ALICE, self.coffer.app_password)
            with self.assertRaises(smtplib.SMTPDataError) as refused:
                smtp.sendmail(ALICE, [CAROL], outgoing_message(new_message_id(), sender="mallory@coffer.test"))
            self.assertEqual(refused.exception.smtp_code, 553, refused.exception)
            self.assertTrue(refused.exception.smtp_error.startswith(b"5.7.1 "), refused.exception)
        self.assertEqual(self.coffer.queue_ids(), [])

    def test_envelope_sender_of_another_address_is_refused_553_5_7_1(self):
        with self.coffer.submissions() as smtp:
            smtp.login(ALICE, self.coffer.app_password)
            code, text = smtp.mail("demo@coffer.test")
            self.assertEqual((code, text.decode().split(" ", 1)[0]), (553, "5.7.1"), text)
        self.assertEqual(self.coffer.queue_ids(), [])

    def test_wrong_app_password_is_refused_535(self):
        with self.coffer.submissions() as smtp:
            with self.assertRaises(smtplib.SMTPAuthenticationError) as refused:
                smtp.login(ALICE, "not-the-app-password")
            self.assertEqual(refused.exception.smtp_code, 535)

    def test_the_account_password_is_not_an_app_password(self):
        with self.coffer.submissions() as smtp:
            with self.assertRaises(smtplib.SMTPAuthenticationError):
                smtp.login(ALICE, ALICE_PASSWORD)


if __name__ == "__main__":
    unittest.main()

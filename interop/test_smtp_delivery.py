"""Inbound SMTP (RFC 5321) as real clients see it: smtplib and swaks deliver to accounts,
sub-addresses, aliases and catch-alls, in clear and over STARTTLS; each refusal carries
its exact reply code and enhanced status code (RFC 3463)."""

import subprocess
import unittest

from coffer_fixture import (ALIAS, DEMO, Coffer, message_ids, new_message_id, reply, send, simple_message,
                            without_trace)

SENDER = "alice@example.org"


class SmtpDeliveryTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer.started(self)

    def assertDeliveredToDemo(self, *ids):
        exported = self.coffer.export_eml()
        for message_id in ids:
            self.assertEqual(message_ids(exported).count(message_id), 1,
                             "%s should be in demo's INBOX exactly once" % message_id)
        for message in exported:
            self.assertTrue(message.startswith(b"Return-Path: <%s>\r\n" % SENDER.encode()), message[:200])
            self.assertIn(b"\r\nReceived: ", message.split(b"\r\n\r\n", 1)[0])

    def test_ehlo_advertises_the_documented_extensions(self):
        with self.coffer.smtp() as smtp:
            code, _ = smtp.ehlo()
            self.assertEqual(code, 250)
            for extension in ("pipelining", "size", "8bitmime", "smtputf8", "enhancedstatuscodes", "chunking",
                              "starttls"):
                self.assertTrue(smtp.has_extn(extension), "EHLO should advertise " + extension)

    def test_smtplib_delivers_to_the_account(self):
        message_id = new_message_id()
        self.assertEqual(send(self.coffer, SENDER, [DEMO], simple_message(message_id)), {})
        self.assertDeliveredToDemo(message_id)

    def test_smtplib_delivers_over_starttls_trusting_the_coffer_ca(self):
        message_id = new_message_id()
        with self.coffer.smtp() as smtp:
            smtp.ehlo()
            code, _ = smtp.starttls(context=self.coffer.tls_context())
            self.assertEqual(code, 220)
            self.coffer.check_server_certificate(smtp)
            smtp.ehlo()
            self.assertFalse(smtp.has_extn("starttls"), "STARTTLS is not offered again inside TLS")
            self.assertEqual(smtp.sendmail(SENDER, [DEMO], simple_message(message_id)), {})
        self.assertDeliveredToDemo(message_id)

    def test_swaks_delivers_in_clear_and_over_starttls(self):
        in_clear, over_tls = new_message_id(), new_message_id()
        self.swaks(DEMO, in_clear)
        self.swaks(DEMO, over_tls, "--tls", "--tls-verify", "--tls-ca-path", str(self.coffer.data / "ca.pem"))
        self.assertDeliveredToDemo(in_clear, over_tls)

    def test_swaks_refuses_starttls_without_trusting_the_coffer_ca(self):
        # Shows that the test above really verifies the certificate chain.
        result = self.swaks(DEMO, new_message_id(), "--tls", "--tls-verify", expect_success=False)
        self.assertNotEqual(result.returncode, 0, result.stdout)

    def test_subaddress_delivers_to_the_account(self):
        message_id = new_message_id()
        self.assertEqual(send(self.coffer, SENDER, ["demo+news@coffer.test"],
                              simple_message(message_id, to="demo+news@coffer.test")), {})
        self.assertDeliveredToDemo(message_id)

    def test_alias_delivers_to_its_target(self):
        message_id = new_message_id()
        self.assertEqual(send(self.coffer, SENDER, [ALIAS], simple_message(message_id, to=ALIAS)), {})
        self.assertDeliveredToDemo(message_id)

    def test_catch_all_delivers_any_unmatched_address_of_the_domain(self):
        self.coffer.cli_ok("alias", "add", "@coffer.test", DEMO)
        message_id = new_message_id()
        self.assertEqual(send(self.coffer, SENDER, ["anything@coffer.test"],
                              simple_message(message_id, to="anything@coffer.test")), {})
        self.assertDeliveredToDemo(message_id)

    def test_alias_added_with_the_cli_while_running_works_at_once(self):
        with self.coffer.smtp() as smtp:
            smtp.ehlo()
            smtp.mail(SENDER)
            self.assertEqual(smtp.rcpt("sales@coffer.test")[0], 550, "no such alias yet")
        self.coffer.cli_ok("alias", "add", "sales@coffer.test", DEMO)
        message_id = new_message_id()
        self.assertEqual(send(self.coffer, SENDER, ["sales@coffer.test"],
                              simple_message(message_id, to="sales@coffer.test")), {})
        self.assertDeliveredToDemo(message_id)

    def test_bdat_chunks_deliver_the_message_byte_exact(self):
        # RFC 3030: BDAT carries octets as they are, no dot-stuffing, no end marker.
        message_id = new_message_id()
        message = simple_message(message_id, body=".a leading dot stays single\r\n..and two stay two")
        chunks = [message[:100], message[100:]]
        with self.coffer.smtp() as smtp:
            smtp.ehlo()
            self.assertEqual(smtp.mail(SENDER)[0], 250)
            self.assertEqual(smtp.rcpt(DEMO)[0], 250)
            for number, chunk in enumerate(chunks, 1):
                smtp.putcmd("BDAT", "%d%s" % (len(chunk), " LAST" if number == len(chunks) else ""))
                smtp.send(chunk)
                self.assertEqual(smtp.getreply()[0], 250)
        exported = self.coffer.export_eml()
        self.assertEqual([without_trace(m) for m in exported], [message])

    def test_pipelined_commands_get_their_replies_in_order(self):
        # RFC 2920: a client may send MAIL, RCPT ... DATA in one go.
        message_id = new_message_id()
        with self.coffer.smtp() as smtp:
            smtp.ehlo()
            smtp.send(("MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nRCPT TO:<nobody@coffer.test>\r\nDATA\r\n"
                       % (SENDER, DEMO)).encode("ascii"))
            self.assertEqual([smtp.getreply()[0] for _ in range(4)], [250, 250, 550, 354])
            smtp.send(simple_message(message_id) + b".\r\n")
            self.assertEqual(smtp.getreply()[0], 250)
        self.assertDeliveredToDemo(message_id)

    def test_smtputf8_delivers_an_internationalised_message_byte_exact(self):
        # RFC 6531: UTF-8 in envelope and headers when the client asks for SMTPUTF8.
        message_id = new_message_id()
        message = ("From: Jörg <jörg@example.org>\r\nTo: %s\r\nSubject: Grüße aus Köln\r\n"
                   "Message-ID: %s\r\n\r\nÜbermorgen.\r\n" % (DEMO, message_id)).encode("utf-8")
        with self.coffer.smtp() as smtp:
            self.assertEqual(smtp.sendmail("jörg@example.org", [DEMO], message,
                                           mail_options=["SMTPUTF8", "BODY=8BITMIME"]), {})
        exported = self.coffer.export_eml()
        self.assertEqual([without_trace(m) for m in exported], [message])
        self.assertTrue(exported[0].startswith("Return-Path: <jörg@example.org>\r\n".encode("utf-8")))

    def swaks(self, to, message_id, *options, expect_success=True):
        command = ["swaks", "--server", "127.0.0.1", "--port", str(self.coffer.port), "--helo", "client.example.org",
                   "--from", SENDER, "--to", to, "--header", "Message-Id: " + message_id,
                   "--body", "Sent by swaks.", "--timeout", "30", *options]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if expect_success:
            self.assertEqual(result.returncode, 0, "swaks failed:\n%s\n%s" % (result.stdout, result.stderr))
            self.assertRegex(result.stdout, r"[-~]> \.\n<[-~] +250 2\.0\.0 ", "the message ends with 250")
        return result


class SmtpRefusalTest(unittest.TestCase):
    """Each refusal: reply code, then the enhanced status code as the reply's first word."""

    MAX_MESSAGE_SIZE = 20000
    MAX_RECIPIENTS = 3

    def setUp(self):
        self.coffer = Coffer.started(self, max_message_size=self.MAX_MESSAGE_SIZE,
                                     max_recipients=self.MAX_RECIPIENTS)
        self.smtp = self.coffer.smtp()
        self.addCleanup(self.smtp.close)
        self.assertEqual(self.smtp.ehlo()[0], 250)

    def assertReply(self, actual, code, enhanced_code):
        actual_code, text = actual
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        self.assertEqual((actual_code, text.split(" ", 1)[0]), (code, enhanced_code),
                         "expected %d %s, got %d %s" % (code, enhanced_code, actual_code, text))

    def assertNothingDelivered(self):
        self.assertEqual(self.coffer.export_eml(), [])

    def test_unknown_user_in_a_hosted_domain_is_550_5_1_1(self):
        self.smtp.mail(SENDER)
        self.assertReply(self.smtp.rcpt("nobody@coffer.test"), 550, "5.1.1")

    def test_unhosted_domain_is_relay_denied_554_5_7_1(self):
        self.smtp.mail(SENDER)
        self.assertReply(self.smtp.rcpt("someone@example.net"), 554, "5.7.1")

    def test_declared_size_over_the_limit_is_552_5_3_4(self):
        # RFC 1870 §6.1: the SIZE parameter of MAIL FROM is checked at once.
        self.assertReply(self.smtp.mail(SENDER, ["SIZE=%d" % (self.MAX_MESSAGE_SIZE * 2)]), 552, "5.3.4")

    def test_message_over_max_message_size_is_552_5_3_4(self):
        self.smtp.mail(SENDER)
        self.assertEqual(self.smtp.rcpt(DEMO)[0], 250)
        body = "\r\n".join(["x" * 70] * (self.MAX_MESSAGE_SIZE // 70 + 10))
        self.assertReply(self.smtp.data(simple_message(new_message_id(), body=body)), 552, "5.3.4")
        self.assertNothingDelivered()

    def test_command_line_over_512_octets_is_500_5_5_2(self):
        # RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF.
        self.assertReply(reply(self.smtp, "NOOP " + "x" * 600), 500, "5.5.2")

    def test_data_line_over_1000_octets_refuses_the_message_550_5_6_0(self):
        # RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets including CRLF.
        self.smtp.mail(SENDER)
        self.assertEqual(self.smtp.rcpt(DEMO)[0], 250)
        self.assertReply(self.smtp.data(simple_message(new_message_id(), body="y" * 1500)), 550, "5.6.0")
        self.assertNothingDelivered()

    def test_bad_address_syntax_is_501(self):
        code, text = reply(self.smtp, "MAIL FROM:<not an address>")
        self.assertEqual(code, 501, text)
        self.assertRegex(text, r"^5\.\d+\.\d+ ")
        self.assertEqual(self.smtp.mail(SENDER)[0], 250)
        code, text = reply(self.smtp, "RCPT TO:<demo@@coffer.test>")
        self.assertEqual(code, 501, text)
        self.assertRegex(text, r"^5\.\d+\.\d+ ")

    def test_more_than_max_recipients_is_452_4_5_3(self):
        self.smtp.mail(SENDER)
        for tag in range(self.MAX_RECIPIENTS):
            self.assertEqual(self.smtp.rcpt("demo+%d@coffer.test" % tag)[0], 250)
        self.assertReply(self.smtp.rcpt("demo+one-too-many@coffer.test"), 452, "4.5.3")

    def test_rcpt_before_mail_is_bad_sequence_503_5_5_1(self):
        self.assertReply(self.smtp.rcpt(DEMO), 503, "5.5.1")

    def test_data_before_rcpt_is_bad_sequence_503_5_5_1(self):
        self.smtp.mail(SENDER)
        self.assertReply(reply(self.smtp, "DATA"), 503, "5.5.1")


if __name__ == "__main__":
    unittest.main()

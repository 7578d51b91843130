"""Sieve (RFC 5228) through ManageSieve (RFC 5804) with a real third-party client:
Debian's sieve-connect uploads and activates scripts over STARTTLS trusting only the
data directory's ca.pem; mail sent over SMTP is then filed, answered or refused by them,
which imaplib confirms.

Needs the Debian package sieve-connect.
"""

import email
import imaplib
import smtplib
import tempfile
import unittest
from pathlib import Path

from coffer_fixture import DEMO, DOMAIN, HOSTNAME, PASSWORD, cli_ok, new_message_id, send, set_config
from mail_access import CLIENT_TIMEOUT, MailCoffer, require_tool, run_tool, wait_until

BOB = "bob@" + DOMAIN
BOB_PASSWORD = "bob-password-1"

FILE_LISTS = """require ["envelope", "subaddress", "fileinto", "mailbox"];
if envelope :detail "to" "lists" {
    fileinto :create "Lists";
}
"""

VACATION = """require "vacation";
vacation :days 7 :subject "Away until Monday" "I read mail again on Monday.";
"""

REJECT = """require "reject";
if header :contains "subject" "unwanted" {
    reject "No thanks: not wanted here.";
}
"""


class SieveCoffer(MailCoffer):
    """A MailCoffer with the managesieve listener on an ephemeral loopback port."""

    def __init__(self):
        super().__init__()
        set_config(self.data, "listeners", "managesieve", '"127.0.0.1:0"')

    def start(self):
        super().start()
        if "managesieve" not in self.ports:
            raise AssertionError("coffer serve printed no managesieve port:\n" + self.server.log())
        return self

    def sieve_connect(self, *args, user=DEMO, password=None):
        """Runs sieve-connect against the managesieve listener, trusting only ca.pem."""
        command = [require_tool("sieve-connect", "sieve-connect"),
                   "--server", "127.0.0.1", "--port", str(self.ports["managesieve"]),
                   "--tlscafile", str(self.data / "ca.pem"), "--tlshostname", HOSTNAME,
                   "--user", user, "--authmech", "PLAIN", "--passwordfd", "0", *args]
        result = run_tool(command, input=(password or self.app_password) + "\n")
        if result.returncode != 0:
            raise AssertionError("sieve-connect %s failed (exit %d)\nstdout: %s\nstderr: %s\nserver log:\n%s"
                                 % (" ".join(args), result.returncode, result.stdout, result.stderr, self.log()))
        return result.stdout + result.stderr

    def upload_and_activate(self, name, script):
        path = Path(tempfile.mkdtemp(dir=self.root)) / (name + ".sieve")
        path.write_text(script)
        self.sieve_connect("--upload", "--localsieve", str(path), "--remotesieve", name)
        self.sieve_connect("--activate", "--remotesieve", name)

    def imap_for(self, user, password):
        client = imaplib.IMAP4_SSL("127.0.0.1", self.ports["imaps"], ssl_context=self.tls_context(),
                                   timeout=CLIENT_TIMEOUT)
        client.login(user, password)
        return client


def message(message_id, to, subject, sender="alice@example.org"):
    return ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: %s\r\n\r\nHello.\r\n"
            % (sender, to, subject, message_id)).encode("utf-8")


def message_ids_in(client, mailbox):
    typ, _ = client.select('"%s"' % mailbox, readonly=True)
    if typ != "OK":
        return []
    _, data = client.uid("SEARCH", None, "ALL")
    ids = []
    for uid in data[0].split():
        # the outer header of the encrypted copy keeps Message-ID and In-Reply-To (DESIGN, inbound step 4)
        _, fetched = client.uid("FETCH", uid, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO)])")
        header = email.message_from_bytes(fetched[0][1])
        ids.append((header.get("Message-ID", "").strip(), header.get("In-Reply-To", "").strip()))
    return ids


class SieveConnectTest(unittest.TestCase):

    def setUp(self):
        self.coffer = SieveCoffer()
        self.addCleanup(self.coffer.remove)
        cli_ok("user", "add", BOB, data=self.coffer.data, passwords=[BOB_PASSWORD])
        self.bob_app_password = cli_ok("user", "app-password", "add", BOB, "imap", data=self.coffer.data).strip()
        self.coffer.start()

    def test_sieve_connect_uploads_lists_and_activates(self):
        self.coffer.upload_and_activate("lists", FILE_LISTS)
        listing = self.coffer.sieve_connect("--list")
        self.assertRegex(listing, r'"lists" ACTIVE')
        self.assertEqual(cli_ok("sieve", "get", DEMO, "lists", data=self.coffer.data), FILE_LISTS)

    def test_a_script_that_does_not_compile_is_refused_with_its_line(self):
        path = Path(tempfile.mkdtemp(dir=self.coffer.root)) / "bad.sieve"
        path.write_text('require "fileinto";\nfileinto "A";\nfrobnicate;\n')
        command = [require_tool("sieve-connect", "sieve-connect"), "--server", "127.0.0.1",
                   "--port", str(self.coffer.ports["managesieve"]), "--tlscafile", str(self.coffer.data / "ca.pem"),
                   "--tlshostname", HOSTNAME, "--user", DEMO, "--authmech", "PLAIN", "--passwordfd", "0",
                   "--upload", "--localsieve", str(path), "--remotesieve", "bad"]
        result = run_tool(command, input=self.coffer.app_password + "\n")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("line 3: unknown command 'frobnicate'", result.stdout + result.stderr)
        self.assertEqual(cli_ok("sieve", "list", DEMO, data=self.coffer.data).strip(), "")

    def test_mail_to_the_lists_detail_is_filed_into_lists(self):
        self.coffer.upload_and_activate("lists", FILE_LISTS)
        to_lists, plain = new_message_id(), new_message_id()
        self.assertEqual(send(self.coffer, "alice@example.org", ["demo+lists@" + DOMAIN],
                              message(to_lists, "demo+lists@" + DOMAIN, "list mail")), {})
        self.assertEqual(send(self.coffer, "alice@example.org", [DEMO], message(plain, DEMO, "direct mail")), {})
        client = self.coffer.imap_for(DEMO, self.coffer.app_password)
        self.addCleanup(client.logout)
        self.assertEqual([m[0] for m in message_ids_in(client, "Lists")], [to_lists])
        self.assertEqual([m[0] for m in message_ids_in(client, "INBOX")], [plain])

    def test_vacation_replies_once_per_sender(self):
        self.coffer.upload_and_activate("away", VACATION)
        first, second = new_message_id(), new_message_id()
        for message_id in (first, second):
            self.assertEqual(send(self.coffer, BOB, [DEMO], message(message_id, DEMO, "Lunch?", sender=BOB)), {})
        bob = self.coffer.imap_for(BOB, self.bob_app_password)
        self.addCleanup(bob.logout)
        replies = wait_until(lambda: message_ids_in(bob, "INBOX"), "the vacation reply in bob's INBOX")
        self.assertEqual(len(replies), 1, replies)
        self.assertEqual(replies[0][1], first)
        reply = email.message_from_bytes(self.coffer.export_eml(address=BOB, password=BOB_PASSWORD)[0])
        self.assertEqual(reply["Auto-Submitted"], "auto-replied")
        self.assertEqual(reply["Subject"], "Away until Monday")
        self.assertEqual(reply["References"], first)
        self.assertIn("I read mail again on Monday.", reply.get_payload())
        # the second message was delivered to demo all the same
        demo = self.coffer.imap_for(DEMO, self.coffer.app_password)
        self.addCleanup(demo.logout)
        self.assertEqual([m[0] for m in message_ids_in(demo, "INBOX")], [first, second])

    def test_reject_refuses_at_data_when_it_is_the_only_recipient(self):
        self.coffer.upload_and_activate("refuse", REJECT)
        with self.assertRaises(smtplib.SMTPDataError) as refused:
            send(self.coffer, "alice@example.org", [DEMO], message(new_message_id(), DEMO, "unwanted offer"))
        self.assertEqual(refused.exception.smtp_code, 550)
        self.assertIn(b"not wanted here", refused.exception.smtp_error)
        self.assertEqual(send(self.coffer, "alice@example.org", [DEMO], message(new_message_id(), DEMO, "welcome")), {})


if __name__ == "__main__":
    unittest.main()

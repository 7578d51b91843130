"""Spam and virus filters end to end: a real Coffer whose [filter] section points at a
private clamd and a private Rspamd started by the test (filter_daemons.py). Mail comes in
over SMTP; where it landed is read over IMAP and with `coffer export`.

EICAR is refused with 554 at DATA (clamd); Rspamd's "add header" GTUBE lands in Junk;
the standard GTUBE is refused with 550 (the built-in scorer gives it 1000 points and
Rspamd answers reject); a clean message lands in INBOX; with clamd killed, mail gets 451
and is not delivered unscanned."""

import base64
import email.utils
import smtplib
import time
import unittest

from coffer_fixture import DEMO, new_message_id, set_config
from filter_daemons import EICAR, GTUBE, GTUBE_ADD_HEADER, Clamd, Rspamd, started
from mail_access import SENDER, MailCoffer, wait_until


def message(message_id, subject, body, extra_headers=""):
    return ("From: Alice <%s>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n%s\r\n%s\r\n"
            % (SENDER, DEMO, subject, email.utils.formatdate(), message_id, extra_headers, body)).encode("utf-8")


def with_eicar_attachment(message_id):
    attachment = base64.encodebytes(EICAR).decode().replace("\n", "\r\n")
    return message(message_id, "The file you asked for",
                   "--b\r\nContent-Type: text/plain\r\n\r\nSee the attachment.\r\n"
                   "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                   "Content-Disposition: attachment; filename=\"eicar.com\"\r\n\r\n%s--b--" % attachment,
                   "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n")


def coffer_with_filters(add_cleanup, clamd, rspamd):
    coffer = MailCoffer()
    add_cleanup(coffer.remove)
    set_config(coffer.data, "filter", "clamd", '"%s"' % clamd.address())
    set_config(coffer.data, "filter", "rspamd_url", '"%s"' % rspamd.url())
    return coffer.start()


class FilterTest(unittest.TestCase):
    """One clamd, one Rspamd and one Coffer for the class; each test looks for its own Message-ID."""

    @classmethod
    def setUpClass(cls):
        began = time.monotonic()
        cls.clamd = started(cls.addClassCleanup, Clamd)
        cls.rspamd = started(cls.addClassCleanup, Rspamd)
        print("\nclamd ready in %.2f s, rspamd ready in %.2f s (both: %.2f s)"
              % (cls.clamd.startup, cls.rspamd.startup, time.monotonic() - began))
        cls.coffer = coffer_with_filters(cls.addClassCleanup, cls.clamd, cls.rspamd)

    def send(self, coffer, data):
        with coffer.smtp() as smtp:
            return smtp.sendmail(SENDER, [DEMO], data)

    def stored_count(self):
        return self.mailbox_count(self.coffer, "INBOX") + self.mailbox_count(self.coffer, "Junk")

    def mailbox_count(self, coffer, mailbox):
        client = coffer.imaps()
        try:
            typ, data = client.select(mailbox, readonly=True)
            self.assertEqual(typ, "OK", data)
            return int(data[0])
        finally:
            client.logout()

    def assertRefusedAtData(self, coffer, data, code, enhanced, text):
        with self.assertRaises(smtplib.SMTPDataError) as refused:
            self.send(coffer, data)
        self.assertEqual(refused.exception.smtp_code, code)
        reply = refused.exception.smtp_error.decode("utf-8", "replace")
        self.assertTrue(reply.startswith(enhanced), reply)
        self.assertIn(text, reply)

    def test_eicar_is_refused_with_554_at_data(self):
        before = self.stored_count()
        self.assertRefusedAtData(self.coffer, with_eicar_attachment(new_message_id()), 554, "5.7.1",
                                 "Virus found: Coffer-Test-EICAR")
        self.assertEqual(self.stored_count(), before)

    def test_rspamd_add_header_gtube_lands_in_junk(self):
        message_id = new_message_id()
        inbox_before = self.mailbox_count(self.coffer, "INBOX")
        junk_before = self.mailbox_count(self.coffer, "Junk")
        self.assertEqual(self.send(self.coffer, message(message_id, "Test", "Rspamd test.\r\n" + GTUBE_ADD_HEADER)), {})
        wait_until(lambda: self.mailbox_count(self.coffer, "Junk") == junk_before + 1, "a new message in Junk over IMAP")
        [stored] = [m for m in self.coffer.export_eml(mailbox="Junk") if message_id.encode() in m]
        self.assertIn(b"\r\nX-Spam-Status: Yes, score=", b"\r\n" + stored.split(b"\r\n\r\n", 1)[0])
        self.assertEqual(self.mailbox_count(self.coffer, "INBOX"), inbox_before)

    def test_standard_gtube_is_refused_with_550(self):
        before = self.stored_count()
        self.assertRefusedAtData(self.coffer, message(new_message_id(), "Test", "GTUBE test.\r\n" + GTUBE), 550,
                                 "5.7.1", "spam")
        self.assertEqual(self.stored_count(), before)

    def test_clean_message_lands_in_inbox(self):
        message_id = new_message_id()
        inbox_before = self.mailbox_count(self.coffer, "INBOX")
        junk_before = self.mailbox_count(self.coffer, "Junk")
        self.assertEqual(self.send(self.coffer, message(message_id, "Lunch on Friday", "Shall we meet at noon?")), {})
        wait_until(lambda: self.mailbox_count(self.coffer, "INBOX") == inbox_before + 1,
                   "a new message in INBOX over IMAP")
        [stored] = [m for m in self.coffer.export_eml() if message_id.encode() in m]
        self.assertIn(b"\r\nX-Spam-Status: No, score=", b"\r\n" + stored.split(b"\r\n\r\n", 1)[0])
        self.assertEqual(self.mailbox_count(self.coffer, "Junk"), junk_before)

    def test_mail_gets_451_while_clamd_is_down(self):
        own_clamd = started(self.addCleanup, Clamd)
        coffer = coffer_with_filters(self.addCleanup, own_clamd, self.rspamd)
        own_clamd.kill()
        self.assertRefusedAtData(coffer, message(new_message_id(), "Lunch on Friday", "Shall we meet at noon?"),
                                 451, "4.7.1", "Virus scanner unavailable")
        self.assertEqual(self.mailbox_count(coffer, "INBOX"), 0)


if __name__ == "__main__":
    unittest.main()

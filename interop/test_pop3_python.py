"""POP3 (RFC 1939, 2449, 2595) as Python's poplib sees it, against a real Coffer: POP3S
and STLS with app passwords only, STAT/LIST/UIDL/RETR/TOP of SMTP-delivered mail (PGP/MIME
ciphertext, the same octets IMAP serves), DELE committed only by QUIT."""

import email
import email.policy
import poplib
import socket
import unittest

from coffer_fixture import DEMO, PASSWORD
from mail_access import check_certificate_names_hostname, started


def close_quietly(client):
    try:
        client.close()
    except OSError:
        pass


def retrieved(client, number):
    """RETR NUMBER as bytes with CRLF line ends, and the octet count poplib reports."""
    _, lines, octets = client.retr(number)
    return b"".join(line + b"\r\n" for line in lines), octets


class Pop3LoginTest(unittest.TestCase):

    def setUp(self):
        self.coffer = started(self)

    def test_pop3s_login_with_the_app_password_trusting_the_coffer_ca(self):
        client = self.coffer.pop3s(login=False)
        self.addCleanup(close_quietly, client)
        check_certificate_names_hostname(client.sock)
        capabilities = client.capa()
        for capability in ("USER", "UIDL", "TOP"):
            self.assertIn(capability, capabilities)
        self.assertIn("PLAIN", capabilities.get("SASL", []))
        self.assertNotIn("STLS", capabilities, "no STLS inside TLS")
        client.user(DEMO)
        self.assertTrue(client.pass_(self.coffer.app_password).startswith(b"+OK"))
        self.assertEqual(client.stat(), (0, 0))
        self.assertTrue(client.quit().startswith(b"+OK"))

    def test_stls_then_login_with_the_app_password(self):
        client = self.coffer.pop3()
        self.addCleanup(close_quietly, client)
        self.assertIn("STLS", client.capa())
        self.assertTrue(client.stls(context=self.coffer.tls_context()).startswith(b"+OK"))
        check_certificate_names_hostname(client.sock)
        self.assertNotIn("STLS", client.capa())
        client.user(DEMO)
        client.pass_(self.coffer.app_password)
        self.assertEqual(client.stat(), (0, 0))
        client.quit()

    def test_login_before_stls_is_refused(self):
        client = self.coffer.pop3()
        self.addCleanup(close_quietly, client)
        with self.assertRaises(poplib.error_proto) as refused:
            client.user(DEMO)
            client.pass_(self.coffer.app_password)
        self.assertRegex(str(refused.exception), "(?i)stls|tls|encrypt|privacy")

    def test_account_password_is_refused_naming_app_passwords(self):
        client = self.coffer.pop3s(login=False)
        self.addCleanup(close_quietly, client)
        client.user(DEMO)
        with self.assertRaisesRegex(poplib.error_proto, "(?i)app.password"):
            client.pass_(PASSWORD)


class Pop3MaildropTest(unittest.TestCase):

    def setUp(self):
        self.coffer = started(self)
        self.delivered = [self.coffer.deliver() for _ in range(2)]

    def client(self):
        client = self.coffer.pop3s()
        self.addCleanup(close_quietly, client)
        return client

    def test_stat_list_uidl_retr_and_top_of_smtp_delivered_ciphertext(self):
        client = self.client()
        count, total = client.stat()
        self.assertEqual(count, 2)
        _, listing, _ = client.list()
        sizes = {int(n): int(s) for n, s in (line.split() for line in listing)}
        self.assertEqual(sorted(sizes), [1, 2])
        self.assertEqual(sum(sizes.values()), total)
        self.assertEqual(client.list(2), b"+OK 2 %d" % sizes[2])
        _, uidl, _ = client.uidl()
        uids = dict(line.split() for line in uidl)
        self.assertEqual(len(set(uids.values())), 2, uidl)
        for uid in uids.values():
            self.assertRegex(uid.decode(), r"^[\x21-\x7e]{1,70}$", "RFC 1939 §7: 1 to 70 printable characters")

        for number, (message_id, marker) in enumerate(self.delivered, 1):
            raw, octets = retrieved(client, number)
            self.assertEqual(len(raw), sizes[number], "LIST size is the size of RETR")
            self.assertNotIn(marker.encode(), raw)
            message = email.message_from_bytes(raw, policy=email.policy.default)
            self.assertEqual(message.get_content_type(), "multipart/encrypted")
            self.assertEqual(message["Subject"], "[...]")
            self.assertEqual(message["Message-ID"], message_id)
            self.assertIn(b"-----BEGIN PGP MESSAGE-----", raw)

            _, head, _ = client.top(number, 0)
            self.assertEqual(b"\r\n".join(head) + b"\r\n", raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
            _, with_lines, _ = client.top(number, 3)
            header_lines = len(head)
            self.assertEqual(with_lines[:header_lines], head)
            self.assertEqual(with_lines[header_lines:], raw.split(b"\r\n\r\n", 1)[1].split(b"\r\n")[:3])
        client.quit()

        # the same octets IMAP serves
        imap = self.coffer.imaps()
        try:
            imap.select("INBOX", readonly=True)
            typ, data = imap.fetch("1", "(BODY.PEEK[])")
            self.assertEqual(typ, "OK")
            self.assertEqual(data[0][1], retrieved(self.client(), 1)[0])
        finally:
            imap.logout()

    def test_uidl_is_stable_across_sessions(self):
        first = self.client()
        _, before, _ = first.uidl()
        first.quit()
        second = self.client()
        self.assertEqual(second.uidl()[1], before)
        second.quit()

    def test_dele_then_quit_removes_the_message_from_pop3_and_from_imap(self):
        client = self.client()
        _, uidl, _ = client.uidl()
        kept_uid = uidl[1].split()[1]
        self.assertTrue(client.dele(1).startswith(b"+OK"))
        with self.assertRaises(poplib.error_proto):
            client.retr(1)
        self.assertEqual(client.stat()[0], 1, "a deleted message is not counted")
        self.assertTrue(client.quit().startswith(b"+OK"))

        again = self.client()
        self.assertEqual(again.stat()[0], 1)
        self.assertEqual(again.uidl()[1], [b"1 " + kept_uid])
        message = email.message_from_bytes(retrieved(again, 1)[0], policy=email.policy.default)
        self.assertEqual(message["Message-ID"], self.delivered[1][0])
        again.quit()

        imap = self.coffer.imaps()
        try:
            typ, data = imap.select("INBOX")
            self.assertEqual((typ, data), ("OK", [b"1"]))
            typ, data = imap.fetch("1", "(ENVELOPE)")
            self.assertIn(self.delivered[1][0].encode(), data[0])
        finally:
            imap.logout()

    def test_a_dropped_connection_deletes_nothing(self):
        client = self.client()
        client.dele(1)
        client.dele(2)
        client.sock.shutdown(socket.SHUT_RDWR)   # no QUIT: RFC 1939 §6, no UPDATE state
        client.sock.close()

        again = self.client()
        self.assertEqual(again.stat()[0], 2)
        again.quit()

    def test_rset_undoes_dele(self):
        client = self.client()
        client.dele(2)
        self.assertTrue(client.rset().startswith(b"+OK"))
        client.quit()
        again = self.client()
        self.assertEqual(again.stat()[0], 2)
        again.quit()

    def test_a_message_delivered_during_a_session_appears_in_the_next_one(self):
        client = self.client()
        self.assertEqual(client.stat()[0], 2)
        self.coffer.deliver()
        self.assertEqual(client.stat()[0], 2, "RFC 1939: the maildrop is a snapshot for the session")
        client.quit()
        again = self.client()
        self.assertEqual(again.stat()[0], 3)
        again.quit()


if __name__ == "__main__":
    unittest.main()

"""IMAP (RFC 9051/3501) as Python's imaplib sees it, against a real Coffer: login over
IMAPS and STARTTLS with app passwords only, special-use mailboxes, SELECT/EXAMINE, FETCH
of SMTP-delivered ciphertext, flags, APPEND stored encrypted, COPY/MOVE/UID EXPUNGE,
IDLE, CONDSTORE/QRESYNC, QUOTA, and hostile input that leaves the server serving."""

import email
import email.policy
import imaplib
import re
import socket
import time
import unittest
import uuid

from coffer_fixture import DEMO, PASSWORD, message_ids
from mail_access import (SENDER, WAIT, check_certificate_names_hostname, quoted, started, uid_set,
                         wait_until)

SPECIAL_USE = {"Archive": "\\Archive", "Drafts": "\\Drafts", "Junk": "\\Junk", "Sent": "\\Sent", "Trash": "\\Trash"}
ADVERTISED = ("IMAP4REV2", "IMAP4REV1", "IDLE", "UIDPLUS", "MOVE", "CONDSTORE", "QRESYNC", "SPECIAL-USE",
              "CREATE-SPECIAL-USE", "NAMESPACE", "ID", "ENABLE", "LITERAL+", "UNSELECT", "ESEARCH", "LIST-EXTENDED",
              "LIST-STATUS", "STATUS=SIZE", "QUOTA", "UTF8=ACCEPT")


def ok(result):
    typ, data = result
    if typ != "OK":
        raise AssertionError("expected OK, got %s %s" % (typ, data))
    return data


def uids_of(client, criteria="ALL"):
    return [int(u) for u in ok(client.uid("SEARCH", None, criteria))[0].split()]


def flags_of(client, uid):
    data = ok(client.uid("FETCH", str(uid), "(FLAGS)"))
    match = re.search(rb"FLAGS \(([^)]*)\)", data[0])
    return set(match.group(1).decode().split())


def body_of(client, uid):
    """BODY.PEEK[] of one message as bytes."""
    data = ok(client.uid("FETCH", str(uid), "(BODY.PEEK[])"))
    parts = [item[1] for item in data if isinstance(item, tuple)]
    if len(parts) != 1:
        raise AssertionError("FETCH BODY[] of UID %s returned %r" % (uid, data))
    return parts[0]


def close_quietly(client):
    try:
        client.shutdown()
    except OSError:
        pass  # already logged out


def response_code(client, name):
    """The argument of the last [NAME ...] response code imaplib collected."""
    _, data = client.response(name)
    return data[-1].decode() if data and data[-1] is not None else None


class ImapLoginTest(unittest.TestCase):

    def setUp(self):
        self.coffer = started(self)

    def test_imaps_login_with_the_app_password_trusting_the_coffer_ca(self):
        client = self.coffer.imaps(login=False)
        self.addCleanup(close_quietly, client)
        check_certificate_names_hostname(client.sock)
        self.assertIn("AUTH=PLAIN", client.capabilities)
        self.assertEqual(client.login(DEMO, self.coffer.app_password)[0], "OK")
        typ, data = client.capability()
        capabilities = data[0].decode().upper().split()
        for capability in ADVERTISED + ("COMPRESS=DEFLATE",):
            self.assertIn(capability, capabilities)
        self.assertTrue(any(c.startswith("APPENDLIMIT") for c in capabilities), capabilities)

    def test_starttls_then_login_with_the_app_password(self):
        client = self.coffer.imap()
        self.addCleanup(close_quietly, client)
        self.assertIn("STARTTLS", client.capabilities)
        self.assertIn("LOGINDISABLED", client.capabilities)
        self.assertNotIn("AUTH=PLAIN", client.capabilities, "no SASL PLAIN in clear text")
        self.assertEqual(client.starttls(ssl_context=self.coffer.tls_context())[0], "OK")
        check_certificate_names_hostname(client.sock)
        self.assertNotIn("LOGINDISABLED", client.capabilities)
        self.assertNotIn("STARTTLS", client.capabilities)
        self.assertEqual(client.login(DEMO, self.coffer.app_password)[0], "OK")
        self.assertEqual(ok(client.select("INBOX")), [b"0"])

    def test_login_before_starttls_is_refused(self):
        client = self.coffer.imap()
        self.addCleanup(close_quietly, client)
        with self.assertRaisesRegex(imaplib.IMAP4.error, "(?i)starttls|privacyrequired"):
            client.login(DEMO, self.coffer.app_password)
        # and the session is still usable: TLS then login works
        client.starttls(ssl_context=self.coffer.tls_context())
        self.assertEqual(client.login(DEMO, self.coffer.app_password)[0], "OK")

    def test_authenticate_plain_before_starttls_is_refused(self):
        client = self.coffer.imap()
        self.addCleanup(close_quietly, client)
        with self.assertRaises(imaplib.IMAP4.error):
            client.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (DEMO, self.coffer.app_password)).encode())

    def test_account_password_is_refused_naming_app_passwords(self):
        client = self.coffer.imaps(login=False)
        self.addCleanup(close_quietly, client)
        with self.assertRaisesRegex(imaplib.IMAP4.error, "(?i)app.password") as refused:
            client.login(DEMO, PASSWORD)
        self.assertIn("AUTHENTICATIONFAILED", str(refused.exception))

    def test_authenticate_plain_over_tls_with_the_app_password(self):
        client = self.coffer.imaps(login=False)
        self.addCleanup(close_quietly, client)
        typ, _ = client.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (DEMO, self.coffer.app_password)).encode())
        self.assertEqual(typ, "OK")


class ImapMailTest(unittest.TestCase):

    def setUp(self):
        self.coffer = started(self)

    def client(self):
        client = self.coffer.imaps()
        self.addCleanup(close_quietly, client)
        return client

    def test_list_shows_inbox_and_the_special_use_mailboxes(self):
        client = self.client()
        listed = {}
        for line in ok(client.list('""', "*")):
            match = re.fullmatch(r'\(([^)]*)\) "/" "?([^"]*)"?', line.decode())
            self.assertIsNotNone(match, line)
            listed[match.group(2)] = set(match.group(1).split())
        self.assertEqual(set(listed), {"INBOX"} | set(SPECIAL_USE))
        for name, use in SPECIAL_USE.items():
            self.assertIn(use, listed[name], name)
        # RFC 6154 §5.1 with LIST-EXTENDED: only the special-use mailboxes
        typ, data = client._simple_command("LIST", "(SPECIAL-USE)", '""', "*")
        self.assertEqual(typ, "OK", data)
        _, lines = client._untagged_response(typ, data, "LIST")
        names = {re.search(r'"?([^" ]+)"?$', line.decode()).group(1) for line in lines}
        self.assertEqual(names, set(SPECIAL_USE))

    def test_select_is_read_write_and_examine_is_read_only(self):
        self.coffer.deliver()
        self.coffer.deliver()
        client = self.client()
        self.assertEqual(ok(client.select("INBOX")), [b"2"])
        self.assertIsNotNone(response_code(client, "UIDVALIDITY"))
        self.assertIsNotNone(response_code(client, "UIDNEXT"))
        self.assertIn("READ-WRITE", client.untagged_responses)
        ok(client.unselect())

        self.assertEqual(ok(client.select("INBOX", readonly=True)), [b"2"])
        self.assertIn("READ-ONLY", client.untagged_responses)
        first = uids_of(client)[0]
        body_of(client, first)
        ok(client.uid("FETCH", str(first), "(BODY[])"))   # not PEEK, yet EXAMINE sets no \Seen
        typ, data = client.uid("STORE", str(first), "+FLAGS", "(\\Flagged)")
        self.assertNotEqual(typ, "OK", "STORE in a mailbox opened with EXAMINE: %s" % data)
        client.close()
        client.select("INBOX")
        self.assertEqual(flags_of(client, first), set())

    def test_fetch_of_smtp_delivered_mail_is_pgp_mime_without_plaintext(self):
        message_id, marker = self.coffer.deliver()
        client = self.client()
        client.select("INBOX")
        uid = uids_of(client)[0]
        data = ok(client.uid("FETCH", str(uid), "(UID RFC822.SIZE ENVELOPE BODYSTRUCTURE)"))
        response = data[0].decode()
        self.assertNotIn(marker, response)
        envelope = re.search(r'ENVELOPE \("[^"]+" "\[\.\.\.\]" \(\("Alice" NIL "alice" "example\.org"\)\)', response)
        self.assertIsNotNone(envelope, "ENVELOPE has Subject [...] and From Alice: " + response)
        self.assertIn('"%s"' % message_id, response)
        self.assertRegex(response, r'(?i)BODYSTRUCTURE \(\("APPLICATION" "PGP-ENCRYPTED".*\) "ENCRYPTED" '
                                   r'\("PROTOCOL" "application/pgp-encrypted"')
        size = int(re.search(r"RFC822\.SIZE (\d+)", response).group(1))

        raw = body_of(client, uid)
        self.assertEqual(len(raw), size, "RFC822.SIZE is the size of BODY[]")
        self.assertNotIn(marker.encode(), raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.assertEqual(message.get_content_type(), "multipart/encrypted")
        self.assertEqual(message.get_param("protocol"), "application/pgp-encrypted")
        self.assertEqual(message["Subject"], "[...]")
        self.assertEqual(message["Message-ID"], message_id)
        parts = list(message.iter_parts())
        self.assertEqual([p.get_content_type() for p in parts], ["application/pgp-encrypted", "application/octet-stream"])
        self.assertIn(b"-----BEGIN PGP MESSAGE-----", raw)
        self.assertEqual(flags_of(client, uid), set(), "BODY.PEEK[] leaves \\Seen alone")
        # the owner, with the password, reads the plaintext: the marker was really there
        self.assertIn(marker.encode(), self.coffer.export_eml()[0])

    def test_fetch_body_sets_seen(self):
        self.coffer.deliver()
        client = self.client()
        client.select("INBOX")
        uid = uids_of(client)[0]
        ok(client.uid("FETCH", str(uid), "(BODY[])"))
        self.assertEqual(flags_of(client, uid), {"\\Seen"})

    def test_store_and_search_by_flags(self):
        for _ in range(3):
            self.coffer.deliver()
        client = self.client()
        client.select("INBOX")
        one, two, three = uids_of(client)
        ok(client.uid("STORE", str(two), "+FLAGS", "(\\Flagged)"))
        ok(client.uid("STORE", "%d,%d" % (one, three), "+FLAGS.SILENT", "(\\Seen)"))
        ok(client.uid("STORE", str(three), "+FLAGS", "(\\Answered $Important)"))
        self.assertEqual(uids_of(client, "FLAGGED"), [two])
        self.assertEqual(uids_of(client, "UNFLAGGED"), [one, three])
        self.assertEqual(uids_of(client, "SEEN"), [one, three])
        self.assertEqual(uids_of(client, "UNSEEN"), [two])
        self.assertEqual(uids_of(client, "ANSWERED"), [three])
        self.assertEqual(uids_of(client, "KEYWORD $Important"), [three])
        self.assertEqual(uids_of(client, "OR FLAGGED ANSWERED"), [two, three])
        self.assertEqual(uids_of(client, "NOT SEEN"), [two])
        ok(client.uid("STORE", str(three), "-FLAGS", "(\\Seen)"))
        self.assertEqual(flags_of(client, three), {"\\Answered", "$Important"})
        self.assertEqual(ok(client.search(None, "UNSEEN")), [b"2 3"], "SEARCH answers sequence numbers")

        other = self.client()                        # flags are stored, not per session
        other.select("INBOX")
        self.assertEqual(flags_of(other, one), {"\\Seen"})
        self.assertEqual(flags_of(other, two), {"\\Flagged"})
        self.assertEqual(uids_of(other, "KEYWORD $Important"), [three])

    def test_append_of_plaintext_is_stored_only_as_pgp_mime(self):
        marker = "appended" + uuid.uuid4().hex
        message_id = "<%s@client.example.org>" % uuid.uuid4()
        plaintext = ("From: Demo <%s>\r\nTo: bob@example.org\r\nSubject: Draft %s\r\nMessage-ID: %s\r\n"
                     "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\nThe secret word is %s.\r\n"
                     % (DEMO, marker, message_id, marker)).encode()
        client = self.client()
        typ, data = client.append("Drafts", "(\\Draft \\Seen)", None, plaintext)
        self.assertEqual(typ, "OK", data)
        appenduid = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
        self.assertIsNotNone(appenduid, "UIDPLUS: APPENDUID in %r" % data)

        self.assertEqual(self.coffer.files_containing(marker), [], "the marker is nowhere on disk")
        self.assertNotIn(marker, self.coffer.log())

        client.select("Drafts")
        uid = int(appenduid.group(2))
        self.assertEqual(uids_of(client), [uid])
        self.assertEqual(flags_of(client, uid), {"\\Draft", "\\Seen"})
        stored = body_of(client, uid)
        self.assertNotIn(marker.encode(), stored)
        message = email.message_from_bytes(stored, policy=email.policy.default)
        self.assertEqual(message.get_content_type(), "multipart/encrypted")
        self.assertEqual(message["Message-ID"], message_id)
        self.assertIn(b"-----BEGIN PGP MESSAGE-----", stored)
        # decrypted by the owner it is what was uploaded
        exported = self.coffer.export_eml(mailbox="Drafts")
        self.assertEqual(message_ids(exported), [message_id])
        self.assertIn(b"The secret word is %s." % marker.encode(), exported[0])

    def test_copy_and_move_report_copyuid(self):
        first_id, _ = self.coffer.deliver()
        second_id, _ = self.coffer.deliver()
        client = self.client()
        client.select("INBOX")
        first, second = uids_of(client)
        validity = int(response_code(client, "UIDVALIDITY"))

        typ, data = client.uid("COPY", str(first), "Archive")
        self.assertEqual(typ, "OK", data)
        copied = response_code(client, "COPYUID")
        self.assertIsNotNone(copied, "UIDPLUS: COPYUID in the tagged OK of COPY")
        copyuid = re.fullmatch(r"(\d+) (\S+) (\S+)", copied)
        self.assertIsNotNone(copyuid, copied)
        self.assertEqual(uid_set(copyuid.group(2)), {first})
        self.assertNotEqual(int(copyuid.group(1)), 0)
        self.assertEqual(uids_of(client), [first, second], "COPY leaves the source")

        typ, data = client.uid("MOVE", str(second), "Trash")
        self.assertEqual(typ, "OK", data)
        moved = response_code(client, "COPYUID")
        self.assertIsNotNone(moved, "RFC 6851: COPYUID in the untagged OK of MOVE")
        source, target = moved.split()[1:3]
        self.assertEqual(uid_set(source), {second})
        _, expunged = client.response("EXPUNGE")
        self.assertEqual(expunged, [b"2"], "MOVE expunges the source message")
        self.assertEqual(uids_of(client), [first])
        self.assertEqual(int(response_code(client, "UIDVALIDITY") or validity), validity)

        client.select("Archive")
        self.assertEqual(message_ids([body_of(client, u) for u in uids_of(client)]), [first_id])
        self.assertEqual(uids_of(client), sorted(uid_set(copyuid.group(3))))
        client.select("Trash")
        self.assertEqual(uids_of(client), sorted(uid_set(target)))
        self.assertEqual(message_ids([body_of(client, u) for u in uids_of(client)]), [second_id])

    def test_uid_expunge_removes_only_the_given_uids(self):
        for _ in range(3):
            self.coffer.deliver()
        client = self.client()
        client.select("INBOX")
        one, two, three = uids_of(client)
        ok(client.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)"))
        typ, data = client.uid("EXPUNGE", str(two))
        self.assertEqual(typ, "OK", data)
        self.assertEqual(uids_of(client), [one, three])
        self.assertEqual(flags_of(client, one), {"\\Deleted"})
        ok(client.expunge())
        self.assertEqual(uids_of(client), [])

    def test_idle_sees_a_message_delivered_over_smtp_within_seconds(self):
        raw = self.coffer.raw_imap()
        self.addCleanup(raw.close)
        untagged = raw.expect_ok("SELECT INBOX")
        self.assertIn("* 0 EXISTS", untagged)
        tag = raw.next_tag()
        raw.send(tag + " IDLE\r\n")
        self.assertTrue(raw.readline().startswith("+"), "IDLE continuation")
        sent = time.monotonic()
        self.coffer.deliver()
        deadline = sent + 5
        seen = []
        while "* 1 EXISTS" not in seen:
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("no EXISTS within 5 s of the SMTP delivery; saw %s" % seen)
            raw.sock.settimeout(left)
            try:
                seen.append(raw.readline())
            except (socket.timeout, TimeoutError):
                self.fail("no EXISTS within 5 s of the SMTP delivery; saw %s" % seen)
        raw.sock.settimeout(WAIT)
        raw.send("DONE\r\n")
        _, tagged = raw.read_until_tagged(tag)
        self.assertRegex(tagged, r"^%s OK" % tag)

    def test_qresync_select_reports_uids_expunged_by_another_session_as_vanished_earlier(self):
        for _ in range(5):
            self.coffer.deliver()
        before = self.coffer.raw_imap()
        self.addCleanup(before.close)
        before.expect_ok("ENABLE QRESYNC")
        untagged = before.expect_ok("SELECT INBOX")
        validity = int(re.search(r"\[UIDVALIDITY (\d+)\]", "\n".join(untagged)).group(1))
        modseq = int(re.search(r"\[HIGHESTMODSEQ (\d+)\]", "\n".join(untagged)).group(1))
        uids = [int(u) for u in re.findall(r"\d+", [l for l in before.expect_ok("UID SEARCH ALL")
                                                    if l.startswith("* SEARCH")][0])]
        before.expect_ok("LOGOUT")

        other = self.client()
        other.select("INBOX")
        gone = {uids[1], uids[3]}
        ok(other.uid("STORE", "%d,%d" % tuple(sorted(gone)), "+FLAGS.SILENT", "(\\Deleted)"))
        ok(other.expunge())
        ok(other.uid("STORE", str(uids[0]), "+FLAGS.SILENT", "(\\Flagged)"))
        other.logout()

        after = self.coffer.raw_imap()
        self.addCleanup(after.close)
        after.expect_ok("ENABLE QRESYNC")
        untagged = after.expect_ok("SELECT INBOX (QRESYNC (%d %d))" % (validity, modseq))
        vanished = [l for l in untagged if l.startswith("* VANISHED")]
        self.assertEqual(len(vanished), 1, untagged)
        match = re.fullmatch(r"\* VANISHED \(EARLIER\) (\S+)", vanished[0])
        self.assertIsNotNone(match, vanished)
        self.assertEqual(uid_set(match.group(1)), gone)
        changed = [l for l in untagged if re.match(r"\* \d+ FETCH", l)]
        self.assertEqual(len(changed), 1, "only the flag change since MODSEQ %d: %s" % (modseq, untagged))
        self.assertRegex(changed[0], r"UID %d\b" % uids[0])
        self.assertIn("\\Flagged", changed[0])
        self.assertRegex(changed[0], r"MODSEQ \((\d+)\)")
        self.assertGreater(int(re.search(r"MODSEQ \((\d+)\)", changed[0]).group(1)), modseq)
        self.assertIn("* 3 EXISTS", untagged)

        # CONDSTORE: FETCH ... (CHANGEDSINCE) names only what changed
        fetched = after.expect_ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE %d)" % modseq)
        self.assertEqual([l for l in fetched if "FETCH" in l], changed)

    def test_getquotaroot_inbox_without_a_quota_names_no_root(self):
        client = self.client()
        typ, data = client.getquotaroot("INBOX")
        self.assertEqual(typ, "OK", data)
        self.assertEqual(data[0], [b'"INBOX"'], "RFC 9208: QUOTAROOT INBOX with no root when there is no limit")
        typ, data = client._simple_command("GETQUOTA", '""')
        self.assertEqual(typ, "NO", data)

    def test_getquotaroot_inbox_reports_storage_used_against_the_account_limit(self):
        self.coffer.stop()
        import sqlite3
        connection = sqlite3.connect(str(self.coffer.data / "coffer.db"))
        with connection:
            connection.execute("UPDATE accounts SET quota_octets = ? WHERE address = ?", (10 * 1024 * 1024, DEMO))
        connection.close()
        self.coffer.start()
        self.coffer.deliver()
        self.coffer.deliver()
        client = self.client()
        typ, data = client.getquotaroot("INBOX")
        self.assertEqual(typ, "OK", data)
        self.assertEqual(data[0], [b'"INBOX" ""'])
        storage = re.fullmatch(rb'"" \(STORAGE (\d+) (\d+)\)', data[1][0])
        self.assertIsNotNone(storage, data)
        used = sum(size for (size,) in self.coffer.query("SELECT size FROM messages"))
        self.assertEqual(int(storage.group(1)), (used + 1023) // 1024)
        self.assertEqual(int(storage.group(2)), 10 * 1024)


class ImapHostileInputTest(unittest.TestCase):
    """Each abuse gets an answer (a tagged BAD/NO, or BYE for a flood) and afterwards the
    server still serves a well-behaved client."""

    def setUp(self):
        self.coffer = started(self)
        self.coffer.deliver()

    def assertServerStillServes(self):
        client = self.coffer.imaps()
        try:
            self.assertEqual(ok(client.select("INBOX")), [b"1"])
            ok(client.fetch("1", "(FLAGS ENVELOPE)"))
        finally:
            client.logout()

    def session(self):
        raw = self.coffer.raw_imap()
        self.addCleanup(raw.close)
        raw.expect_ok("SELECT INBOX")
        return raw

    def test_oversized_synchronizing_literals_are_refused_without_continuation(self):
        raw = self.session()
        tag = raw.next_tag()
        raw.send("%s APPEND INBOX {60000000}\r\n" % tag)
        self.assertRegex(raw.readline(), r"^%s NO \[TOOBIG\]" % tag, "APPEND over APPENDLIMIT")
        tag = raw.next_tag()
        raw.send("%s SEARCH TEXT {100000}\r\n" % tag)
        self.assertRegex(raw.readline(), r"^%s BAD " % tag, "a literal over the line limit outside APPEND")
        raw.expect_ok("NOOP")
        self.assertServerStillServes()

    def test_oversized_non_synchronizing_literal_is_read_away_and_refused(self):
        raw = self.session()
        tag = raw.next_tag()
        raw.send("%s SEARCH TEXT {200000+}\r\n%s\r\n" % (tag, "x" * 200000))
        _, tagged = raw.read_until_tagged(tag)
        self.assertRegex(tagged, r"^%s BAD " % tag)
        raw.expect_ok("NOOP")
        self.assertServerStillServes()

    def test_a_ten_megabyte_line_is_answered_and_the_server_keeps_serving(self):
        # Repeated: the answer must reach the client every time, not only when the
        # close happens to win the race against the rest of the flood (RFC 9051 §7.1.5).
        for attempt in range(20):
            with self.subTest(attempt=attempt):
                self.assertTenMegabyteLineIsAnswered()
        self.assertServerStillServes()

    def assertTenMegabyteLineIsAnswered(self):
        raw = self.session()
        tag = raw.next_tag()
        line = ("%s NOOP " % tag).encode() + b"x" * (10 * 1024 * 1024) + b"\r\n"
        # Sent whole before reading: one SSL connection must not be written and read from two
        # threads at once (OpenSSL objects are not thread-safe). The server answers after about
        # 1 MB and must keep reading the rest away, or closing would reset the connection and
        # destroy its answer.
        try:
            raw.sock.sendall(line)
        except OSError as error:
            self.fail("the server stopped reading before the client could send the line (%r)" % error)
        try:
            answer = raw.readline()
        except (ConnectionError, OSError) as error:
            self.fail("the connection ended without an answer to a 10 MB line (%r)" % error)
        self.assertRegex(answer, r"^(\* BYE|%s BAD) " % tag)
        if answer.startswith("* BYE"):
            with self.assertRaises((ConnectionError, OSError)):
                while True:
                    raw.readline()
        raw.close()

    def test_unbalanced_parentheses_are_bad(self):
        raw = self.session()
        for command in ("FETCH 1 (FLAGS UID", "FETCH 1 FLAGS)", "SEARCH (OR SEEN UNSEEN", "STORE 1 +FLAGS (\\Seen",
                        "FETCH 1 (BODY[HEADER.FIELDS (SUBJECT)])))"):
            with self.subTest(command=command):
                _, tagged = raw.command(command)
                self.assertRegex(tagged, r"^r\d+ BAD ")
        raw.expect_ok("NOOP")
        self.assertServerStillServes()

    def test_invalid_sequence_sets_are_bad(self):
        raw = self.session()
        for command in ("FETCH 0 FLAGS", "FETCH 1:x FLAGS", "FETCH 4294967296 FLAGS", "FETCH , FLAGS",
                        "UID FETCH -1 FLAGS", "STORE 1::2 +FLAGS (\\Seen)", "COPY 1,,2 Archive"):
            with self.subTest(command=command):
                _, tagged = raw.command(command)
                self.assertRegex(tagged, r"^r\d+ BAD ")
        raw.expect_ok("NOOP")
        self.assertServerStillServes()

    def test_five_thousand_pipelined_noops_are_each_answered_in_order(self):
        raw = self.session()
        count = 5000
        batch = "".join("p%d NOOP\r\n" % i for i in range(count)).encode()
        # Sent whole before reading: one SSL connection must not be written and read from two
        # threads at once. The 60 KB of commands and the answers they raise fit in the socket
        # buffers, so neither side waits for the other.
        raw.sock.sendall(batch)
        answered = []
        raw.sock.settimeout(60)
        while len(answered) < count:
            line = raw.readline()
            if line.startswith("p"):
                answered.append(line)
        self.assertEqual([a.split(" ", 2)[:2] for a in answered], [["p%d" % i, "OK"] for i in range(count)])
        raw.expect_ok("NOOP")
        self.assertServerStillServes()


if __name__ == "__main__":
    unittest.main()

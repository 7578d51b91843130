"""Real mail clients against a real Coffer: mbsync (isync) syncs the account both ways
into a Maildir, neomutt lists and opens (and, with the exported key, decrypts) mail over
IMAPS, fetchmail pulls over POP3S with and without --keep, and openssl s_client gets
TLS 1.2/1.3 on every STARTTLS and implicit-TLS listener while TLS 1.0/1.1 are refused.

Every client here is required: a missing one fails the test with the Debian package to
install. Each runs with its own HOME, bounded by a timeout.
"""

import email
import email.policy
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import uuid
from pathlib import Path

from coffer_fixture import DEMO, HOSTNAME, PASSWORD
from mail_access import environment_without_home, require_tool, run_tool, started, wait_until

GPG_PASSPHRASE = "interop-neomutt-passphrase"


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def crlf(raw):
    return re.sub(rb"\r?\n", b"\r\n", raw)


def imap_state(coffer):
    """Everything an IMAP client can see change: per mailbox, UIDVALIDITY, UIDNEXT,
    HIGHESTMODSEQ and each UID's flags."""
    client = coffer.imaps()
    try:
        state = {}
        for line in client.list('""', "*")[1]:
            name = re.search(r'"?([^" ]+)"?$', line.decode()).group(1)
            typ, status = client.status(name, "(MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)")
            assert typ == "OK", status
            client.select(name, readonly=True)
            typ, flags = client.uid("FETCH", "1:*", "(FLAGS)")
            state[name] = (status[0].decode(), sorted(f.decode() for f in flags if f))
            client.close()
        return state
    finally:
        client.logout()


def imap_messages(coffer, mailbox="INBOX"):
    """{uid: (flags, BODY[] bytes)} of MAILBOX, read without setting \\Seen."""
    client = coffer.imaps()
    try:
        typ, data = client.select(mailbox, readonly=True)
        assert typ == "OK", data
        typ, uids = client.uid("SEARCH", None, "ALL")
        found = {}
        for uid in uids[0].split():
            typ, data = client.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
            flags = set(re.search(rb"FLAGS \(([^)]*)\)", data[0][0]).group(1).decode().split())
            found[int(uid)] = (flags, data[0][1])
        return found
    finally:
        client.logout()


class MbsyncTest(unittest.TestCase):

    def setUp(self):
        require_tool("mbsync", "isync")
        self.coffer = started(self)
        self.delivered = [self.coffer.deliver() for _ in range(3)]
        self.work = Path(tempfile.mkdtemp(prefix="mbsync-"))
        self.addCleanup(shutil.rmtree, self.work, True)
        self.maildir = self.work / "Mail"
        self.maildir.mkdir()
        (self.work / "home").mkdir()
        # isync 1.4 checks the host name against DNS names only, never an IP address
        # SAN, so it cannot verify "127.0.0.1" against a CA. A certificate listed in
        # CertificateFile is trusted as is: list the CA and the server's own certificate.
        certificates = self.work / "certificates.pem"
        certificates.write_bytes((self.coffer.data / "ca.pem").read_bytes()
                                 + (self.coffer.data / "tls" / "cert.pem").read_bytes())
        version = re.search(r"(\d+)\.(\d+)", run_tool(["mbsync", "--version"]).stdout)
        tls_type = "TLSType" if (int(version.group(1)), int(version.group(2))) >= (1, 5) else "SSLType"
        self.config = self.work / "mbsyncrc"
        self.config.write_text(
            "IMAPAccount coffer\nHost 127.0.0.1\nPort %d\nUser %s\nPass %s\n%s IMAPS\nCertificateFile %s\n\n"
            "IMAPStore coffer-remote\nAccount coffer\n\n"
            "MaildirStore coffer-local\nPath %s/\nInbox %s/INBOX\nSubFolders Verbatim\n\n"
            "Channel coffer\nFar :coffer-remote:\nNear :coffer-local:\nPatterns *\nCreate Both\nExpunge Both\n"
            "SyncState *\n"
            % (self.coffer.ports["imaps"], DEMO, self.coffer.app_password, tls_type, certificates,
               self.maildir, self.maildir))
        self.config.chmod(0o600)

    def mbsync(self):
        result = run_tool(["mbsync", "-c", str(self.config), "-a"], env=environment_without_home(self.work / "home"))
        self.assertEqual(result.returncode, 0, "mbsync failed:\nstdout: %s\nstderr: %s" % (result.stdout, result.stderr))
        self.assertNotRegex(result.stderr, r"(?i)error", result.stderr)
        return result

    def local_messages(self, box="INBOX"):
        return sorted(p for sub in ("cur", "new") for p in (self.maildir / box / sub).iterdir())

    def local_state(self):
        """Every file of the Maildir except mbsync's own sync state, with its content."""
        return {str(p.relative_to(self.maildir)): p.read_bytes() for p in self.maildir.rglob("*")
                if p.is_file() and p.name != ".mbsyncstate" and not p.name.endswith(".lock")}

    def test_sync_brings_every_mailbox_and_the_delivered_messages_into_the_maildir(self):
        self.mbsync()
        for box in ("INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash"):
            self.assertTrue((self.maildir / box / "cur").is_dir(), "Maildir folder %s" % box)
        files = self.local_messages()
        self.assertEqual(len(files), 3, files)
        local = {parse(f.read_bytes())["Message-ID"]: f.read_bytes() for f in files}
        self.assertEqual(set(local), {message_id for message_id, _ in self.delivered})
        on_server = {parse(raw)["Message-ID"]: raw for _, raw in imap_messages(self.coffer).values()}
        for message_id, marker in self.delivered:
            self.assertNotIn(marker.encode(), local[message_id], "the Maildir copy is the ciphertext")
            self.assertEqual(parse(local[message_id]).get_content_type(), "multipart/encrypted")
            # mbsync adds its own X-TUID: header to the local copy; the rest is the server's octets
            without_tuid = re.sub(rb"(?m)^X-TUID: [^\r\n]*\r?\n", b"", local[message_id])
            self.assertEqual(crlf(without_tuid), crlf(on_server[message_id]))

    def test_a_second_sync_changes_nothing_on_either_side(self):
        self.mbsync()
        server_before, local_before = imap_state(self.coffer), self.local_state()
        self.mbsync()
        self.assertEqual(imap_state(self.coffer), server_before)
        self.assertEqual(self.local_state(), local_before)

    def test_flags_set_in_the_maildir_reach_the_server(self):
        self.mbsync()
        path = self.local_messages()[0]
        uid = int(re.search(r",U=(\d+)", path.name).group(1))
        flagged = path.parent.parent / "cur" / (path.name.split(":2,")[0] + ":2,FS")
        path.rename(flagged)
        self.mbsync()
        self.assertEqual(imap_messages(self.coffer)[uid][0], {"\\Flagged", "\\Seen"})
        others = [flags for other, (flags, _) in imap_messages(self.coffer).items() if other != uid]
        self.assertEqual(others, [set(), set()])

    def test_a_message_put_into_the_maildir_is_uploaded_and_stored_encrypted(self):
        self.mbsync()
        marker = "maildir" + uuid.uuid4().hex
        message_id = "<%s@client.example.org>" % uuid.uuid4()
        (self.maildir / "INBOX" / "new" / ("1700000000.%s.client" % uuid.uuid4().hex)).write_bytes(
            ("From: Demo <%s>\nTo: bob@example.org\nSubject: Local %s\nDate: Sat, 28 Nov 2026 10:00:00 +0000\n"
             "Message-ID: %s\n\nWritten locally: %s\n" % (DEMO, marker, message_id, marker)).encode())
        self.mbsync()
        stored = [raw for _, raw in imap_messages(self.coffer).values() if parse(raw)["Message-ID"] == message_id]
        self.assertEqual(len(stored), 1, "the local message is in the server's INBOX once")
        self.assertEqual(parse(stored[0]).get_content_type(), "multipart/encrypted")
        self.assertNotIn(marker.encode(), stored[0])
        self.assertEqual(self.coffer.files_containing(marker), [], "the marker is nowhere in the data directory")
        exported = [m for m in self.coffer.export_eml() if parse(m)["Message-ID"] == message_id]
        self.assertEqual(len(exported), 1)
        self.assertIn(("Written locally: %s" % marker).encode(), exported[0])
        self.assertEqual(len(self.local_messages()), 4)


class NeomuttTest(unittest.TestCase):
    """neomutt in a tmux pane: the index over IMAPS, then one message opened and, with the
    secret key exported by `coffer key export --secret`, decrypted by GnuPG."""

    def setUp(self):
        require_tool("neomutt", "neomutt")
        require_tool("tmux", "tmux")
        require_tool("gpg", "gnupg")
        self.coffer = started(self)
        self.delivered = [self.coffer.deliver() for _ in range(2)]
        self.work = Path(tempfile.mkdtemp(prefix="neomutt-", dir="/tmp"))
        self.addCleanup(shutil.rmtree, self.work, True)
        self.home = self.work / "home"
        self.home.mkdir()
        self.gnupg = self.work / "gpg"
        self.gnupg.mkdir(mode=0o700)
        self.env = dict(environment_without_home(self.home), GNUPGHOME=str(self.gnupg), TERM="xterm-256color")
        self.addCleanup(subprocess.run, ["gpgconf", "--kill", "gpg-agent"], env=self.env, timeout=30)
        key = self.coffer.cli_ok("key", "export", "--user", DEMO, "--secret", passwords=[PASSWORD, GPG_PASSPHRASE])
        result = run_tool(["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", GPG_PASSPHRASE,
                           "--import"], input=key, env=self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        gpg = ("gpg --status-fd=2 --batch --quiet --no-tty --pinentry-mode loopback --passphrase %s --output - "
               % GPG_PASSPHRASE)
        self.muttrc = self.work / "muttrc"
        self.muttrc.write_text("\n".join([
            'set folder="imaps://%s@127.0.0.1:%d/"' % (DEMO.replace("@", "%40"), self.coffer.ports["imaps"]),
            'set imap_user="%s"' % DEMO,
            'set imap_pass="%s"' % self.coffer.app_password,
            'set ssl_ca_certificates_file="%s"' % (self.coffer.data / "ca.pem"),
            'set certificate_file="%s"' % (self.work / "accepted-certificates"),
            "set ssl_force_tls=yes",
            'set spoolfile="+INBOX"',
            "unset imap_passive",
            'set header_cache=""',
            'set message_cachedir=""',
            "set sort=date",
            "set wait_key=no",
            "set timeout=5",
            "unset crypt_use_gpgme",
            "set pgp_use_gpg_agent=yes",
            "set pgp_check_gpg_decrypt_status_fd=yes",
            'set pgp_decrypt_command="%s--decrypt %%f"' % gpg,
            'set pgp_decode_command="%s%%f"' % gpg,
        ]) + "\n")
        self.muttrc.chmod(0o600)
        self.tmux = ["tmux", "-L", "coffer-" + uuid.uuid4().hex[:12], "-f", "/dev/null"]
        self.addCleanup(subprocess.run, self.tmux + ["kill-server"], capture_output=True, timeout=30)

    def screen(self):
        return run_tool(self.tmux + ["capture-pane", "-p", "-t", "neomutt"], timeout=30).stdout

    def wait_for_screen(self, pattern, what):
        regex = re.compile(pattern)
        last = []

        def shown():
            last[:] = [self.screen()]
            return regex.search(last[0])
        try:
            return wait_until(shown, what, timeout=30, interval=0.2)
        except AssertionError as error:
            raise AssertionError("%s\nthe screen:\n%s" % (error, last[0] if last else "")) from None

    def test_neomutt_lists_the_inbox_and_opens_and_decrypts_a_message(self):
        command = "neomutt -n -F %s" % self.muttrc
        result = run_tool(self.tmux + ["new-session", "-d", "-s", "neomutt", "-x", "200", "-y", "50", command],
                          env=self.env, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.wait_for_screen(r"(?m)^\s+2 .*Alice .*\[\.\.\.\]", "the index shows both messages")
        index = self.screen()
        self.assertEqual(len(re.findall(r"(?m)^\s+\d+ .*Alice\s+\(.*\) \[\.\.\.\]\s*$", index)), 2, index)
        for _, marker in self.delivered:
            self.assertNotIn(marker, index, "the index shows only the outer [...] subject")

        run_tool(self.tmux + ["send-keys", "-t", "neomutt", "Enter"], timeout=30)
        opened = self.wait_for_screen(r"Body (marker[0-9a-f]{32})", "the opened message shows its decrypted body")
        self.assertIn(opened.group(1), [marker for _, marker in self.delivered])
        self.assertIn("Subject: [...]", self.screen(), "the outer header is shown too")
        # neomutt reads with BODY.PEEK[] and stores \Seen when it syncs the mailbox ($)
        run_tool(self.tmux + ["send-keys", "-t", "neomutt", "q"], timeout=30)
        self.wait_for_screen(r"(?m)^\s+2 .*Alice", "back in the index")
        run_tool(self.tmux + ["send-keys", "-t", "neomutt", "$"], timeout=30)
        wait_until(lambda: sum("\\Seen" in flags for flags, _ in imap_messages(self.coffer).values()) == 1,
                   "one message is \\Seen on the server after neomutt opened it")


class FetchmailTest(unittest.TestCase):

    def setUp(self):
        require_tool("fetchmail", "fetchmail")
        self.coffer = started(self)
        self.delivered = [self.coffer.deliver() for _ in range(2)]
        self.work = Path(tempfile.mkdtemp(prefix="fetchmail-"))
        self.addCleanup(shutil.rmtree, self.work, True)
        (self.work / "home").mkdir()
        self.mbox = self.work / "fetched.mbox"

    def fetchmail(self, keep):
        rc = self.work / "fetchmailrc"
        # fetchmail matches the certificate's DNS names, not its IP address SAN, against
        # the poll name: sslcommonname names the host the certificate is for.
        rc.write_text(
            "set no syslog\n"
            "poll 127.0.0.1 service %d protocol pop3 timeout 30\n"
            '  user "%s" password "%s"\n'
            '  ssl sslcertfile "%s" sslcertck sslcommonname "%s"\n'
            "  %s\n"
            "  mda \"cat >> %s\"\n"
            % (self.coffer.ports["pop3s"], DEMO, self.coffer.app_password, self.coffer.data / "ca.pem", HOSTNAME,
               "keep" if keep else "nokeep", self.mbox))
        rc.chmod(0o600)
        return run_tool(["fetchmail", "-f", str(rc), "--nodetach", "--nosyslog", "-N"],
                        env=environment_without_home(self.work / "home"))

    def fetched(self):
        if not self.mbox.exists():
            return []
        text = self.mbox.read_bytes()
        return [parse(part) for part in re.split(rb"(?m)^(?=Received: from 127\.0\.0\.1 )", text) if part.strip()]

    def assertFetchedAll(self, result):
        self.assertEqual(result.returncode, 0, "fetchmail exit %d:\n%s\n%s"
                         % (result.returncode, result.stdout, result.stderr))
        messages = self.fetched()
        self.assertEqual(sorted(m["Message-ID"] for m in messages), sorted(i for i, _ in self.delivered))
        raw = self.mbox.read_bytes()
        for message_id, marker in self.delivered:
            self.assertNotIn(marker.encode(), raw, "what POP3 hands out is the ciphertext")
        for message in messages:
            self.assertEqual(message.get_content_type(), "multipart/encrypted")

    def test_fetchmail_keep_leaves_the_messages_and_fetches_them_once(self):
        self.assertFetchedAll(self.fetchmail(keep=True))
        self.assertEqual(len(imap_messages(self.coffer)), 2, "--keep leaves the messages on the server")
        again = self.fetchmail(keep=True)
        self.assertEqual(again.returncode, 1, "exit 1: no new mail\n%s\n%s" % (again.stdout, again.stderr))
        self.assertEqual(len(self.fetched()), 2, "nothing fetched twice")

    def test_fetchmail_without_keep_deletes_what_it_fetched(self):
        self.assertFetchedAll(self.fetchmail(keep=False))
        self.assertEqual(imap_messages(self.coffer), {}, "the INBOX is empty after fetchmail deleted them")
        again = self.fetchmail(keep=False)
        self.assertEqual(again.returncode, 1, "exit 1: no mail\n%s\n%s" % (again.stdout, again.stderr))
        self.assertEqual(len(self.fetched()), 2)


class OpensslTlsVersionTest(unittest.TestCase):
    """TLS 1.3 and 1.2 only (RFC 8996), on STARTTLS and implicit-TLS listeners alike."""

    # (listener, the -starttls protocol or None for implicit TLS)
    LISTENERS = (("imap", "imap"), ("pop3", "pop3"), ("smtp", "smtp"), ("imaps", None), ("pop3s", None))

    def setUp(self):
        require_tool("openssl", "openssl")
        self.coffer = started(self)

    def s_client(self, listener, starttls, *options):
        port = self.coffer.port if listener == "smtp" else self.coffer.ports[listener]
        command = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-CAfile",
                   str(self.coffer.data / "ca.pem"), "-verify_return_error", "-verify_ip", "127.0.0.1",
                   # let the client offer old versions, so that refusing them is the server's doing
                   "-cipher", "DEFAULT:@SECLEVEL=0", *options]
        if starttls:
            command += ["-starttls", starttls]
        result = run_tool(command, input="", timeout=30)
        return result, result.stdout + result.stderr

    def test_tls_1_2_and_1_3_are_negotiated_with_a_verified_certificate(self):
        for listener, starttls in self.LISTENERS:
            for option, version in (("-tls1_3", "TLSv1.3"), ("-tls1_2", "TLSv1.2")):
                with self.subTest(listener=listener, version=version):
                    result, output = self.s_client(listener, starttls, option)
                    self.assertRegex(output, r"New, %s, Cipher is (?!\(NONE\))" % re.escape(version), output)
                    self.assertIn("Verify return code: 0 (ok)", output)

    def test_tls_1_1_and_1_0_are_refused_with_a_protocol_version_alert(self):
        for listener, starttls in self.LISTENERS:
            for option in ("-tls1_1", "-tls1"):
                with self.subTest(listener=listener, version=option):
                    result, output = self.s_client(listener, starttls, option)
                    self.assertNotEqual(result.returncode, 0, output)
                    self.assertIn("Cipher is (NONE)", output)
                    self.assertRegex(output, r"alert protocol version", "the server says no, not the client")


if __name__ == "__main__":
    unittest.main()

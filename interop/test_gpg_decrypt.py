"""Stored mail is standard OpenPGP: the owner exports the secret key with the CLI, imports
it into GnuPG, and GnuPG alone decrypts a blob from the data directory."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
import uuid

from coffer_fixture import DEMO, PASSWORD, Coffer, new_message_id, send, simple_message

PASSPHRASE = "gpg-export-passphrase"
ARMORED_MESSAGE = re.compile(rb"-----BEGIN PGP MESSAGE-----\r?\n.*?-----END PGP MESSAGE-----", re.DOTALL)


class GnuPG:
    """gpg with its own short-lived home (short path under /tmp: the agent socket lives there)."""

    def __init__(self, test):
        self.home = tempfile.mkdtemp(prefix="gpg", dir="/tmp")
        os.chmod(self.home, 0o700)
        test.addCleanup(shutil.rmtree, self.home, True)
        test.addCleanup(subprocess.run, ["gpgconf", "--kill", "gpg-agent"], env=self.env(), timeout=30)

    def env(self):
        return dict(os.environ, GNUPGHOME=self.home)

    def run(self, *args, input=None):
        command = ["gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, *args]
        result = subprocess.run(command, input=input, capture_output=True, env=self.env(), timeout=60)
        if result.returncode != 0:
            raise AssertionError("%s failed (exit %d): %s" % (" ".join(command), result.returncode,
                                                              result.stderr.decode("utf-8", "replace")))
        return result.stdout


class GpgDecryptTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer.started(self)
        self.gpg = GnuPG(self)
        self.body_marker = "MARKER-body-%s" % uuid.uuid4().hex
        self.message_id = new_message_id()
        message = simple_message(self.message_id, body="The secret is %s." % self.body_marker)
        self.assertEqual(send(self.coffer, "alice@example.org", [DEMO], message), {})

    def export_secret_key(self):
        key = self.coffer.cli_ok("key", "export", "--user", DEMO, "--secret", passwords=[PASSWORD, PASSPHRASE])
        self.assertIn("-----BEGIN PGP PRIVATE KEY BLOCK-----", key)
        return key.encode("ascii")

    def stored_blob(self):
        rows = self.coffer.query("SELECT blob_id FROM messages WHERE message_id LIKE ?", "%" + self.message_id + "%")
        self.assertEqual(len(rows), 1, "one stored row for %s" % self.message_id)
        return self.coffer.blob_path(rows[0][0]).read_bytes()

    def test_exported_secret_key_imports_into_gpg_with_the_account_fingerprint(self):
        self.gpg.run("--import", input=self.export_secret_key())
        listing = self.gpg.run("--with-colons", "--list-secret-keys").decode()
        fingerprints = re.findall(r"^fpr:+([0-9A-F]{40}):", listing, re.MULTILINE)
        users = self.coffer.cli_ok("user", "list")
        self.assertTrue(fingerprints and fingerprints[0] in users,
                        "gpg's primary key %s should be the one 'coffer user list' shows:\n%s" % (fingerprints, users))

    def test_gpg_decrypts_a_stored_blob_to_the_original_body(self):
        self.gpg.run("--import", input=self.export_secret_key())
        armored = ARMORED_MESSAGE.search(self.stored_blob())
        self.assertIsNotNone(armored, "the blob holds an armored OpenPGP message")
        self.assertNotIn(self.body_marker.encode(), armored.group(0))
        cleartext = self.gpg.run("--decrypt", input=armored.group(0))
        self.assertIn(self.body_marker.encode(), cleartext)


if __name__ == "__main__":
    unittest.main()

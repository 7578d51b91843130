"""The command line as an administrator meets it: configuration mistakes stop the server
with the key named, account commands say what went wrong, app passwords have a life
cycle, and the README's first command gives a working demo."""

import json
import shutil
import smtplib
import socket
import ssl
import tempfile
import unittest
from pathlib import Path

from coffer_fixture import (APP_PASSWORD_NAME, DEMO, LISTENERS, Coffer, ServerProcess, message_ids,
                            new_message_id, run_cli, set_config, simple_message)

DEMO_SMTP_PORT = 2525


class ConfigTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer()
        self.addCleanup(self.coffer.remove)

    def assertServeRefuses(self, key):
        server = ServerProcess("serve", "--data", str(self.coffer.data))
        self.addCleanup(server.stop)
        exit_code = server.wait_for_exit(60)
        self.assertNotEqual(exit_code, 0, "serve must not run with a bad configuration:\n" + server.log())
        self.assertIn("'%s'" % key, server.log())

    def test_serve_refuses_an_unknown_key_and_names_it(self):
        set_config(self.coffer.data, "smtp", "max_recipientz", "5")
        self.assertServeRefuses("smtp.max_recipientz")

    def test_serve_refuses_a_bad_value_and_names_its_key(self):
        set_config(self.coffer.data, "smtp", "max_recipients", '"many"')
        self.assertServeRefuses("smtp.max_recipients")


class AccountCommandsTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer.started(self)

    def test_user_add_of_an_existing_account_fails_with_a_clear_message(self):
        result = self.coffer.cli("user", "add", DEMO, passwords=["another-password"])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("account %s already exists" % DEMO, result.stderr + result.stdout)
        self.assertEqual(self.coffer.cli_ok("user", "list").count(DEMO), 1)

    def test_app_password_is_shown_once_listed_by_name_and_scope_then_revoked(self):
        secret = self.coffer.cli_ok("user", "app-password", "add", DEMO, "phone", "--scope", "read").strip()
        self.assertRegex(secret, r"^\S{12,}$", "one secret, alone on its line")
        self.assertNotEqual(secret, self.coffer.app_password)

        listing = self.coffer.cli_ok("user", "app-password", "list", DEMO)
        self.assertRegex(listing, r"(?m)^phone  scopes read  created \S+  never used$")
        self.assertRegex(listing, r"(?m)^%s  scopes read,send  " % APP_PASSWORD_NAME)
        self.assertNotIn(secret, listing, "the secret is never shown again")

        self.coffer.cli_ok("user", "app-password", "revoke", DEMO, "phone")
        listing = self.coffer.cli_ok("user", "app-password", "list", DEMO)
        self.assertNotRegex(listing, r"(?m)^phone ")
        self.assertRegex(listing, r"(?m)^%s " % APP_PASSWORD_NAME)
        self.assertNotEqual(self.coffer.cli("user", "app-password", "revoke", DEMO, "phone").returncode, 0,
                            "revoking twice is an error")


def port_is_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server's own socket does
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class DemoTest(unittest.TestCase):
    """README: `coffer demo --data tmp`."""

    def setUp(self):
        if not port_is_free(DEMO_SMTP_PORT):
            self.skipTest("port %d is taken on this machine; the demo needs it" % DEMO_SMTP_PORT)
        self.workdir = Path(tempfile.mkdtemp(prefix="coffer-demo-"))
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.demo = ServerProcess("demo", "--data", "tmp", cwd=self.workdir)
        self.addCleanup(self.demo.stop)
        self.ports = self.demo.wait_until_ready()
        self.details = json.loads((self.workdir / "tmp" / "demo.json").read_text())

    def test_demo_json_holds_the_account_and_the_documented_ports(self):
        self.assertEqual(set(self.details), {"address", "password", "appPassword", "ports"})
        self.assertEqual(self.details["address"], DEMO)
        self.assertTrue(self.details["password"] and self.details["appPassword"])
        self.assertEqual(set(self.details["ports"]), set(LISTENERS))
        self.assertEqual(self.details["ports"]["smtp"], DEMO_SMTP_PORT)
        self.assertEqual(self.ports["smtp"], DEMO_SMTP_PORT)
        self.assertIn(self.details["password"], self.demo.log(), "the demo prints its password")

    def test_demo_accepts_mail_on_2525_over_starttls_with_its_ca(self):
        context = ssl.create_default_context(cafile=str(self.workdir / "tmp" / "ca.pem"))
        message_id = new_message_id()
        with smtplib.SMTP("localhost", DEMO_SMTP_PORT, timeout=30) as smtp:
            smtp.starttls(context=context)  # the demo certificate names localhost
            self.assertEqual(smtp.sendmail("alice@example.org", [DEMO], simple_message(message_id)), {})
        out = self.workdir / "export"
        result = run_cli("export", "--user", DEMO, "--format", "eml", "--out", str(out),
                         data=self.workdir / "tmp", passwords=[self.details["password"]])
        self.assertEqual(result.returncode, 0, result.stderr)
        exported = [f.read_bytes() for f in (out / "INBOX").glob("*.eml")]
        self.assertEqual(message_ids(exported), [message_id])


if __name__ == "__main__":
    unittest.main()

"""The command line as an administrator meets it: configuration mistakes stop the server
with the key named, account commands say what went wrong, app passwords have a life
cycle, and the README's first command gives a working demo."""

import json
import os
import shutil
import subprocess
import sys
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
        # the fixture's app password has every scope (coffer user app-password add without --scope)
        self.assertRegex(listing, r"(?m)^%s  scopes jmap,read,send  " % APP_PASSWORD_NAME)
        self.assertNotIn(secret, listing, "the secret is never shown again")

        self.coffer.cli_ok("user", "app-password", "revoke", DEMO, "phone")
        listing = self.coffer.cli_ok("user", "app-password", "list", DEMO)
        self.assertNotRegex(listing, r"(?m)^phone ")
        self.assertRegex(listing, r"(?m)^%s " % APP_PASSWORD_NAME)
        self.assertNotEqual(self.coffer.cli("user", "app-password", "revoke", DEMO, "phone").returncode, 0,
                            "revoking twice is an error")


class LoopbackOnlyNamespace:
    """A network namespace with nothing but a loopback interface: whatever runs in it, the
    demo's DNS lookups included, cannot reach any address but its own."""

    def __init__(self):
        self.name = "coffer-demo-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.name], check=True, capture_output=True, timeout=30)
        subprocess.run(["ip", "netns", "exec", self.name, "ip", "link", "set", "lo", "up"], check=True,
                       capture_output=True, timeout=30)

    @property
    def prefix(self):
        return ("ip", "netns", "exec", self.name)

    def run(self, *command, **options):
        return subprocess.run([*self.prefix, *command], timeout=120, **options)

    def remove(self):
        subprocess.run(["ip", "netns", "delete", self.name], capture_output=True, timeout=30)


# Sends one message to the demo over STARTTLS, trusting its CA; run inside the namespace.
DEMO_CLIENT = """
import smtplib, ssl, sys
context = ssl.create_default_context(cafile=sys.argv[1])
with smtplib.SMTP("localhost", int(sys.argv[2]), timeout=30) as smtp:
    smtp.starttls(context=context)  # the demo certificate names localhost
    refused = smtp.sendmail("alice@example.org", [sys.argv[3]], sys.stdin.buffer.read())
print("refused" if refused else "accepted")
"""


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("ip"),
                     "needs root and iproute2: the demo runs in a loopback-only network namespace")
class DemoTest(unittest.TestCase):
    """README: `coffer demo --data tmp`, on a machine with no network at all."""

    def setUp(self):
        self.namespace = LoopbackOnlyNamespace()
        self.addCleanup(self.namespace.remove)
        self.workdir = Path(tempfile.mkdtemp(prefix="coffer-demo-"))
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.demo = ServerProcess("demo", "--data", "tmp", cwd=self.workdir, prefix=self.namespace.prefix)
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
        message_id = new_message_id()
        sent = self.namespace.run(sys.executable, "-c", DEMO_CLIENT, str(self.workdir / "tmp" / "ca.pem"),
                                  str(DEMO_SMTP_PORT), DEMO, input=simple_message(message_id), capture_output=True)
        self.assertEqual(sent.stdout.strip(), b"accepted", sent.stderr.decode("utf-8", "replace"))
        out = self.workdir / "export"
        result = run_cli("export", "--user", DEMO, "--format", "eml", "--out", str(out),
                         data=self.workdir / "tmp", passwords=[self.details["password"]])
        self.assertEqual(result.returncode, 0, result.stderr)
        exported = [f.read_bytes() for f in (out / "INBOX").glob("*.eml")]
        self.assertEqual(message_ids(exported), [message_id])


if __name__ == "__main__":
    unittest.main()

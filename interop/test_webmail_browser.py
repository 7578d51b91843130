"""The webmail page in Debian's Chromium, driven by Node scripts in interop/node (playwright-core):
the content policy blocks inline script, handlers and style, every script and style carries the
integrity of the bytes served, and a security key is registered and used at login with Chromium's
virtual authenticator, through the page, with the account's password typed into the form.

Chromium trusts the test CA through an NSS database ($HOME/.pki/nssdb, made with certutil from
libnss3-tools): no certificate error is ignored, since Chromium refuses WebAuthn on such pages.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import unittest
from pathlib import Path

from coffer_fixture import DEMO, DOMAIN, HOSTNAME, PASSWORD, Coffer, set_config
from test_web import make_certificates, run

NODE_DIR = Path(__file__).resolve().parent / "node"
SCRIPT_TIMEOUT = 240


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browser_available():
    return (shutil.which("node") and shutil.which("certutil") and Path("/usr/bin/chromium").exists()
            and (NODE_DIR / "node_modules" / "playwright-core").is_dir())


@unittest.skipUnless(browser_available(), "needs node, certutil (libnss3-tools), /usr/bin/chromium and "
                                          "`npm ci` in interop/node")
class WebmailBrowserTest(unittest.TestCase):

    def setUp(self):
        """A server of its own per test: the tests add second factors to the account."""
        self.coffer = Coffer()
        self.addCleanup(self.coffer.remove)
        self.work = Path(tempfile.mkdtemp(prefix="coffer-browser-"))
        self.addCleanup(shutil.rmtree, self.work, True)
        ca = make_certificates(self.coffer.data, self.work)
        self.home = self.work / "home"
        nssdb = self.home / ".pki" / "nssdb"
        nssdb.mkdir(parents=True)
        run("certutil", "-N", "-d", "sql:%s" % nssdb, "--empty-password")
        run("certutil", "-A", "-d", "sql:%s" % nssdb, "-n", "Coffer interop CA", "-t", "C,,", "-i", str(ca))
        # A fixed port: the WebAuthn origin (https://HOSTNAME:PORT) comes from the configuration.
        self.port = free_port()
        set_config(self.coffer.data, "listeners", "https", '"127.0.0.1:%d"' % self.port)
        self.coffer.start()

    def node(self, script, host=HOSTNAME):
        env = dict(os.environ, HOME=str(self.home),
                   COFFER_URL="https://%s:%d" % (host, self.port),
                   COFFER_HOST_RULES="MAP %s 127.0.0.1, MAP %s 127.0.0.1" % (HOSTNAME, DOMAIN),
                   COFFER_ADDRESS=DEMO, COFFER_PASSWORD=PASSWORD)
        result = subprocess.run(["node", str(NODE_DIR / script)], cwd=NODE_DIR, env=env, capture_output=True,
                                text=True, timeout=SCRIPT_TIMEOUT)
        if result.returncode != 0:
            raise AssertionError("node %s failed:\n%s\n%s\nserver log:\n%s"
                                 % (script, result.stdout, result.stderr, self.coffer.log()[-4000:]))
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_content_policy_blocks_inline_script_handlers_and_style(self):
        result = self.node("webmail-csp.mjs")
        injected = result["injected"]

        self.assertIn("script-src 'self' 'wasm-unsafe-eval'", result["csp"])
        self.assertTrue(result["ownScriptsRan"], "the page's own scripts must run")
        self.assertFalse(injected["inlineScriptRan"])
        self.assertFalse(injected["inlineHandlerRan"])
        self.assertFalse(injected["inlineStyleApplied"])
        directives = sorted(v["directive"] for v in injected["violations"])
        self.assertEqual(directives, ["script-src-attr", "script-src-elem", "style-src-elem"], injected)
        self.assertTrue(all(v["blocked"] == "inline" for v in injected["violations"]))

    def test_every_script_and_style_carries_the_integrity_of_its_bytes(self):
        result = self.node("webmail-csp.mjs")
        checked = result["integrity"]

        self.assertEqual(len(checked), 3, checked)
        for element in checked:
            self.assertTrue(element["integrity"].startswith("sha384-"), element)
            self.assertEqual(element["crossOrigin"], "anonymous", element)
            self.assertTrue(element["matches"], element)
        self.assertFalse(result["tamperedRan"], "a script whose bytes changed ran")
        self.assertTrue(any("integrity" in error for error in result["tamperedErrors"]), result["tamperedErrors"])

    def test_security_key_registered_on_the_page_is_the_second_factor_at_the_next_login(self):
        result = self.node("webmail-webauthn.mjs")

        self.assertFalse(result["passwordSent"], "the page sent the password")
        self.assertEqual(result["loginFields"], ["address,authKey", "address,authKey", "address,authKey,webauthn"])
        self.assertEqual(result["authKeyLengths"], [32, 32, 32])
        self.assertEqual(result["keysBefore"], 0)
        self.assertEqual(len(result["registered"]), 1)
        self.assertEqual(result["registered"][0]["rpId"], HOSTNAME)
        self.assertTrue(result["registered"][0]["resident"])
        self.assertEqual(result["afterLogout"], 401, "logging out on the page must end the session")
        self.assertTrue(result["keyOffered"], "the login did not ask for the security key")
        self.assertGreater(result["signCountAfterLogin"][0], result["registered"][0]["signCount"])
        self.assertIn("last used", result["listed"])
        self.assertEqual(result["account"], {"address": DEMO, "keys": ["virtual key"]})
        log = self.coffer.query("SELECT event FROM security_log ORDER BY id")
        self.assertIn(("second-factor-added",), log)

    def test_a_wrong_origin_or_a_removed_key_is_refused(self):
        result = self.node("webmail-webauthn-refused.mjs")

        self.assertEqual(result["wrongOrigin"]["status"], 401, result)
        self.assertNotEqual(result["wrongOrigin"]["kind"], "too-many-attempts")
        self.assertEqual(result["removedKey"]["status"], 401, result)
        self.assertNotEqual(result["removedKey"]["kind"], "too-many-attempts")
        # The same construction with the right origin and a registered key logs in.
        self.assertEqual(result["rightOriginKeptKey"], {"status": 200, "kind": ""}, result)

    def test_authenticator_code_typed_into_the_page_is_the_second_factor(self):
        result = self.node("webmail-totp.mjs")

        self.assertEqual(result["confirmed"], 200)
        self.assertTrue(result["codeAsked"])
        self.assertFalse(result["keyOffered"], "no security key is registered")
        self.assertIn("not accepted", result["wrongCodeStatus"])
        self.assertEqual(result["address"], DEMO)


if __name__ == "__main__":
    unittest.main()

"""The web side against real clients: curl sees every security header on success and on
errors, the http listener redirects, and GnuPG's dirmngr fetches the demo key over WKD by
both the advanced and the direct method.

For WKD the server must be reached as https://coffer.test/ (port 443, the system's trust
store, real names), so that test runs Coffer's https listener on 127.0.0.1:443 (root),
adds the names to /etc/hosts and a test CA to the system trust store, and puts both back
afterwards. It is skipped when it cannot do that (not root, or port 443 taken).
"""

import base64
import hashlib
import os
import plistlib
import re
import shutil
import socket
import subprocess
import tempfile
import unittest
from pathlib import Path

from coffer_fixture import ALIAS, DEMO, DOMAIN, HOSTNAME, PASSWORD, Coffer, set_config

NAMES = (HOSTNAME, DOMAIN, "openpgpkey." + DOMAIN, "mta-sts." + DOMAIN, "autoconfig." + DOMAIN)
SECURITY_HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "content-security-policy": "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "x-frame-options": "DENY",
}
ONION = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion"
HOSTS = Path("/etc/hosts")
RESOLV_CONF = Path("/etc/resolv.conf")
SYSTEM_CA_DIR = Path("/usr/local/share/ca-certificates")
COMMAND_TIMEOUT = 60


def run(*command, env=None, timeout=COMMAND_TIMEOUT):
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError("%s failed (exit %d)\nstdout: %s\nstderr: %s"
                             % (" ".join(command), result.returncode, result.stdout, result.stderr))
    return result.stdout


def make_certificates(data, directory):
    """A CA of our own (openssl) and a certificate for every web name, installed as DATA's TLS files."""
    ca_key, ca = directory / "ca-key.pem", directory / "ca.pem"
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(ca_key), "-out", str(ca), "-days", "2", "-subj", "/CN=Coffer web interop CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    leaf_key, request, leaf = directory / "key.pem", directory / "leaf.csr", directory / "leaf.pem"
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(leaf_key), "-out", str(request), "-subj", "/CN=" + HOSTNAME)
    extensions = directory / "leaf.ext"
    extensions.write_text("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                          "extendedKeyUsage=serverAuth\nsubjectAltName=%s,IP:127.0.0.1\n"
                          % ",".join("DNS:" + name for name in NAMES))
    run("openssl", "x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-days", "2", "-out", str(leaf), "-extfile", str(extensions))
    shutil.copy(leaf_key, data / "tls" / "key.pem")
    (data / "tls" / "cert.pem").write_text(leaf.read_text() + ca.read_text())
    return ca


def headers_of(curl_output):
    """The last response's header fields from `curl -sI`, names in lower case (repeats joined by \\n)."""
    blocks = [b for b in re.split(r"\r?\n\r?\n", curl_output) if b.strip()]
    lines = blocks[-1].splitlines()
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        fields[key] = fields[key] + "\n" + value.strip() if key in fields else value.strip()
    return int(lines[0].split()[1]), fields


class WebHeadersTest(unittest.TestCase):
    """curl against `coffer serve` with https and http on ephemeral ports."""

    @classmethod
    def setUpClass(cls):
        cls.coffer = Coffer()
        cls.work = Path(tempfile.mkdtemp(prefix="coffer-web-"))
        cls.ca = make_certificates(cls.coffer.data, cls.work)
        set_config(cls.coffer.data, "listeners", "https", '"127.0.0.1:0"')
        set_config(cls.coffer.data, "listeners", "http", '"127.0.0.1:0"')
        # The Apple profile needs an IMAP and an SMTP endpoint to point at.
        set_config(cls.coffer.data, "listeners", "imaps", '"127.0.0.1:0"')
        set_config(cls.coffer.data, "listeners", "submissions", '"127.0.0.1:0"')
        set_config(cls.coffer.data, "web", "onion_address", '"%s"' % ONION)
        try:
            cls.coffer.start()
            cls.ports = cls.coffer.server.wait_until_ready()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.coffer.remove()
        shutil.rmtree(cls.work, ignore_errors=True)

    def curl(self, *args, host=DOMAIN):
        port = self.ports["https"]
        return run("curl", "-sS", "--max-time", "20", "--cacert", str(self.ca),
                   "--resolve", "%s:%d:127.0.0.1" % (host, port), *args)

    def url(self, host, target):
        return "https://%s:%d%s" % (host, self.ports["https"], target)

    def assert_secure(self, fields, target):
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(fields.get(name), value, name)
        policy = fields.get("permissions-policy", "")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
            self.assertIn(feature + "=()", policy)
        self.assertEqual(fields.get("onion-location"), "http://" + ONION + target)
        self.assertNotIn("server", fields)
        self.assertNotIn("x-powered-by", fields)

    def test_head_of_the_mta_sts_policy_shows_every_security_header(self):
        host = "mta-sts." + DOMAIN
        status, fields = headers_of(self.curl("-I", self.url(host, "/.well-known/mta-sts.txt"), host=host))

        self.assertEqual(status, 200)
        self.assert_secure(fields, "/.well-known/mta-sts.txt")

    def test_head_of_the_webmail_page_shows_every_security_header(self):
        status, fields = headers_of(self.curl("-I", self.url(HOSTNAME, "/"), host=HOSTNAME))

        self.assertEqual(status, 200)
        self.assert_secure(fields, "/")
        self.assertEqual(fields["content-type"], "text/html;charset=utf-8")
        self.assertEqual(fields["cache-control"], "no-cache")

    def test_webmail_scripts_and_styles_carry_the_integrity_of_the_bytes_served(self):
        page = self.curl(self.url(HOSTNAME, "/"), host=HOSTNAME)
        tags = re.findall(r"<script\b[^>]*>|<link\b[^>]*rel=\"stylesheet\"[^>]*>", page)

        self.assertGreaterEqual(len(tags), 3)
        for tag in tags:
            path = re.search(r'(?:src|href)="(/assets/[^"]+)"', tag).group(1)
            integrity = re.search(r'integrity="sha384-([^"]+)"', tag).group(1)
            self.assertIn('crossorigin="anonymous"', tag)
            served = subprocess.run(["curl", "-sS", "--fail", "--max-time", "20", "--cacert", str(self.ca),
                                     "--resolve", "%s:%d:127.0.0.1" % (HOSTNAME, self.ports["https"]),
                                     self.url(HOSTNAME, path)], capture_output=True, timeout=COMMAND_TIMEOUT,
                                    check=True).stdout
            self.assertEqual(base64.b64encode(hashlib.sha384(served).digest()).decode(), integrity, path)
            status, fields = headers_of(self.curl("-I", self.url(HOSTNAME, path), host=HOSTNAME))
            self.assertEqual(status, 200)
            self.assertEqual(fields["cache-control"], "public, max-age=31536000, immutable")
            self.assert_secure(fields, path)
        self.assertNotRegex(page, r"<script>|<style|\son\w+=")

    def test_an_asset_under_another_version_is_not_found(self):
        status, _ = headers_of(self.curl("-I", self.url(HOSTNAME, "/assets/0000000000000000/app.js"), host=HOSTNAME))

        self.assertEqual(status, 404)

    def test_apple_profile_is_cms_signed_by_the_server_certificate(self):
        profile = self.work / "mail.mobileconfig"
        content = self.work / "mail.plist"
        head = self.curl("-D", "-", "-o", str(profile),
                         self.url(DOMAIN, "/.well-known/coffer/mail.mobileconfig?email=" + DEMO))
        _, fields = headers_of(head)

        self.assertEqual(fields["content-type"], "application/x-apple-aspen-config")
        # The signer is a TLS server certificate (extendedKeyUsage serverAuth), as Apple devices
        # accept for profiles; OpenSSL's default purpose for cms -verify is S/MIME signing.
        run("openssl", "cms", "-verify", "-inform", "DER", "-in", str(profile), "-CAfile", str(self.ca),
            "-purpose", "any", "-out", str(content))
        plist = plistlib.loads(content.read_bytes())
        self.assertEqual(plist["PayloadType"], "Configuration")
        self.assertEqual(plist["PayloadContent"][0]["EmailAddress"], DEMO)
        self.assertEqual(plist["PayloadContent"][0]["IncomingMailServerHostName"], HOSTNAME)

    def test_a_tampered_apple_profile_does_not_verify(self):
        profile = self.work / "tampered.mobileconfig"
        self.curl("-o", str(profile), self.url(DOMAIN, "/.well-known/coffer/mail.mobileconfig?email=" + DEMO))
        signed = bytearray(profile.read_bytes())
        position = signed.find(DEMO.encode())
        signed[position] ^= 0x01
        profile.write_bytes(bytes(signed))

        result = subprocess.run(["openssl", "cms", "-verify", "-inform", "DER", "-in", str(profile), "-CAfile",
                                 str(self.ca), "-purpose", "any", "-out", os.devnull],
                                capture_output=True, text=True, timeout=COMMAND_TIMEOUT)

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("verification failure", result.stderr.lower())

    def test_not_found_is_problem_json_with_every_security_header(self):
        status, fields = headers_of(self.curl("-I", self.url(DOMAIN, "/nothing/here?x=1")))
        body = self.curl(self.url(DOMAIN, "/nothing/here?x=1"))

        self.assertEqual(status, 404)
        self.assert_secure(fields, "/nothing/here?x=1")
        self.assertTrue(fields["content-type"].startswith("application/problem+json"))
        self.assertRegex(body, r'"status":404')
        self.assertNotIn("Exception", body)

    def test_malformed_request_gets_problem_json_not_a_stack_trace(self):
        raw = self.curl("-i", "-X", "POST", "--data-binary", "<Autodiscover><Request>",
                        self.url(DOMAIN, "/autodiscover/autodiscover.xml"))
        head, _, body = re.split(r"(\r?\n\r?\n)", raw, maxsplit=1)
        status, fields = headers_of(head)

        self.assertEqual(status, 400)
        self.assert_secure(fields, "/autodiscover/autodiscover.xml")
        self.assertIn('"status":400', body)

    def test_mta_sts_policy_has_crlf_lines_naming_the_hostname(self):
        host = "mta-sts." + DOMAIN
        body = run("curl", "-sS", "--max-time", "20", "--cacert", str(self.ca), "--resolve",
                   "%s:%d:127.0.0.1" % (host, self.ports["https"]), "-o", "-", self.url(host, "/.well-known/mta-sts.txt"))

        self.assertEqual(body, "version: STSv1\nmode: enforce\nmx: %s\nmax_age: 604800\n" % HOSTNAME)

    def test_mta_sts_policy_bytes_end_lines_with_crlf(self):
        host = "mta-sts." + DOMAIN
        result = subprocess.run(["curl", "-sS", "--max-time", "20", "--cacert", str(self.ca), "--resolve",
                                 "%s:%d:127.0.0.1" % (host, self.ports["https"]),
                                 self.url(host, "/.well-known/mta-sts.txt")],
                                capture_output=True, timeout=COMMAND_TIMEOUT)

        self.assertEqual(result.stdout, b"version: STSv1\r\nmode: enforce\r\nmx: " + HOSTNAME.encode()
                         + b"\r\nmax_age: 604800\r\n")

    def test_http_listener_redirects_to_https(self):
        raw = run("curl", "-sS", "-I", "--max-time", "20", "-H", "Host: " + DOMAIN,
                  "http://127.0.0.1:%d/some/page?a=b" % self.ports["http"])
        status, fields = headers_of(raw)

        self.assertEqual(status, 301)
        self.assertEqual(fields["location"], "https://%s:%d/some/page?a=b" % (DOMAIN, self.ports["https"]))
        self.assertNotIn("server", fields)

    def test_tls_1_2_offers_only_forward_secret_aead_suites(self):
        def handshake(cipher):
            return subprocess.run(["curl", "-sS", "-o", "/dev/null", "--max-time", "20", "--cacert", str(self.ca),
                                   "--tlsv1.2", "--tls-max", "1.2", "--ciphers", cipher,
                                   "--resolve", "%s:%d:127.0.0.1" % (DOMAIN, self.ports["https"]),
                                   self.url(DOMAIN, "/")], capture_output=True, text=True, timeout=COMMAND_TIMEOUT)

        self.assertEqual(handshake("ECDHE-ECDSA-AES256-GCM-SHA384").returncode, 0)
        self.assertNotEqual(handshake("ECDHE-ECDSA-AES128-SHA256").returncode, 0, "CBC suite accepted")
        self.assertNotEqual(handshake("ECDHE-ECDSA-AES128-SHA").returncode, 0, "SHA-1 CBC suite accepted")


class SystemNames:
    """Adds NAMES → 127.0.0.1 to /etc/hosts; restore() puts the file back byte for byte."""

    def __init__(self):
        self.original = HOSTS.read_bytes()

    def point(self, names):
        HOSTS.write_bytes(self.original + ("\n127.0.0.1 %s\n" % " ".join(names)).encode("ascii"))

    def restore(self):
        HOSTS.write_bytes(self.original)


class LoopbackResolver:
    """Points /etc/resolv.conf at a dnsmasq on 127.0.0.1:53 that knows no names (NXDOMAIN under
    .test, REFUSED elsewhere), so a name missing from /etc/hosts is looked up on loopback only,
    never on the machine's real resolver. stop() puts resolv.conf back byte for byte."""

    def __init__(self):
        self.original = RESOLV_CONF.read_bytes()
        self.process = subprocess.Popen(
            ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=53", "--listen-address=127.0.0.1",
             "--bind-interfaces", "--no-resolv", "--no-hosts", "--pid-file=", "--user=root", "--local=/test/"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        RESOLV_CONF.write_bytes(b"nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")

    def stop(self):
        try:
            RESOLV_CONF.write_bytes(self.original)
        finally:
            self.process.terminate()
            self.process.wait(10)


def port_53_free():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind(("127.0.0.1", 53))
            return True
        except OSError:
            return False


class SystemTrust:
    """Adds a CA to the system trust store (update-ca-certificates); remove() takes it out again."""

    def __init__(self, ca):
        self.installed = SYSTEM_CA_DIR / ("coffer-web-interop-%d.crt" % os.getpid())
        SYSTEM_CA_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copy(ca, self.installed)
        run("update-ca-certificates")

    def remove(self):
        self.installed.unlink(missing_ok=True)
        run("update-ca-certificates", "--fresh")


def port_443_free():
    with socket.socket() as probe:
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", 443))
            return True
        except OSError:
            return False


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("update-ca-certificates"),
                     "needs root: binds 127.0.0.1:443, edits /etc/hosts and the system trust store")
class WkdGnupgTest(unittest.TestCase):
    """gpg --locate-keys over WKD, through dirmngr, against `coffer serve` on 127.0.0.1:443."""

    @classmethod
    def setUpClass(cls):
        if not port_443_free() or not port_53_free() or shutil.which("dnsmasq") is None:
            raise unittest.SkipTest("127.0.0.1:443 or :53 is in use, or dnsmasq is missing")
        cls.coffer = Coffer()
        cls.work = Path(tempfile.mkdtemp(prefix="coffer-wkd-"))
        cls.names = SystemNames()
        cls.trust = None
        cls.resolver = None
        try:
            cls.resolver = LoopbackResolver()
            ca = make_certificates(cls.coffer.data, cls.work)
            set_config(cls.coffer.data, "listeners", "https", '"127.0.0.1:443"')
            cls.trust = SystemTrust(ca)
            cls.coffer.start()
            cls.fingerprint = cls.coffer.query("SELECT key_fingerprint FROM accounts WHERE address = ?", DEMO)[0][0]
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.names.restore()
            if cls.resolver:
                cls.resolver.stop()
            if cls.trust:
                cls.trust.remove()
        finally:
            cls.coffer.remove()
            shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        # Short path: the agent's and dirmngr's sockets live in GNUPGHOME.
        self.home = Path(tempfile.mkdtemp(prefix="gpg", dir="/tmp"))
        os.chmod(self.home, 0o700)
        self.log = self.home / "dirmngr.log"
        # standard-resolver: getaddrinfo, so /etc/hosts decides what exists; other names go to the
        # loopback resolver, so no query leaves the machine.
        (self.home / "dirmngr.conf").write_text("standard-resolver\ndisable-ipv6\nverbose\ndebug-level guru\n"
                                                "log-file %s\n" % self.log)
        self.env = dict(os.environ, GNUPGHOME=str(self.home))
        self.addCleanup(shutil.rmtree, self.home, True)
        self.addCleanup(subprocess.run, ["gpgconf", "--kill", "all"], env=self.env, timeout=30)
        self.addCleanup(self.names.restore)

    def locate(self, address=DEMO):
        return subprocess.run(["gpg", "--batch", "--no-tty", "--auto-key-locate", "clear,nodefault,wkd",
                               "--locate-keys", address], capture_output=True, text=True, env=self.env,
                              timeout=COMMAND_TIMEOUT)

    def assert_found_demo_key(self, result, address=DEMO):
        self.assertEqual(result.returncode, 0, "gpg --locate-keys failed: %s\ndirmngr: %s"
                         % (result.stderr, self.dirmngr_log()))
        listing = run("gpg", "--batch", "--with-colons", "--list-keys", address, env=self.env)
        fingerprints = [line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")]
        user_ids = [line.split(":")[9] for line in listing.splitlines() if line.startswith("uid:")]
        self.assertEqual(fingerprints[0], self.fingerprint)
        self.assertEqual(user_ids, ["<%s>" % address])

    def alias_wkd(self, state):
        passwords = [PASSWORD] if state == "on" else None
        self.coffer.cli_ok("alias", "wkd", ALIAS, state, passwords=passwords)

    def requests(self):
        """(Host, path up to the hash) of each HTTP request dirmngr logged (debug-level guru)."""
        log = self.dirmngr_log()
        paths = re.findall(r">> GET (/\.well-known/openpgpkey/(?:[^/ ]+/)?hu/)[ybndrfg8ejkmcpqxot1uwisza345h769]{32}", log)
        hosts = re.findall(r">> Host: ([^\\\r\n]+)", log)
        return list(zip(hosts, paths))

    def dirmngr_log(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def test_advanced_method_when_the_openpgpkey_subdomain_exists(self):
        # Only openpgpkey.DOMAIN resolves: the direct method cannot be what found the key.
        self.names.point(["openpgpkey." + DOMAIN])

        self.assert_found_demo_key(self.locate())
        self.assertEqual(self.requests(), [("openpgpkey." + DOMAIN, "/.well-known/openpgpkey/%s/hu/" % DOMAIN)])

    def test_direct_method_when_it_does_not(self):
        self.names.point([DOMAIN])

        self.assert_found_demo_key(self.locate())
        self.assertEqual(self.requests(), [(DOMAIN, "/.well-known/openpgpkey/hu/")])

    def test_both_names_prefer_the_advanced_method(self):
        self.names.point([DOMAIN, "openpgpkey." + DOMAIN])

        self.assert_found_demo_key(self.locate())
        self.assertEqual(self.requests(), [("openpgpkey." + DOMAIN, "/.well-known/openpgpkey/%s/hu/" % DOMAIN)])

    def test_alias_is_found_with_only_its_own_user_id_once_its_owner_opts_in(self):
        self.names.point([DOMAIN, "openpgpkey." + DOMAIN])
        self.addCleanup(self.alias_wkd, "off")
        self.alias_wkd("on")

        self.assert_found_demo_key(self.locate(ALIAS), address=ALIAS)
        self.assertEqual(self.requests(), [("openpgpkey." + DOMAIN, "/.well-known/openpgpkey/%s/hu/" % DOMAIN)])

    def test_alias_is_not_found_before_opting_in_or_after_opting_out(self):
        self.names.point([DOMAIN, "openpgpkey." + DOMAIN])
        before = self.locate(ALIAS)
        self.alias_wkd("on")
        self.alias_wkd("off")

        after = self.locate(ALIAS)

        self.assertNotEqual(before.returncode, 0, before.stdout)
        self.assertNotEqual(after.returncode, 0, after.stdout)
        self.assertEqual(len(self.requests()), 2, "both lookups must have asked the server")

    def test_unknown_address_is_not_found(self):
        self.names.point([DOMAIN, "openpgpkey." + DOMAIN])

        result = subprocess.run(["gpg", "--batch", "--no-tty", "--auto-key-locate", "clear,nodefault,wkd",
                                 "--locate-keys", "nobody@" + DOMAIN], capture_output=True, text=True,
                                env=self.env, timeout=COMMAND_TIMEOUT)

        self.assertNotEqual(result.returncode, 0)


if __name__ == "__main__":
    unittest.main()

"""`coffer check-domain` against real DNSSEC: two zones signed with ldns-signzone, served by a
private nsd, validated by a private unbound (dnssec_zones.py), and a real Coffer as the MX,
submissions, IMAPS and HTTPS (MTA-STS) server of the good domain.

coffer.test is published correctly: MX, SPF -all, the DKIM keys `coffer domain dkim` prints,
DMARC p=reject with rua, MTA-STS (the policy Coffer serves), TLS-RPT, TLSA 3 1 1 of the key
Coffer really serves, CAA, SRV for submissions and IMAPS. Coffer's certificate is re-issued by
its own demo CA for mail.coffer.test and mta-sts.coffer.test; check-domain trusts that CA
with --ca-file. Every check passes.

broken.test has one deliberately broken record per check: SPF ?all, DMARC p=none, an MTA-STS
policy (served by a Python HTTPS server that also accepts TLS 1.0/1.1 and CBC suites) that
lists another MX, a TLSA record that matches no served key, and a CAA record whose signature
expired (DNSSEC-bogus). check-domain fails and names each of those checks, while the records
that are right still pass.
"""

import hashlib
import http.server
import json
import re
import ssl
import subprocess
import tempfile
import threading
import unittest
import warnings
from pathlib import Path

from coffer_fixture import Coffer, java_command, set_config
from dnssec_zones import SignedZones, Zone, txt

GOOD = "coffer.test"
MX = "mail.coffer.test"
BROKEN = "broken.test"
BROKEN_MX = "mx.broken.test"
CHECK_TIMEOUT = 300
OPENSSL_TIMEOUT = 30


def openssl(*args, cwd):
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, timeout=OPENSSL_TIMEOUT)
    if result.returncode != 0:
        raise AssertionError("openssl %s failed: %s" % (args[0], result.stderr.decode(errors="replace")))
    return result.stdout


def issue(directory, ca_cert, ca_key, names, stem):
    """An ECDSA P-256 key (PKCS#8 PEM) and a certificate for NAMES (and 127.0.0.1) signed by the CA."""
    directory = Path(directory)
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", stem + ".key", cwd=directory)
    openssl("req", "-new", "-key", stem + ".key", "-subj", "/CN=" + names[0], "-out", stem + ".csr", cwd=directory)
    (directory / (stem + ".ext")).write_text(
        "subjectAltName=%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n"
        "basicConstraints=critical,CA:FALSE\n" % ",".join("DNS:" + n for n in names))
    openssl("x509", "-req", "-in", stem + ".csr", "-CA", str(ca_cert), "-CAkey", str(ca_key), "-CAcreateserial",
            "-days", "90", "-sha256", "-extfile", stem + ".ext", "-out", stem + ".crt", cwd=directory)
    return directory / (stem + ".crt"), directory / (stem + ".key")


def tlsa_311(certificate):
    """RFC 6698 §2.1: SHA-256 of the certificate's DER SubjectPublicKeyInfo."""
    directory = certificate.parent
    spki = openssl("x509", "-in", str(certificate), "-pubkey", "-noout", cwd=directory)
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=spki, capture_output=True,
                         timeout=OPENSSL_TIMEOUT, check=True).stdout
    return hashlib.sha256(der).hexdigest()


class PolicyServer:
    """HTTPS on 127.0.0.1 serving one MTA-STS policy as text/plain."""

    def __init__(self, test, certificate, key, policy, legacy_tls=False):
        """LEGACY_TLS: also accept TLS 1.0 and 1.1 and every suite OpenSSL still has (a broken listener)."""
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = policy.encode("ascii")
                self.send_response(200 if self.path == "/.well-known/mta-sts.txt" else 404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if legacy_tls:
            context.set_ciphers("ALL:@SECLEVEL=0")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # deprecated is the point here
                context.minimum_version = ssl.TLSVersion.TLSv1
        context.load_cert_chain(str(certificate), str(key))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        test.addCleanup(self.stop)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class CheckDomainTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.root = Path(tempfile.mkdtemp(prefix="check-domain-"))

    def setUp(self):
        self.coffer = Coffer()
        self.addCleanup(self.coffer.remove)
        data = self.coffer.data
        for listener in ("submissions", "imaps", "https"):
            set_config(data, "listeners", listener, '"127.0.0.1:0"')
        # Coffer's demo CA issues the certificate for the MX name and the MTA-STS policy host.
        work = Path(tempfile.mkdtemp(prefix="pki-", dir=self.coffer.root))
        leaf, key = issue(work, data / "ca.pem", data / "ca-key.pem", [MX, "mta-sts." + GOOD], "coffer")
        (data / "tls" / "cert.pem").write_text(leaf.read_text() + (data / "ca.pem").read_text())
        (data / "tls" / "key.pem").write_text(key.read_text())
        self.dkim = self.dkim_records()
        self.coffer.start()
        self.ports = self.coffer.server.wait_until_ready()
        self.policy_leaf, policy_key = issue(work, data / "ca.pem", data / "ca-key.pem", ["mta-sts." + BROKEN], "policy")
        self.policy_server = PolicyServer(self, self.policy_leaf, policy_key,
                                          "version: STSv1\r\nmode: enforce\r\nmx: mail.elsewhere.test\r\nmax_age: 86400\r\n",
                                          legacy_tls=True)
        zones_dir = Path(tempfile.mkdtemp(prefix="zones-", dir=self.coffer.root))
        self.zones = SignedZones(self, zones_dir, [self.good_zone(tlsa_311(leaf)), self.broken_zone()],
                                 expire_signature=(BROKEN, "@", "CAA"))

    def dkim_records(self):
        """{selector: value} from `coffer domain dkim` (one zone-file line per key)."""
        records = {}
        for line in self.coffer.cli_ok("domain", "dkim", GOOD).splitlines():
            match = re.match(r'^(\S+)\._domainkey\.%s\. IN TXT (.*?)(\s+;.*)?$' % re.escape(GOOD), line)
            if match and not match.group(3):
                records[match.group(1)] = "".join(re.findall(r'"([^"]*)"', match.group(2)))
        self.assertTrue(records, "coffer domain dkim printed DKIM records")
        return records

    def good_zone(self, digest):
        zone = (Zone(GOOD)
                .add("@", "MX", "10 %s." % MX)
                .add("mail", "A", "127.0.0.1")
                .add("@", "TXT", txt("v=spf1 mx -all"))
                .add("_dmarc", "TXT", txt("v=DMARC1; p=reject; rua=mailto:dmarc@%s" % GOOD))
                .add("_mta-sts", "TXT", txt("v=STSv1; id=20261128"))
                .add("mta-sts", "A", "127.0.0.1")
                .add("_smtp._tls", "TXT", txt("v=TLSRPTv1; rua=mailto:tls-reports@%s" % GOOD))
                .add("_25._tcp.mail", "TLSA", "3 1 1 " + digest)
                .add("_465._tcp.mail", "TLSA", "3 1 1 " + digest)
                .add("_993._tcp.mail", "TLSA", "3 1 1 " + digest)
                .add("@", "CAA", '0 issue "letsencrypt.org"')
                .add("_submissions._tcp", "SRV", "0 1 465 %s." % MX)
                .add("_imaps._tcp", "SRV", "0 1 993 %s." % MX))
        for selector, value in self.dkim.items():
            zone.add(selector + "._domainkey", "TXT", txt(value))
        return zone

    @staticmethod
    def broken_zone():
        return (Zone(BROKEN)
                .add("@", "MX", "10 %s." % BROKEN_MX)
                .add("mx", "A", "127.0.0.1")
                .add("@", "TXT", txt("v=spf1 mx ?all"))
                .add("_dmarc", "TXT", txt("v=DMARC1; p=none; rua=mailto:dmarc@%s" % BROKEN))
                .add("_mta-sts", "TXT", txt("v=STSv1; id=1"))
                .add("mta-sts", "A", "127.0.0.1")
                .add("_smtp._tls", "TXT", txt("v=TLSRPTv1; rua=mailto:tls-reports@%s" % BROKEN))
                .add("_25._tcp.mx", "TLSA", "3 1 1 " + "00" * 32)
                .add("@", "CAA", '0 issue "letsencrypt.org"'))

    def check_domain(self, domain, https_port, *extra, data=None):
        command = java_command("check-domain", domain, "--json", "--resolver", self.zones.resolver,
                               "--trust-anchors", str(self.zones.trust_anchors),
                               "--ca-file", str(self.coffer.data / "ca.pem"),
                               "--port", "smtp=%d" % self.ports["smtp"],
                               "--port", "submissions=%d" % self.ports["submissions"],
                               "--port", "imaps=%d" % self.ports["imaps"],
                               "--port", "https=%d" % https_port, *extra,
                               *(("--data", str(data)) if data else ()))
        # cwd: no stray ./coffer-demo data directory may supply defaults
        result = subprocess.run(command, capture_output=True, text=True, timeout=CHECK_TIMEOUT, cwd=self.coffer.root)
        try:
            report = json.loads(result.stdout)
        except ValueError:
            self.fail("check-domain printed no JSON (exit %d):\n%s\n%s" % (result.returncode, result.stdout, result.stderr))
        verdicts = {f["check"]: f["verdict"] for f in report["findings"]}
        detail = "exit %d\n%s\n%s\nDNS logs:\n%s" % (result.returncode, "\n".join(
            "%s %s: %s %s" % (f["verdict"].upper(), f["check"], f["detail"], f["fix"]) for f in report["findings"]),
            result.stderr, self.zones.logs()[-3000:])
        return result.returncode, report, verdicts, detail

    def test_a_correctly_published_domain_passes_every_check(self):
        selectors = [arg for s in self.dkim for arg in ("--dkim-selector", s)]
        code, report, verdicts, detail = self.check_domain(GOOD, self.ports["https"], *selectors)

        not_passed = {check: v for check, v in verdicts.items() if v != "pass"}
        self.assertEqual(not_passed, {}, detail)
        self.assertEqual(code, 0, detail)
        self.assertTrue(report["passed"])
        for check in ("dnssec", "mx", "spf", "dkim", "dmarc", "mta-sts", "tls-rpt", "tlsa " + MX, "caa",
                      "tlsa %s:465" % MX, "tlsa %s:993" % MX,
                      "smtp %s certificate" % MX, "smtp %s protocols" % MX, "smtp %s suites" % MX,
                      "submissions %s certificate" % MX, "imaps %s protocols" % MX,
                      "https mta-sts.%s certificate" % GOOD, "https mta-sts.%s suites" % GOOD):
            self.assertIn(check, verdicts, detail)

    def test_a_hosted_domain_is_held_to_what_coffer_domain_dns_prints(self):
        printed = json.loads(self.coffer.cli_ok("domain", "dns", GOOD, "--json"))
        code, report, verdicts, detail = self.check_domain(GOOD, self.ports["https"], data=self.coffer.data)

        self.assertEqual(code, 1, detail)
        by_record = {}
        for finding in report["findings"]:
            if finding["check"].startswith("record "):
                by_record.setdefault(finding["check"], []).append(finding)

        def verdict(name, rtype):
            return by_record["record %s %s" % (name, rtype)][0]["verdict"]
        # The zone publishes these as printed ...
        self.assertEqual(verdict(GOOD, "MX"), "pass", detail)
        # ... the TLSA of the key in use, but not yet that of the next key (published ahead of a rotation)
        tlsa = {("next" if "the next TLS key" in f["detail"] else "current"): f["verdict"]
                for f in by_record["record _25._tcp.%s TLSA" % MX]}
        self.assertEqual(tlsa, {"current": "pass", "next": "fail"}, detail)
        for selector in self.dkim:
            self.assertEqual(verdict("%s._domainkey.%s" % (selector, GOOD), "TXT"), "pass", detail)
        # ... but not these: DMARC reports go elsewhere, and the CNAMEs and SRV records are missing.
        self.assertEqual(verdict("_dmarc." + GOOD, "TXT"), "fail", detail)
        self.assertEqual(verdict("openpgpkey." + GOOD, "CNAME"), "fail", detail)
        self.assertEqual(verdict("_autodiscover._tcp." + GOOD, "SRV"), "fail", detail)
        self.assertEqual({(r["name"], r["type"].upper()) for r in printed},
                         {tuple(check.split(" ")[1:]) for check in by_record},
                         "every printed record is checked")

    def test_each_deliberately_broken_record_is_named(self):
        code, report, verdicts, detail = self.check_domain(BROKEN, self.policy_server.port)

        self.assertEqual(code, 1, detail)
        self.assertFalse(report["passed"])
        findings = {f["check"]: f for f in report["findings"]}
        for check in ("spf", "dmarc", "mta-sts", "tlsa " + BROKEN_MX, "caa"):
            self.assertEqual(verdicts.get(check), "fail", check + "\n" + detail)
            self.assertTrue(findings[check]["fix"], "a failed check says how to fix it: " + check)
        self.assertIn("?all", findings["spf"]["detail"])
        self.assertIn("p=none", findings["dmarc"]["detail"])
        self.assertIn(BROKEN_MX, findings["mta-sts"]["detail"])
        self.assertIn("bogus", findings["caa"]["detail"])
        self.assertIn("3 1 1 0000000000000000… does not match", findings["tlsa " + BROKEN_MX]["detail"])
        # The policy server accepts TLS 1.0/1.1 and CBC suites: the HTTPS listener checks say so.
        policy_host = "https mta-sts.%s " % BROKEN
        self.assertEqual(verdicts.get(policy_host + "protocols"), "fail", detail)
        self.assertIn("TLSv1.1", findings[policy_host + "protocols"]["detail"])
        self.assertEqual(verdicts.get(policy_host + "suites"), "fail", detail)
        self.assertIn("_CBC_", findings[policy_host + "suites"]["detail"])
        self.assertEqual(verdicts.get(policy_host + "certificate"), "pass", detail)
        # The records that are right still pass: the zone is signed, MX and TLS-RPT are fine.
        for check in ("dnssec", "mx", "tls-rpt"):
            self.assertEqual(verdicts.get(check), "pass", check + "\n" + detail)


if __name__ == "__main__":
    unittest.main()

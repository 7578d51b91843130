"""testssl.sh (Debian's 3.0.8) against Coffer's HTTPS, IMAPS, SMTP STARTTLS (port 25 listener)
and submissions listeners: no finding of severity LOW or above, and the policy itself seen
from outside (TLS 1.2 and 1.3 only, no CBC suites, server order, client renegotiation refused).
The four runs go in parallel, offline (--nodns min), each bounded in time.

The test CA is passed with --add-ca, so the chain of trust is checked too. Allowed, by id only:
what a test certificate cannot have (ALLOWED_IDS).
"""

import json
import shutil
import subprocess
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from coffer_fixture import HOSTNAME, Coffer, set_config
from send_fixture import free_port

RUN_TIMEOUT = 300
SEVERITIES = ("LOW", "MEDIUM", "HIGH", "CRITICAL")

# Findings that come from the test PKI, not from Coffer's TLS policy:
ALLOWED_IDS = {
    # HIGH "Neither CRL nor OCSP URI provided": the demo CA's certificates carry neither (a public
    # CA's do; Coffer staples OCSP when the certificate names a responder).
    "cert_revocation",
}

# What the policy must look like from outside: id -> the start of testssl's finding.
EXPECTED = {
    "SSLv2": "not offered", "SSLv3": "not offered", "TLS1": "not offered", "TLS1_1": "not offered",
    "TLS1_2": "offered", "TLS1_3": "offered",
    "cipherlist_AVERAGE": "not offered", "cipherlist_3DES_IDEA": "not offered",
    "PFS": "offered", "cipher_order": "server",
    "secure_client_renego": "not vulnerable", "CRIME_TLS": "not vulnerable",
    "cert_chain_of_trust": "passed",
}

TARGETS = {
    # listener: extra testssl arguments
    "https": [],
    "imaps": [],
    "submissions": [],
    "smtp": ["--starttls", "smtp"],
}


def run_testssl(name, port, extra, out_dir, ca_file, checks=("-p", "-s", "-f", "-P", "-S", "-U")):
    json_file = out_dir / ("%s.json" % name)
    command = ["testssl", "--quiet", "--color", "0", "--nodns", "min", "--warnings", "batch",
               "--connect-timeout", "10", "--openssl-timeout", "10",
               "--ip", "127.0.0.1", "--add-ca", str(ca_file), "--jsonfile", str(json_file),
               # protocols, cipher categories, forward secrecy, server preference, server defaults
               # (certificate), vulnerabilities; not the slow client simulation nor each single cipher.
               *checks, *extra, "%s:%d" % (HOSTNAME, port)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    if not json_file.exists():
        raise AssertionError("testssl wrote no JSON for %s (exit %d):\n%s\n%s"
                             % (name, result.returncode, result.stdout[-3000:], result.stderr[-3000:]))
    return json.loads(json_file.read_text()), result


class TestsslTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if shutil.which("testssl") is None:
            raise AssertionError("missing testssl (apt-get install -y testssl.sh)")
        cls.coffer = Coffer()
        cls.ports = {name: free_port() for name in TARGETS}
        for name, port in cls.ports.items():
            set_config(cls.coffer.data, "listeners", name, '"127.0.0.1:%d"' % port)
        cls.coffer.start()
        cls.out = Path(tempfile.mkdtemp(prefix="testssl-", dir=cls.coffer.root))
        with ThreadPoolExecutor(len(TARGETS)) as pool:
            futures = {name: pool.submit(run_testssl, name, cls.ports[name], extra, cls.out,
                                         cls.coffer.data / "ca.pem")
                       for name, extra in TARGETS.items()}
            cls.results = {name: future.result() for name, future in futures.items()}

    @classmethod
    def tearDownClass(cls):
        cls.coffer.remove()

    def check(self, name):
        findings, _ = self.results[name]
        findings = self.renegotiation_alone_if_in_doubt(name, findings)
        by_id = {f.get("id"): f.get("finding", "") for f in findings}
        for finding_id, start in EXPECTED.items():
            with self.subTest(listener=name, finding=finding_id):
                self.assertIn(finding_id, by_id, "%s: testssl did not report %s" % (name, finding_id))
                self.assertTrue(by_id[finding_id].startswith(start),
                                "%s: %s is %r" % (name, finding_id, by_id[finding_id]))
        bad = [f for f in findings if f.get("severity") in SEVERITIES and f.get("id") not in ALLOWED_IDS]
        self.assertEqual(bad, [], "%s: testssl findings:\n%s" % (name, json.dumps(bad, indent=1)))

    def renegotiation_alone_if_in_doubt(self, name, findings):
        """testssl decides client-initiated renegotiation by whether the connection still answers
        after a fixed wait; with four scans on two cores the server's refusal can come too late, and
        it reports VULNERABLE (seen once in CI on https). Such a finding is checked again by a scan
        of renegotiation alone (-R) with nothing else running, whose verdict replaces it."""
        renego = [f for f in findings if f.get("id") == "secure_client_renego"]
        if not renego or not renego[0].get("finding", "").startswith("VULNERABLE"):
            return findings
        again, _ = run_testssl(name + "-renegotiation", self.ports[name], TARGETS[name], self.out,
                               self.coffer.data / "ca.pem", checks=("-R",))
        retried = [f for f in again if f.get("id") == "secure_client_renego"]
        return [f for f in findings if f.get("id") != "secure_client_renego"] + retried

    def test_https(self):
        self.check("https")

    def test_imaps(self):
        self.check("imaps")

    def test_submissions(self):
        self.check("submissions")

    def test_smtp_starttls(self):
        self.check("smtp")


if __name__ == "__main__":
    unittest.main()

"""Certificates from Debian's pebble (RFC 8555): Coffer registers an account, proves its names
with HTTP-01 and with TLS-ALPN-01 (RFC 8737) on its own http and https listeners, serves the
certificate on every listener without a restart, renews it on the same key (so TLSA 3 1 1
records stay valid) and rotates to the pre-published next key on request.
"""

import hashlib
import re
import ssl
import subprocess
import time
import unittest
from pathlib import Path

from acme_fixture import LISTENER_KINDS, Pebble, served_certificate
from coffer_fixture import DOMAIN, HOSTNAME, Coffer, set_config
from send_fixture import free_port, wait_until

ISSUE_TIMEOUT = 90
NAMES = {HOSTNAME, "mta-sts." + DOMAIN, "autoconfig." + DOMAIN, "openpgpkey." + DOMAIN}
# A hosted domain whose DNS does not lead to this server (the test resolver refuses it).
UNPOINTED = "unpointed.example"
UNPOINTED_NAMES = {"mta-sts." + UNPOINTED, "autoconfig." + UNPOINTED, "openpgpkey." + UNPOINTED}


def spki_sha256(der_certificate):
    """TLSA 3 1 1 of a certificate, computed by openssl, not by Coffer."""
    public = subprocess.run(["openssl", "x509", "-inform", "DER", "-pubkey", "-noout"], input=der_certificate,
                            capture_output=True, check=True, timeout=20).stdout
    spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public,
                          capture_output=True, check=True, timeout=20).stdout
    return hashlib.sha256(spki).hexdigest()


def key_file_sha256(path):
    """TLSA 3 1 1 of a PEM private key's public half, by openssl."""
    spki = subprocess.run(["openssl", "pkey", "-in", str(path), "-pubout", "-outform", "DER"],
                          capture_output=True, check=True, timeout=20).stdout
    return hashlib.sha256(spki).hexdigest()


def certificate_names(der_certificate):
    text = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-ext", "subjectAltName"],
                          input=der_certificate, capture_output=True, check=True, timeout=20).stdout.decode()
    return set(re.findall(r"DNS:([^,\s]+)", text))


class AcmeWithPebbleTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer()
        self.addCleanup(self.coffer.remove)
        self.ports = {name: free_port() for name in LISTENER_KINDS}
        self.ports["http"] = free_port()
        for name, port in self.ports.items():
            set_config(self.coffer.data, "listeners", name, '"127.0.0.1:%d"' % port)
        self.pebble = Pebble(self, http_port=self.ports["http"], tls_port=self.ports["https"])
        data = self.coffer.data
        set_config(data, "acme", "enabled", "true")
        set_config(data, "acme", "directory", '"%s"' % self.pebble.directory)
        set_config(data, "acme", "contact", '"postmaster@%s"' % DOMAIN)
        set_config(data, "acme", "trust", '"%s"' % self.pebble.certificate)
        set_config(data, "acme", "check_interval_seconds", "1")
        self.provisional = (data / "tls" / "cert.pem").read_text()
        self.coffer.cli_ok("domain", "add", UNPOINTED)

    def configure_challenges(self, *types):
        set_config(self.coffer.data, "acme", "challenges", "[%s]" % ", ".join('"%s"' % t for t in types))

    def trusting_pebble(self):
        root = Path(self.coffer.root) / "pebble-root.pem"
        root.write_text(self.pebble.root_pem())
        context = ssl.create_default_context(cafile=str(root))
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def wait_for_new_certificate(self, previous_der, key_digest=None):
        """Waits until the https listener serves a pebble certificate other than PREVIOUS_DER (and
        on the key of KEY_DIGEST, when given) and no request of `coffer cert` is pending."""
        context = self.trusting_pebble()
        acme = Path(self.coffer.data) / "acme"

        def served():
            if list(acme.glob("*-requested")):
                return None
            try:
                der = served_certificate("implicit", self.ports["https"], context)
            except (ssl.SSLError, OSError):
                return None
            if der == previous_der or (key_digest is not None and spki_sha256(der) != key_digest):
                return None
            return der
        return wait_until(served, ISSUE_TIMEOUT, "a new certificate from pebble",
                          lambda: self.coffer.log()[-4000:] + "\n--- pebble ---\n" + self.pebble.log()[-3000:])

    def assert_every_listener_serves(self, der):
        context = self.trusting_pebble()
        for name, kind in LISTENER_KINDS.items():
            with self.subTest(listener=name):
                self.assertEqual(served_certificate(kind, self.ports[name], context), der,
                                 "%s serves another certificate" % name)

    def assert_challenges_answered(self, kind):
        """Every name was validated with KIND (per Coffer's log; the output is read by another thread)."""
        def answered():
            return {m.group(1) for m in
                    re.finditer(r"event=acme-challenge name=(\S+) type=%s" % kind, self.coffer.log())} >= NAMES
        wait_until(answered, 10, "%s challenges for %s" % (kind, sorted(NAMES)),
                   lambda: self.coffer.log()[-5000:] + "\n--- pebble ---\n" + self.pebble.log()[-5000:])

    def test_obtains_renews_on_the_same_key_and_rotates_to_the_next_key(self):
        data = self.coffer.data
        self.configure_challenges("http-01")
        self.coffer.start()

        # 1. HTTP-01: the first check after start orders a certificate for every name; the names
        #    of the domain whose DNS does not lead here fail and are left out, not the others.
        first = self.wait_for_new_certificate(None)
        self.assertEqual(certificate_names(first), NAMES)
        self.assert_challenges_answered("http-01")
        excluded = re.search(r"event=acme-names-excluded count=(\d+) .*could not validate ([^:]+):", self.coffer.log())
        self.assertIsNotNone(excluded, self.coffer.log()[-3000:])
        self.assertEqual(set(excluded.group(2).split(", ")), UNPOINTED_NAMES)
        self.assertNotEqual((data / "tls" / "cert.pem").read_text(), self.provisional)
        current_key = key_file_sha256(data / "tls" / "key.pem")
        self.assertEqual(spki_sha256(first), current_key, "the certificate is not on the configured key")
        self.assertTrue((data / "acme" / "account-uri").read_text().startswith("https://127.0.0.1:%d/"
                                                                            % self.pebble.port))
        self.assert_every_listener_serves(first)

        # 2. TLS-ALPN-01 on a forced renewal, after a restart with only that challenge type.
        self.coffer.stop()
        self.configure_challenges("tls-alpn-01")
        self.coffer.start()
        self.coffer.cli_ok("cert", "renew")
        second = self.wait_for_new_certificate(first)
        # The excluded names were kept across the restart: only the requested order was made.
        self.assertEqual(self.coffer.log().count("event=certificate-installed"), 1, self.coffer.log()[-3000:])
        self.assert_challenges_answered("tls-alpn-01")
        self.assertEqual(spki_sha256(second), current_key, "a renewal must keep the key (DANE 3 1 1)")
        self.assert_every_listener_serves(second)

        # 3. Rotation: the next key (published ahead) becomes current, and a new next key appears.
        next_key = key_file_sha256(data / "tls" / "next-key.pem")
        status = self.coffer.cli_ok("cert", "status")
        self.assertIn("current key  3 1 1 " + current_key, status)
        self.assertIn("next key     3 1 1 " + next_key, status)
        self.coffer.cli_ok("cert", "rotate-key")
        third = self.wait_for_new_certificate(second, key_digest=next_key)
        self.assertEqual(spki_sha256(third), next_key, "the rotated certificate must be on the published next key")
        self.assertEqual(key_file_sha256(data / "tls" / "key.pem"), next_key)
        new_next = key_file_sha256(data / "tls" / "next-key.pem")
        self.assertNotIn(new_next, (next_key, current_key))
        self.assert_every_listener_serves(third)
        status = self.coffer.cli_ok("cert", "status")
        self.assertIn("next key     3 1 1 " + new_next, status)
        self.assertNotIn("last error", status)


if __name__ == "__main__":
    unittest.main()

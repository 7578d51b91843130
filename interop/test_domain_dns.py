"""`coffer domain dns` against a real authoritative DNS server: the printed zone snippet, with
a SOA and NS added, loads into a private NSD on loopback (after `nsd-checkzone` accepts it),
and `dig` finds every record of `--json` there exactly as printed. The data directory is a
fresh `coffer init` with the standard ports, a next TLS key (DATA/tls/next-key.pem), an ACME
account URI and an onion address, so TLSA, CAA accounturi and the torrc comments all appear.
Needs nsd, dig (bind9-dnsutils) and openssl."""

import json
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from coffer_fixture import cli_ok, set_config
from send_fixture import free_port, wait_until

DOMAIN = "coffer.test"
HOSTNAME = "mail.coffer.test"
ONION = "coffer2345coffer2345coffer2345coffer2345coffer2345coffe.onion"
ACCOUNT_URI = "https://acme.example/acme/acct/4711"
DIG_TIMEOUT = 20


def dig(port, name, rrtype):
    """The records dig finds at NAME/RRTYPE on the private NSD, one presentation line each."""
    result = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), "+short", "+norecurse", "+time=2", "+tries=2",
                             name, rrtype], capture_output=True, text=True, timeout=DIG_TIMEOUT)
    if result.returncode != 0:
        raise AssertionError("dig %s %s failed: %s%s" % (name, rrtype, result.stdout, result.stderr))
    return [line for line in result.stdout.splitlines() if line.strip()]


def normalized(rrtype, text, from_dig=True):
    """One record's data in a form dig and Coffer agree on: dig's quoted TXT strings joined (the JSON
    has them unquoted), TLSA hex in lower case without the spaces dig puts in long hex."""
    if rrtype == "TXT" and from_dig:
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))
    if rrtype == "TLSA":
        usage, selector, matching, *digest = text.split()
        return "%s %s %s %s" % (usage, selector, matching, "".join(digest).lower())
    return text


class DomainDnsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        missing = [tool for tool in ("nsd", "nsd-checkzone", "dig", "openssl") if shutil.which(tool) is None]
        if missing:
            raise AssertionError("missing %s (apt-get install -y nsd bind9-dnsutils openssl)" % ", ".join(missing))
        cls.root = Path(tempfile.mkdtemp(prefix="coffer-domain-dns-"))
        cls.data = cls.root / "data"
        cli_ok("init", "--hostname", HOSTNAME, "--domain", DOMAIN, data=cls.data)
        set_config(cls.data, "web", "onion_address", '"%s"' % ONION)
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-out", str(cls.data / "tls" / "next-key.pem")], check=True, capture_output=True, timeout=60)
        (cls.data / "acme").mkdir()
        (cls.data / "acme" / "account-uri").write_text(ACCOUNT_URI + "\n")
        cls.snippet = cli_ok("domain", "dns", DOMAIN, data=cls.data)
        cls.records = json.loads(cli_ok("domain", "dns", DOMAIN, "--json", data=cls.data))
        cls.port = free_port()
        cls.nsd = cls.start_nsd()

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "nsd", None) is not None and cls.nsd.poll() is None:
            cls.nsd.terminate()
            try:
                cls.nsd.wait(10)
            except subprocess.TimeoutExpired:
                cls.nsd.kill()
                cls.nsd.wait(10)
        shutil.rmtree(cls.root, True)

    @classmethod
    def start_nsd(cls):
        zone = cls.root / ("%s.zone" % DOMAIN)
        zone.write_text("$ORIGIN %s.\n$TTL 3600\n"
                        "@ IN SOA ns.%s. hostmaster.%s. 1 3600 900 604800 300\n"
                        "@ IN NS ns.%s.\nns IN A 127.0.0.1\n%s IN A 127.0.0.1\n"
                        % (DOMAIN, DOMAIN, DOMAIN, DOMAIN, HOSTNAME + ".") + cls.snippet)
        check = subprocess.run(["nsd-checkzone", DOMAIN, str(zone)], capture_output=True, text=True, timeout=60)
        if check.returncode != 0:
            raise AssertionError("nsd-checkzone refuses the snippet:\n%s%s" % (check.stdout, check.stderr))
        config = cls.root / "nsd.conf"
        config.write_text("""server:
    ip-address: 127.0.0.1
    port: %(port)d
    username: ""
    chroot: ""
    zonesdir: "%(root)s"
    pidfile: "%(root)s/nsd.pid"
    database: ""
    xfrdfile: "%(root)s/xfrd.state"
    zonelistfile: "%(root)s/zone.list"
    logfile: "%(root)s/nsd.log"
    server-count: 1
    verbosity: 1
remote-control:
    control-enable: no
zone:
    name: %(domain)s
    zonefile: "%(zone)s"
""" % {"port": cls.port, "root": cls.root, "domain": DOMAIN, "zone": zone})
        process = subprocess.Popen(["nsd", "-d", "-c", str(config)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log = cls.root / "nsd.log"

        def answers():
            if process.poll() is not None:
                raise AssertionError("nsd ended (exit %s):\n%s" % (process.returncode,
                                                                  log.read_text() if log.exists() else ""))
            try:
                return dig(cls.port, "ns." + DOMAIN, "A") == ["127.0.0.1"]
            except (AssertionError, subprocess.TimeoutExpired):
                return False

        try:
            wait_until(answers, 30, "nsd answering on port %d" % cls.port,
                       lambda: log.read_text() if log.exists() else "")
        except AssertionError:
            process.kill()
            process.wait(10)
            raise
        return process

    def test_every_record_resolves_exactly_as_printed(self):
        wanted = {}
        for record in self.records:
            wanted.setdefault((record["name"], record["type"]), []).append(
                normalized(record["type"], record["value"], from_dig=False))
        for (name, rrtype), values in wanted.items():
            with self.subTest(name=name, type=rrtype):
                found = [normalized(rrtype, line) for line in dig(self.port, name, rrtype)]
                self.assertCountEqual(found, values)

    def test_the_snippet_names_every_record_of_the_json_with_its_purpose(self):
        for record in self.records:
            self.assertIn("; %s\n%s. 3600 IN %s " % (record["purpose"], record["name"], record["type"]), self.snippet)

    def test_tlsa_pins_the_current_and_the_next_key_on_25_465_and_993(self):
        current = subprocess.run("openssl x509 -in %s -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum"
                                 % (self.data / "tls" / "cert.pem"), shell=True, capture_output=True, text=True,
                                 check=True, timeout=60).stdout[:64]
        nxt = subprocess.run("openssl pkey -in %s -pubout -outform DER | sha256sum"
                             % (self.data / "tls" / "next-key.pem"), shell=True, capture_output=True, text=True,
                             check=True, timeout=60).stdout[:64]
        for port in (25, 465, 993):
            found = [normalized("TLSA", line) for line in dig(self.port, "_%d._tcp.%s" % (port, HOSTNAME), "TLSA")]
            self.assertCountEqual(found, ["3 1 1 " + current, "3 1 1 " + nxt])

    def test_caa_names_the_acme_account(self):
        self.assertIn('0 issue "letsencrypt.org; accounturi=%s"' % ACCOUNT_URI, dig(self.port, DOMAIN, "CAA"))

    def test_dkim_keys_of_both_algorithms_are_served(self):
        dkim = [r for r in self.records if r["name"].endswith("._domainkey." + DOMAIN)]
        texts = ["".join(normalized("TXT", line) for line in dig(self.port, r["name"], "TXT")) for r in dkim]
        self.assertEqual(2, len(texts))
        self.assertTrue(any(t.startswith("v=DKIM1; k=ed25519; p=") for t in texts), texts)
        self.assertTrue(any(t.startswith("v=DKIM1; k=rsa; p=") for t in texts), texts)

    def test_the_torrc_lines_are_comments_in_the_snippet_and_plain_with_torrc(self):
        torrc = cli_ok("domain", "dns", DOMAIN, "--torrc", data=self.data).splitlines()
        self.assertEqual("HiddenServiceDir /var/lib/tor/coffer/", torrc[0])
        self.assertIn("HiddenServicePort 443 127.0.0.1:443", torrc)
        self.assertIn("HiddenServicePort 25 127.0.0.1:25", torrc)
        for line in torrc:
            self.assertIn("; " + line + "\n", self.snippet)


if __name__ == "__main__":
    unittest.main()

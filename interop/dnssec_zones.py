"""DNSSEC-signed test zones served for real: zones signed with ldns-signzone (keys from
ldns-keygen), served by a private nsd on a loopback port, validated by a private unbound on
another loopback port that knows only those zones (stub-zones, trust anchors from the zones'
own DS records, no root). Everything lives under one temporary directory; each wait is bounded.
"""

import re
import subprocess
import time
from pathlib import Path

from send_fixture import dns_query, free_port, require_tools, wait_until

START_TIMEOUT = 20
TOOL_TIMEOUT = 60
TTL = 300


class Zone:
    """One zone: its records (owner relative to the origin, or "@"), signed on publish()."""

    def __init__(self, origin):
        self.origin = origin.rstrip(".")
        self.records = []

    def add(self, owner, rtype, data):
        self.records.append((owner, rtype, data))
        return self

    def text(self):
        lines = ["$ORIGIN %s." % self.origin, "$TTL %d" % TTL,
                 "@ IN SOA ns.%s. hostmaster.%s. 1 3600 600 86400 300" % (self.origin, self.origin),
                 "@ IN NS ns.%s." % self.origin,
                 "ns IN A 127.0.0.1"]
        lines += ["%s IN %s %s" % record for record in self.records]
        return "\n".join(lines) + "\n"


def txt(value):
    """A TXT record's data as zone-file strings of at most 255 characters each."""
    return " ".join('"%s"' % value[i:i + 255] for i in range(0, len(value), 255)) or '""'


def run(command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    if result.returncode != 0:
        raise AssertionError("%s failed (exit %d): %s%s" % (command[0], result.returncode, result.stdout, result.stderr))
    return result.stdout.strip()


class SignedZones:
    """Signs zones, serves them with nsd, validates them with unbound. Stop with stop()."""

    def __init__(self, test, directory, zones, expire_signature=None):
        """EXPIRE_SIGNATURE = (origin, owner, type): that one RRset gets a signature that
        expired in 2020 instead of a valid one, so validators call it bogus."""
        require_tools(test, "nsd", "unbound", "ldns-signzone", "ldns-keygen")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.processes = []
        test.addCleanup(self.stop)
        anchors = []
        for zone in zones:
            anchors.append(self._sign(zone, expire_signature if expire_signature and expire_signature[0] == zone.origin else None))
        self.trust_anchors = self.directory / "trust-anchors.txt"
        self.trust_anchors.write_text("\n".join(anchors) + "\n")
        self.nsd_port = free_port()
        self._start_nsd(zones)
        self.resolver_port = free_port()
        self._start_unbound(zones)

    @property
    def resolver(self):
        return "127.0.0.1:%d" % self.resolver_port

    def _sign(self, zone, expire):
        zone_dir = self.directory / zone.origin
        zone_dir.mkdir()
        (zone_dir / "zone").write_text(zone.text())
        # ECDSA P-256 (algorithm 13, RFC 6605): one key-signing and one zone-signing key
        ksk = run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", zone.origin], zone_dir)
        zsk = run(["ldns-keygen", "-a", "ECDSAP256SHA256", zone.origin], zone_dir)
        run(["ldns-signzone", "-f", "signed", "zone", zsk, ksk], zone_dir)
        signed = (zone_dir / "signed").read_text()
        if expire:
            run(["ldns-signzone", "-f", "expired", "-i", "20200101", "-e", "20200201", "zone", zsk, ksk], zone_dir)
            signed = self._swap_signature(signed, (zone_dir / "expired").read_text(), zone.origin, *expire[1:])
        (zone_dir / "signed").write_text(signed)
        return (zone_dir / (ksk + ".ds")).read_text().strip()

    @staticmethod
    def _swap_signature(signed, expired, origin, owner, rtype):
        name = (origin if owner == "@" else "%s.%s" % (owner, origin)) + "."
        pattern = re.compile(r"^%s\s+\d+\s+IN\s+RRSIG\s+%s\s.*$" % (re.escape(name), re.escape(rtype)), re.MULTILINE)
        old = pattern.findall(signed)
        new = pattern.findall(expired)
        if len(old) != 1 or len(new) != 1:
            raise AssertionError("expected one RRSIG %s %s, found %d and %d" % (name, rtype, len(old), len(new)))
        return signed.replace(old[0], new[0])

    def _start_nsd(self, zones):
        base = self.directory / "nsd"
        base.mkdir()
        config = ["server:",
                  "  ip-address: 127.0.0.1@%d" % self.nsd_port,
                  "  port: %d" % self.nsd_port,
                  "  do-ip6: no",
                  "  server-count: 1",
                  "  username: \"\"",
                  "  chroot: \"\"",
                  "  zonesdir: \"%s\"" % self.directory,
                  "  database: \"\"",
                  "  zonelistfile: \"%s/zone.list\"" % base,
                  "  xfrdfile: \"%s/xfrd.state\"" % base,
                  "  xfrdir: \"%s\"" % base,
                  "  pidfile: \"%s/nsd.pid\"" % base,
                  "  logfile: \"%s/nsd.log\"" % base,
                  "remote-control:",
                  "  control-enable: no"]
        for zone in zones:
            config += ["zone:", "  name: %s" % zone.origin, "  zonefile: %s/signed" % zone.origin]
        (base / "nsd.conf").write_text("\n".join(config) + "\n")
        run(["nsd-checkconf", str(base / "nsd.conf")], base)
        self._start(["nsd", "-d", "-c", str(base / "nsd.conf")], base / "nsd.out",
                    self.nsd_port, zones[0].origin, lambda: self._log(base / "nsd.log") + self._log(base / "nsd.out"))

    def _start_unbound(self, zones):
        base = self.directory / "unbound"
        base.mkdir()
        config = ["server:",
                  "  interface: 127.0.0.1@%d" % self.resolver_port,
                  "  port: %d" % self.resolver_port,
                  "  do-ip6: no",
                  "  username: \"\"",
                  "  chroot: \"\"",
                  "  directory: \"%s\"" % base,
                  "  pidfile: \"%s/unbound.pid\"" % base,
                  "  use-syslog: no",
                  "  logfile: \"%s/unbound.log\"" % base,
                  "  verbosity: 1",
                  "  val-log-level: 2",
                  "  do-not-query-localhost: no",
                  "  module-config: \"validator iterator\"",
                  "  trust-anchor-file: \"%s\"" % self.trust_anchors,
                  "  trust-anchor-signaling: no",
                  "  root-key-sentinel: no",
                  "  qname-minimisation: no",
                  "  num-threads: 1",
                  # RFC 6761 §6.2: unbound answers .test itself (NXDOMAIN) unless told not to
                  "  local-zone: \"test.\" nodefault",
                  "remote-control:",
                  "  control-enable: no"]
        for zone in zones:
            config += ["stub-zone:", "  name: %s" % zone.origin, "  stub-addr: 127.0.0.1@%d" % self.nsd_port]
        (base / "unbound.conf").write_text("\n".join(config) + "\n")
        run(["unbound-checkconf", str(base / "unbound.conf")], base)
        self._start(["unbound", "-d", "-c", str(base / "unbound.conf")], base / "unbound.out",
                    self.resolver_port, zones[0].origin, lambda: self._log(base / "unbound.log") + self._log(base / "unbound.out"))

    def _start(self, command, output, port, name, log):
        with open(output, "w") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.processes.append(process)

        def answers():
            if process.poll() is not None:
                raise AssertionError("%s exited (%s):\n%s" % (command[0], process.returncode, log()))
            try:
                return dns_query(port, name, 6)[0] == 0  # SOA, NOERROR
            except OSError:
                return False
        wait_until(answers, START_TIMEOUT, "%s answering on port %d" % (command[0], port), log)

    @staticmethod
    def _log(path):
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self):
        return "\n".join(self._log(p) for p in sorted(self.directory.glob("*/*.log")))

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
        self.processes = []

"""A private ACME CA for the certificate tests: Debian's pebble on loopback, its validation
authority pointed at Coffer's http and https listeners and at a dnsmasq that answers every
name of the test zone with 127.0.0.1. Plus a probe that reads the certificate each Coffer
listener serves (implicit TLS or after STARTTLS) and verifies it against pebble's root.
"""

import imaplib
import json
import os
import poplib
import shutil
import smtplib
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from coffer_fixture import DOMAIN, HOSTNAME
from send_fixture import Dnsmasq, free_port, wait_until

START_TIMEOUT = 30
IO_TIMEOUT = 20


class Pebble:
    """pebble with its own TLS certificate (made by openssl), on free loopback ports.
    HTTP_PORT and TLS_PORT are where its VA connects for HTTP-01 and TLS-ALPN-01."""

    def __init__(self, test, http_port, tls_port):
        for tool in ("pebble", "dnsmasq", "openssl"):
            if shutil.which(tool) is None:
                test.fail("missing %s (apt-get install -y pebble dnsmasq openssl)" % tool)
        self.root = Path(tempfile.mkdtemp(prefix="pebble-"))
        test.addCleanup(shutil.rmtree, self.root, True)
        self.dns = Dnsmasq(test, ["--address=/%s/127.0.0.1" % DOMAIN], zones=(DOMAIN,))
        self.port = free_port()
        self.management_port = free_port()
        self.certificate = self.root / "pebble-cert.pem"
        key = self.root / "pebble-key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "2", "-subj", "/CN=pebble test listener",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", str(key), "-out", str(self.certificate)],
                       check=True, capture_output=True, timeout=IO_TIMEOUT)
        config = self.root / "pebble-config.json"
        config.write_text(json.dumps({"pebble": {
            "listenAddress": "127.0.0.1:%d" % self.port,
            "managementListenAddress": "127.0.0.1:%d" % self.management_port,
            "certificate": str(self.certificate),
            "privateKey": str(key),
            "httpPort": http_port,
            "tlsPort": tls_port,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": False,
        }}))
        environment = dict(os.environ, PEBBLE_VA_NOSLEEP="1", PEBBLE_WFE_NONCEREJECT="0",
                           # Every order validates afresh: the TLS-ALPN-01 order must not reuse HTTP-01's.
                           PEBBLE_AUTHZREUSE="0")
        self.log_path = self.root / "pebble.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(["pebble", "-config", str(config), "-dnsserver", self.dns.address],
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=environment)
        test.addCleanup(self.stop)
        wait_until(self._listening, START_TIMEOUT, "pebble listening on %d" % self.port, self.log)

    @property
    def directory(self):
        return "https://127.0.0.1:%d/dir" % self.port

    def _listening(self):
        if self.process.poll() is not None:
            raise AssertionError("pebble ended (exit %s):\n%s" % (self.process.returncode, self.log()))
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                pass
            with socket.create_connection(("127.0.0.1", self.management_port), timeout=0.5):
                return True
        except OSError:
            return False

    def root_pem(self):
        """The root pebble issues under (made afresh at each start), from its management API."""
        context = ssl.create_default_context(cafile=str(self.certificate))
        url = "https://127.0.0.1:%d/roots/0" % self.management_port
        with urllib.request.urlopen(url, context=context, timeout=IO_TIMEOUT) as answer:
            return answer.read().decode("ascii")

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def served_certificate(kind, port, context, server_name=HOSTNAME):
    """The DER certificate a listener serves, the handshake verified by CONTEXT for SERVER_NAME.
    KIND: implicit (TLS at connect), smtp, imap, pop3 or sieve (STARTTLS/STLS first)."""
    if kind == "implicit":
        with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as raw:
            with context.wrap_socket(raw, server_hostname=server_name) as tls:
                return tls.getpeercert(binary_form=True)
    if kind == "smtp":
        with smtplib.SMTP("127.0.0.1", port, local_hostname="client.example.org", timeout=IO_TIMEOUT) as smtp:
            smtp._host = server_name
            smtp.starttls(context=context)
            return smtp.sock.getpeercert(binary_form=True)
    if kind == "imap":
        imap = imaplib.IMAP4("127.0.0.1", port, timeout=IO_TIMEOUT)
        try:
            imap.host = server_name
            imap.starttls(ssl_context=context)
            return imap.sock.getpeercert(binary_form=True)
        finally:
            imap.logout()
    if kind == "pop3":
        pop = poplib.POP3("127.0.0.1", port, timeout=IO_TIMEOUT)
        try:
            pop.host = server_name
            pop.stls(context=context)
            return pop.sock.getpeercert(binary_form=True)
        finally:
            pop.quit()
    if kind == "sieve":
        return _sieve_certificate(port, context, server_name)
    raise ValueError(kind)


def _sieve_certificate(port, context, server_name):
    """RFC 5804 §2.2: read the greeting (ends with OK), send STARTTLS, read OK, handshake."""
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as raw:
        reader = raw.makefile("rb")
        _read_until_ok(reader)
        raw.sendall(b"STARTTLS\r\n")
        _read_until_ok(reader)
        with context.wrap_socket(raw, server_hostname=server_name) as tls:
            return tls.getpeercert(binary_form=True)


def _read_until_ok(reader):
    deadline = time.monotonic() + IO_TIMEOUT
    while time.monotonic() < deadline:
        line = reader.readline()
        if not line:
            raise AssertionError("managesieve closed the connection")
        if line.startswith(b"OK"):
            return
        if line.startswith((b"NO", b"BYE")):
            raise AssertionError("managesieve said %r" % line)
    raise AssertionError("no OK from managesieve")


# Every listener and how a client reaches TLS on it.
LISTENER_KINDS = {
    "smtp": "smtp", "submission": "smtp", "submissions": "implicit", "imap": "imap", "imaps": "implicit",
    "pop3": "pop3", "pop3s": "implicit", "managesieve": "sieve", "https": "implicit",
}

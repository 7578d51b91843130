"""The world around a sending Coffer: a private dnsmasq that answers for the test zones, a
private Postfix instance as the recipient's MX, a tiny SMTP peer without STARTTLS, a Coffer
with its submission listeners on, and a DKIM check with python3-dkim (dkimpy).

Everything runs on loopback with ports picked at start; each wait has a deadline. Postfix and
binding port 443 need root (CI runs the suite as root).
"""

import email
import email.utils
import os
import re
import shutil
import smtplib
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import coffer_fixture
from coffer_fixture import DOMAIN, Coffer, ServerProcess, cli_ok, set_config

ALICE = "alice@" + DOMAIN
ALICE_PASSWORD = "alice-password-1"
SEND_APP_PASSWORD_NAME = "laptop"
REMOTE_DOMAIN = "example.net"
MX_HOST = "mx.example.net"
CAROL = "carol@" + REMOTE_DOMAIN
TRUST_ANCHORS_FILE = "trust-anchors.txt"

DELIVERY_TIMEOUT = 60
PEER_TIMEOUT = 30


def free_port(kind=socket.SOCK_STREAM):
    """A port that is free on 127.0.0.1 right now (TCP and UDP both, for DNS)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                    udp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free loopback port")


def wait_until(condition, timeout, what, detail=lambda: ""):
    """Polls CONDITION until it returns something truthy; fails with WHAT after TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("%s: not within %ss\n%s" % (what, timeout, detail()))
        time.sleep(0.2)


def require_tools(test, *tools):
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        test.fail("missing %s (apt-get install -y postfix dnsmasq python3-dkim swaks)" % ", ".join(missing))


# --- DNS ----------------------------------------------------------------------------

def dns_query(port, name, qtype, timeout=2):
    """One UDP query to 127.0.0.1:PORT; returns (rcode, answer count)."""
    query_id = int.from_bytes(os.urandom(2), "big")
    question = b"".join(bytes([len(label)]) + label.encode("ascii") for label in name.rstrip(".").split("."))
    packet = struct.pack(">HHHHHH", query_id, 0x0100, 1, 0, 0, 0) + question + b"\0" + struct.pack(">HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(timeout)
        udp.sendto(packet, ("127.0.0.1", port))
        answer = udp.recv(4096)
    _, flags, _, count, _, _ = struct.unpack(">HHHHHH", answer[:12])
    return flags & 0xF, count


class Dnsmasq:
    """dnsmasq in the foreground on 127.0.0.1:PORT, authoritative-ish for the test zones:
    names it knows get their records, other names under those zones NXDOMAIN or NODATA."""

    TYPE_A, TYPE_MX = 1, 15

    def __init__(self, test, options, zones=(REMOTE_DOMAIN, DOMAIN)):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="dnsmasq-"))
        test.addCleanup(shutil.rmtree, self.root, True)
        self.log_path = self.root / "dnsmasq.log"
        command = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=%d" % self.port,
                   "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                   "--pid-file=", "--user=root", "--log-queries", "--log-facility=-",
                   *("--local=/%s/" % zone for zone in zones), *options]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        test.addCleanup(self.stop)
        wait_until(self._answers, 15, "dnsmasq answering on port %d" % self.port, self.log)

    @classmethod
    def for_mx(cls, test, *extra):
        """MX example.net → mx.example.net, A mx.example.net → 127.0.0.1."""
        return cls(test, ["--mx-host=%s,%s,10" % (REMOTE_DOMAIN, MX_HOST), "--host-record=%s,127.0.0.1" % MX_HOST,
                          *extra])

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError("dnsmasq ended (exit %s):\n%s" % (self.process.returncode, self.log()))
        try:
            dns_query(self.port, "localhost." + REMOTE_DOMAIN, self.TYPE_A, timeout=0.5)
            return True
        except OSError:
            return False

    @property
    def address(self):
        return "127.0.0.1:%d" % self.port

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


# --- Postfix as the remote MX ---------------------------------------------------------

MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class Postfix:
    """A private Postfix instance (own config_directory, queue and log) that accepts any
    address @example.net into the Maildir carol/ under its virtual_mailbox_base."""

    def __init__(self, test, tls=True, port=None, certificate=None):
        """CERTIFICATE: (cert.pem, key.pem) to present; a fresh self-signed one by default."""
        self.root = Path(tempfile.mkdtemp(prefix="postfix-"))
        test.addCleanup(shutil.rmtree, self.root, True)
        # The daemons run as postfix and deliver as nobody: they must reach into the temp dir.
        os.chmod(self.root, 0o755)
        self.conf, self.queue, self.data, self.mail = (self.root / name for name in ("conf", "queue", "data", "mail"))
        for directory in (self.conf, self.queue, self.data, self.mail):
            directory.mkdir()
        shutil.chown(self.data, "postfix")
        os.chown(self.mail, 65534, 65534)
        self.log_path = self.root / "maillog"
        self.port = port or free_port()
        self.tls = tls
        if tls and certificate:
            shutil.copy(certificate[0], self.conf / "cert.pem")
            shutil.copy(certificate[1], self.conf / "key.pem")
        elif tls:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-keyout", str(self.conf / "key.pem"), "-out", str(self.conf / "cert.pem"),
                            "-subj", "/CN=" + MX_HOST], check=True, capture_output=True, timeout=60)
        settings = {
            "compatibility_level": "3.6",
            "queue_directory": self.queue,
            "data_directory": self.data,
            "maillog_file": self.log_path,
            "maillog_file_prefixes": self.root,
            "myhostname": MX_HOST,
            "mydomain": REMOTE_DOMAIN,
            "myorigin": REMOTE_DOMAIN,
            "mydestination": "",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "virtual_mailbox_domains": REMOTE_DOMAIN,
            "virtual_mailbox_base": self.mail,
            "virtual_mailbox_maps": "static:carol/",
            "virtual_uid_maps": "static:65534",
            "virtual_gid_maps": "static:65534",
            "smtpd_peername_lookup": "no",
            "alias_maps": "",
            "alias_database": "",
            "biff": "no",
            "smtpd_tls_security_level": "may" if tls else "none",
            "smtpd_tls_loglevel": "1",
        }
        if tls:
            settings["smtpd_tls_cert_file"] = self.conf / "cert.pem"
            settings["smtpd_tls_key_file"] = self.conf / "key.pem"
        (self.conf / "main.cf").write_text("".join("%s = %s\n" % item for item in settings.items()))
        (self.conf / "master.cf").write_text(MASTER_CF.format(port=self.port))
        self.postfix("check")
        self.running = False
        test.addCleanup(self.stop)

    def postfix(self, *args):
        # postfix(1) writes errors to stderr only on a terminal; the maillog has them otherwise.
        result = subprocess.run(["postfix", "-c", str(self.conf), *args], capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            raise AssertionError("postfix -c %s %s failed (exit %d)\n%s%s\nmaillog:\n%s"
                                 % (self.conf, " ".join(args), result.returncode, result.stdout, result.stderr,
                                    self.log()))
        return result

    def start(self):
        self.postfix("start")
        self.running = True
        wait_until(self._listening, 30, "postfix listening on port %d" % self.port, self.log)
        return self

    def _listening(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                return connection.recv(512).startswith(b"220")
        except OSError:
            return False

    def stop(self):
        if not self.running:
            return
        self.running = False
        self.postfix("stop")
        pid_file = self.queue / "pid" / "master.pid"

        def master_gone():
            try:
                pid = int(pid_file.read_text().strip())
                os.kill(pid, 0)
                return False
            except (OSError, ValueError):
                return True
        wait_until(master_gone, 30, "postfix master ending", self.log)

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def messages(self):
        """The messages delivered to the Maildir, oldest first."""
        maildir = self.mail / "carol"
        files = [f for sub in ("new", "cur") if (maildir / sub).is_dir() for f in (maildir / sub).iterdir()]
        return [f.read_bytes() for f in sorted(files, key=lambda f: f.stat().st_mtime_ns)]

    def wait_for_messages(self, count=1, timeout=DELIVERY_TIMEOUT, detail=lambda: ""):
        return wait_until(lambda: len(self.messages()) >= count and self.messages(), timeout,
                          "%d message(s) in Postfix's mailbox for %s" % (count, CAROL),
                          lambda: "maillog:\n%s\n%s" % (self.log(), detail()))


# --- a bare SMTP peer (no STARTTLS) ---------------------------------------------------

class PlainSmtpPeer:
    """An SMTP server in this process that offers no STARTTLS and records every transaction."""

    def __init__(self, test, port=None):
        self.transactions = []
        self.sessions = []
        peer = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = PEER_TIMEOUT

            def handle(self):
                peer.sessions.append(self.client_address)
                self.out(b"220 mx.example.net ESMTP plain peer")
                sender, recipients = None, []
                while True:
                    line = self.rfile.readline(1024)
                    if not line:
                        return
                    verb = line.strip().split(b" ", 1)[0].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.out(b"250-mx.example.net\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING")
                    elif verb == b"MAIL":
                        sender, recipients = line.strip(), []
                        self.out(b"250 2.1.0 ok")
                    elif verb == b"RCPT":
                        recipients.append(line.strip())
                        self.out(b"250 2.1.5 ok")
                    elif verb == b"DATA":
                        self.out(b"354 go ahead")
                        data = []
                        while True:
                            text = self.rfile.readline(4096)
                            if not text or text == b".\r\n":
                                break
                            data.append(text[1:] if text.startswith(b"..") else text)
                        peer.transactions.append((sender, recipients, b"".join(data)))
                        self.out(b"250 2.0.0 accepted")
                    elif verb == b"QUIT":
                        self.out(b"221 2.0.0 bye")
                        return
                    elif verb in (b"RSET", b"NOOP"):
                        self.out(b"250 2.0.0 ok")
                    else:
                        self.out(b"502 5.5.2 not here")

            def out(self, text):
                self.wfile.write(text + b"\r\n")
                self.wfile.flush()

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", port or 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        test.addCleanup(self.stop)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# --- DKIM with python3-dkim ---------------------------------------------------------------

def import_dkim():
    """dkimpy as Debian's python3-dkim installs it, also when python3 is not Debian's own."""
    try:
        import dkim
    except ImportError:
        for directory in ("/usr/lib/python3/dist-packages",):
            if os.path.isdir(directory) and directory not in sys.path:
                sys.path.append(directory)
        import dkim
    return dkim


def dkim_records(text):
    """{b"selector._domainkey.domain.": b"v=DKIM1; ..."} from `coffer domain dkim` output."""
    records = {}
    for line in text.splitlines():
        match = re.match(r'^(\S+)\s+(?:\d+\s+)?IN\s+TXT\s+(.*)$', line.strip())
        if match:
            name = match.group(1) if match.group(1).endswith(".") else match.group(1) + "."
            records[name.lower().encode()] = "".join(re.findall(r'"([^"]*)"', match.group(2))).encode()
    if not records:
        raise AssertionError("no TXT records in `coffer domain dkim` output:\n" + text)
    return records


def verify_dkim(message, records):
    """Verifies every DKIM-Signature of MESSAGE with dkimpy, keys from RECORDS only.
    Returns {algorithm (a=): verified?}."""
    dkim = import_dkim()

    def dnsfunc(name, timeout=5):
        name = name if isinstance(name, bytes) else name.encode()
        name = name.lower() if name.endswith(b".") else name.lower() + b"."
        return records.get(name)

    parsed = email.message_from_bytes(message)
    signatures = parsed.get_all("DKIM-Signature") or []
    results = {}
    for index, signature in enumerate(signatures):
        algorithm = re.search(r"\ba\s*=\s*([\w-]+)", signature).group(1)
        verifier = dkim.DKIM(message)
        results[algorithm] = bool(verifier.verify(idx=index, dnsfunc=dnsfunc))
    return results


# --- the sending Coffer ---------------------------------------------------------------------

class _SenderTemplate:
    """The fixture's template plus alice@coffer.test with a send-only app password and the DKIM keys."""
    path = None
    app_password = None
    dkim_output = None

    @classmethod
    def get(cls):
        if cls.path is None:
            root = Path(tempfile.mkdtemp(prefix="coffer-sender-template-"))
            import atexit
            atexit.register(shutil.rmtree, root, True)
            data = root / "data"
            shutil.copytree(coffer_fixture._Template.get(), data)
            cli_ok("user", "add", ALICE, data=data, passwords=[ALICE_PASSWORD])
            cls.app_password = cli_ok("user", "app-password", "add", ALICE, SEND_APP_PASSWORD_NAME,
                                      "--scope", "send", data=data).strip()
            cls.dkim_output = cli_ok("domain", "dkim", DOMAIN, data=data)
            cls.path = data
        return cls.path


class JvmServerProcess(ServerProcess):
    """`coffer serve` with extra JVM options (-Dname=value) before -jar."""

    def __init__(self, jvm_options, *args):
        self.output = []
        self._ended = False
        self._changed = threading.Condition()
        command = coffer_fixture.java_command(*args)
        command[1:1] = list(jvm_options)
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        threading.Thread(target=self._collect_output, daemon=True).start()


class SendingCoffer(Coffer):
    """A Coffer with submissions and submission on, DNS from a test resolver, trust anchors
    from an (empty by default) file, and remote_port pointing at the test peer."""

    def __init__(self, resolver, remote_port, trust_anchors=""):
        self.root = Path(tempfile.mkdtemp(prefix="coffer-"))
        self.data = self.root / "data"
        shutil.copytree(_SenderTemplate.get(), self.data)
        self.app_password = _SenderTemplate.app_password
        self.dkim_output = _SenderTemplate.dkim_output
        for name in ("submissions", "submission"):
            set_config(self.data, "listeners", name, '"127.0.0.1:0"')
        (self.data / TRUST_ANCHORS_FILE).write_text(trust_anchors)
        set_config(self.data, "dns", "resolver", '"%s"' % resolver)
        set_config(self.data, "dns", "trust_anchors", '"%s"' % TRUST_ANCHORS_FILE)
        set_config(self.data, "outbound", "remote_port", str(remote_port))
        self.server = None
        self.port = None
        self.ports = {}
        self.jvm_options = []

    @classmethod
    def started(cls, test, resolver, remote_port, trust_anchors=""):
        coffer = cls(resolver, remote_port, trust_anchors)
        test.addCleanup(coffer.remove)
        coffer.start()
        return coffer

    def start(self):
        if self.jvm_options:
            self.server = JvmServerProcess(self.jvm_options, "serve", "--data", str(self.data))
        else:
            self.server = ServerProcess("serve", "--data", str(self.data))
        self.ports = self.server.wait_until_ready()
        for name in ("smtp", "submissions", "submission"):
            if name not in self.ports:
                raise AssertionError("coffer serve printed no %s port:\n%s" % (name, self.server.log()))
        self.port = self.ports["smtp"]
        return self

    def submissions(self, source_address=("127.0.0.2", 0), helo="secret-laptop.example", timeout=30):
        """An SMTPS session (implicit TLS, RFC 8314) trusting only DIR/ca.pem."""
        smtp = smtplib.SMTP_SSL("127.0.0.1", self.ports["submissions"], local_hostname=helo, timeout=timeout,
                                source_address=source_address, context=self.tls_context())
        return smtp

    def submission(self, source_address=("127.0.0.2", 0), helo="secret-laptop.example", timeout=30):
        """A 587-style session in clear, before STARTTLS."""
        return smtplib.SMTP("127.0.0.1", self.ports["submission"], local_hostname=helo, timeout=timeout,
                            source_address=source_address)

    def queue_list(self):
        return self.cli_ok("queue", "list")

    def queue_ids(self):
        return re.findall(r"^(\S+)  from <", self.queue_list(), re.MULTILINE)

    def wait_for_queue(self, predicate, timeout, what):
        last = [""]

        def check():
            last[0] = self.queue_list()
            return predicate(last[0])
        return wait_until(check, timeout, what, lambda: "queue list:\n%s\ncoffer log:\n%s" % (last[0], self.log()))


def outgoing_message(message_id, to=CAROL, subject="Hello Carol", body="See you soon.", sender=ALICE,
                     extra_headers=""):
    return ("From: Alice <%s>\r\n"
            "To: %s\r\n"
            "Subject: %s\r\n"
            "Date: %s\r\n"
            "Message-ID: %s\r\n"
            "%s"
            "\r\n"
            "%s\r\n" % (sender, to, subject, email.utils.formatdate(), message_id, extra_headers, body)).encode("utf-8")


def new_message_id():
    return "<%s@coffer.test>" % uuid.uuid4()


# --- a test PKI and an MTA-STS policy server -------------------------------------------------

class TestPki:
    """A CA made with openssl, certificates it signs, and a PKCS#12 trust store holding it for
    the JVM (-Djavax.net.ssl.trustStore)."""

    STORE_PASSWORD = "interop"

    def __init__(self, test):
        self.root = Path(tempfile.mkdtemp(prefix="pki-"))
        test.addCleanup(shutil.rmtree, self.root, True)
        os.chmod(self.root, 0o755)
        self.ca_cert, self.ca_key = self.root / "ca.pem", self.root / "ca-key.pem"
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", self.ca_key,
                      "-out", self.ca_cert, "-subj", "/CN=Interop Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self.trust_store = self.root / "trust.p12"
        keytool = str(Path(coffer_fixture.JAVA).parent / "keytool")
        subprocess.run([keytool, "-importcert", "-noprompt", "-alias", "interop-ca", "-file", str(self.ca_cert),
                        "-keystore", str(self.trust_store), "-storetype", "PKCS12",
                        "-storepass", self.STORE_PASSWORD], check=True, capture_output=True, timeout=60)

    def _openssl(self, *args):
        subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True, timeout=60)

    def issue(self, name):
        """(cert.pem, key.pem) for NAME (subjectAltName DNS:NAME), signed by the CA."""
        key, request, cert = (self.root / ("%s.%s" % (name, ext)) for ext in ("key", "csr", "pem"))
        extensions = self.root / ("%s.ext" % name)
        extensions.write_text("subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n" % name)
        self._openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=" + name)
        self._openssl("x509", "-req", "-in", request, "-CA", self.ca_cert, "-CAkey", self.ca_key, "-CAcreateserial",
                      "-days", "2", "-out", cert, "-extfile", extensions)
        return cert, key

    def jvm_options(self):
        return ["-Djavax.net.ssl.trustStore=%s" % self.trust_store,
                "-Djavax.net.ssl.trustStorePassword=%s" % self.STORE_PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12"]


class MtaStsPolicyServer:
    """https://mta-sts.example.net/.well-known/mta-sts.txt on 127.0.0.1:443 (root only)."""

    def __init__(self, test, pki, policy):
        import http.server
        self.requests = []
        server_self = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server_self.requests.append(self.path)
                if self.path != "/.well-known/mta-sts.txt":
                    self.send_error(404)
                    return
                body = policy.encode("ascii")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        cert, key = pki.issue("mta-sts." + REMOTE_DOMAIN)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        try:
            self.server = Server(("127.0.0.1", 443), Handler)
        except OSError as e:
            test.fail("cannot bind 127.0.0.1:443 for the MTA-STS policy server (needs root): %s" % e)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        test.addCleanup(self.stop)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def hosts_file(directory, names):
    """A hosts file for -Djdk.net.hosts.file: the JVM's own name lookups (the MTA-STS policy
    fetch goes through java.net.http, which does not use [dns] resolver) see NAMES at 127.0.0.1."""
    path = Path(directory) / "hosts"
    path.write_text("127.0.0.1 localhost %s\n" % " ".join(names))
    return path

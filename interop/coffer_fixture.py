"""One real Coffer server per test: a fresh data directory, ephemeral loopback ports,
the account demo@coffer.test with a known password and an app password, and the alias
info@coffer.test. Also small helpers to run the CLI and to read what the server stored.

The jar and the java binary come from interop/run (COFFER_JAR, COFFER_JAVA).
"""

import atexit
import email
import email.utils
import os
import re
import shutil
import signal
import smtplib
import sqlite3
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("COFFER_JAR", REPO / "target" / "coffer.jar")).resolve()
JAVA = os.environ.get("COFFER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")

HOSTNAME = "mail.coffer.test"
CLOSED_RESOLVER = "127.0.0.1:1"
NO_TRUST_ANCHORS = "no-trust-anchors.txt"
DOMAIN = "coffer.test"
DEMO = "demo@coffer.test"
PASSWORD = "interop-password-1"
ALIAS = "info@coffer.test"
APP_PASSWORD_NAME = "interop"

LISTENERS = ("smtp", "submissions", "submission", "imap", "imaps", "pop3", "pop3s", "https", "http",
             "managesieve")
START_TIMEOUT = 60
STOP_TIMEOUT = 30
CLI_TIMEOUT = 120


def java_command(*args):
    return [JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", str(JAR), *args]


def run_cli(*args, data, passwords=None, cwd=None, timeout=CLI_TIMEOUT):
    """Runs `coffer ARGS --data DATA`; passwords go one per line to stdin (--password-stdin)."""
    command = java_command(*args, "--data", str(data))
    stdin = None
    if passwords is not None:
        command.append("--password-stdin")
        stdin = "".join(p + "\n" for p in passwords)
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def cli_ok(*args, data, passwords=None, timeout=CLI_TIMEOUT):
    """Runs a CLI command that must succeed and returns its standard output."""
    result = run_cli(*args, data=data, passwords=passwords, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError("coffer %s failed (exit %d)\nstdout: %s\nstderr: %s"
                             % (" ".join(args), result.returncode, result.stdout, result.stderr))
    return result.stdout


def set_config(data, section, key, literal):
    """Sets `key = literal` in [section] of DATA/coffer.toml, adding the line if missing."""
    path = Path(data) / "coffer.toml"
    lines = path.read_text().splitlines()
    current, header_at = None, None
    for i, line in enumerate(lines):
        header = re.fullmatch(r"\[(\w+)\]\s*", line)
        if header:
            current = header.group(1)
            if current == section:
                header_at = i
        elif current == section and re.match(r"%s\s*=" % re.escape(key), line):
            lines[i] = "%s = %s" % (key, literal)
            break
    else:
        if header_at is None:
            lines += ["", "[%s]" % section, "%s = %s" % (key, literal)]
        else:
            lines.insert(header_at + 1, "%s = %s" % (key, literal))
    path.write_text("\n".join(lines) + "\n")


def without_trace(message):
    """The message minus the leading fields the server adds: Return-Path:, Received:, and the
    results of its checks (Authentication-Results:, X-Spam-Status:)."""
    trace = re.compile(rb"\A(?:Return-Path|Received|Authentication-Results|X-Spam-Status):[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*", re.IGNORECASE)
    while True:
        match = trace.match(message)
        if not match:
            return message
        message = message[match.end():]


class ServerProcess:
    """A long-running coffer command (serve, demo) whose output is collected line by line."""

    def __init__(self, *args, cwd=None, prefix=()):
        """PREFIX runs before the java command, e.g. ("ip", "netns", "exec", NAME)."""
        self.output = []
        self._ended = False
        self._changed = threading.Condition()
        self.process = subprocess.Popen([*prefix, *java_command(*args)], cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._collect_output, daemon=True).start()

    def _collect_output(self):
        for raw in self.process.stdout:
            with self._changed:
                self.output.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_for_output(self, pattern, timeout=START_TIMEOUT):
        """The first output line matching PATTERN; fails if the process ends or time runs out first."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        with self._changed:
            while True:
                for line in self.output:
                    match = regex.search(line)
                    if match:
                        return match
                if self._ended:
                    raise AssertionError("coffer ended (exit %s) before printing %r:\n%s"
                                         % (self.process.wait(10), pattern, self.log()))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no %r from coffer within %ss:\n%s" % (pattern, timeout, self.log()))
                self._changed.wait(left)

    def wait_for_exit(self, timeout):
        """The exit code; fails if the process still runs after TIMEOUT seconds."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("coffer still running after %ss:\n%s" % (timeout, self.log())) from None

    def wait_until_ready(self):
        """The ports printed at start ({"smtp": N}), once the server says it is running."""
        self.wait_for_output(r"^Coffer is running")
        return {m.group(1): int(m.group(2)) for m in
                (re.match(r"^listening: (\w+) on port (\d+)$", line) for line in list(self.output)) if m}

    def log(self):
        with self._changed:
            return "\n".join(self.output)

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, then wait for the process to end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError("coffer did not stop within %ss of SIGTERM" % timeout) from None
        self.process.stdout.close()

    def kill(self):
        """kill -9: no shutdown hook, no flush, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT)
        self.process.stdout.close()


class _Template:
    """A data directory made once per run with the real CLI; each test gets a copy."""
    path = None
    app_password = None

    @classmethod
    def get(cls):
        if cls.path is None:
            root = Path(tempfile.mkdtemp(prefix="coffer-template-"))
            atexit.register(shutil.rmtree, root, True)
            data = root / "data"
            cli_ok("init", "--hostname", HOSTNAME, "--domain", DOMAIN, data=data)
            for name in LISTENERS:
                set_config(data, "listeners", name, '"127.0.0.1:0"' if name == "smtp" else '""')
            # No DNS query may leave the machine: lookups (SPF, DKIM, DMARC, MX) go to a closed
            # loopback port and fail at once; tests that need answers bring their own dnsmasq.
            (data / NO_TRUST_ANCHORS).write_text("")
            set_config(data, "dns", "resolver", '"%s"' % CLOSED_RESOLVER)
            set_config(data, "dns", "trust_anchors", '"%s"' % NO_TRUST_ANCHORS)
            cli_ok("user", "add", DEMO, data=data, passwords=[PASSWORD])
            cls.app_password = cli_ok("user", "app-password", "add", DEMO, APP_PASSWORD_NAME, data=data).strip()
            cli_ok("alias", "add", ALIAS, DEMO, data=data)
            cls.path = data
        return cls.path


class Coffer:
    """A fresh data directory (a copy of the template) and, once started, `coffer serve` on it."""

    def __init__(self, **smtp_settings):
        self.root = Path(tempfile.mkdtemp(prefix="coffer-"))
        self.data = self.root / "data"
        shutil.copytree(_Template.get(), self.data)
        self.app_password = _Template.app_password
        for key, value in smtp_settings.items():
            set_config(self.data, "smtp", key, str(value))
        self.server = None
        self.port = None

    @classmethod
    def started(cls, test, **smtp_settings):
        """A running server for one test case, stopped and removed when the test ends."""
        coffer = cls(**smtp_settings)
        test.addCleanup(coffer.remove)
        coffer.start()
        return coffer

    def start(self):
        self.server = ServerProcess("serve", "--data", str(self.data))
        ports = self.server.wait_until_ready()
        if "smtp" not in ports:
            raise AssertionError("coffer serve printed no smtp port:\n" + self.server.log())
        self.port = ports["smtp"]
        return self

    def stop(self):
        server, self.server = self.server, None
        if server is not None:
            server.stop()

    def kill(self):
        server, self.server = self.server, None
        server.kill()

    def log(self):
        return self.server.log() if self.server else ""

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # --- talking to it ------------------------------------------------------------

    def smtp(self, timeout=30):
        return smtplib.SMTP("127.0.0.1", self.port, local_hostname="client.example.org", timeout=timeout)

    def tls_context(self):
        """Trusts only DIR/ca.pem. The certificate names HOSTNAME, not 127.0.0.1, so the
        chain is verified here and the name by check_server_certificate()."""
        context = ssl.create_default_context(cafile=str(self.data / "ca.pem"))
        context.check_hostname = False
        context.verify_mode = ssl.CERT_REQUIRED
        return context

    @staticmethod
    def check_server_certificate(smtp):
        names = [value for kind, value in smtp.sock.getpeercert().get("subjectAltName", ()) if kind == "DNS"]
        if HOSTNAME not in names:
            raise AssertionError("server certificate names %s, not %s" % (names, HOSTNAME))

    def cli(self, *args, passwords=None):
        return run_cli(*args, data=self.data, passwords=passwords)

    def cli_ok(self, *args, passwords=None):
        return cli_ok(*args, data=self.data, passwords=passwords)

    # --- what it stored -----------------------------------------------------------

    def export_eml(self, address=DEMO, password=PASSWORD, mailbox="INBOX"):
        """`coffer export --format eml`: the messages of MAILBOX in UID order."""
        out = Path(tempfile.mkdtemp(prefix="export-", dir=self.root))
        self.cli_ok("export", "--user", address, "--format", "eml", "--out", str(out), passwords=[password])
        files = sorted((out / mailbox).glob("*.eml"), key=lambda f: int(f.stem))
        return [f.read_bytes() for f in files]

    def export_mbox(self, address=DEMO, password=PASSWORD, mailbox="INBOX"):
        out = Path(tempfile.mkdtemp(prefix="export-", dir=self.root)) / (mailbox + ".mbox")
        self.cli_ok("export", "--user", address, "--format", "mbox", "--out", str(out), "--mailbox", mailbox,
                    passwords=[password])
        return out.read_bytes()

    def query(self, sql, *params):
        """Reads coffer.db without writing to it."""
        connection = sqlite3.connect("file:%s?mode=ro" % (self.data / "coffer.db"), uri=True, timeout=30)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def blob_path(self, blob_id):
        return self.data / "blobs" / blob_id[:2] / blob_id

    def data_files(self):
        return [Path(directory) / name for directory, _, names in os.walk(self.data) for name in names]


def send(coffer, sender, recipients, message, **options):
    """One message in one SMTP session; returns smtplib's refused-recipients dict."""
    with coffer.smtp() as smtp:
        return smtp.sendmail(sender, recipients, message, **options)


def reply(smtp, command):
    """Sends one raw command line; returns (code, text) of the reply."""
    code, text = smtp.docmd(command)
    return code, text.decode("utf-8", "replace")


def new_message_id():
    return "<%s@client.example.org>" % uuid.uuid4()


def simple_message(message_id, to=DEMO, subject="Hello", body="Hello from the interop suite."):
    """A small RFC 5322 message with CRLF line ends, as bytes."""
    return ("From: Alice <alice@example.org>\r\n"
            "To: %s\r\n"
            "Subject: %s\r\n"
            "Date: %s\r\n"
            "Message-ID: %s\r\n"
            "\r\n"
            "%s\r\n" % (to, subject, email.utils.formatdate(), message_id, body)).encode("utf-8")


def message_ids(messages):
    """The Message-ID of each message (bytes), in order."""
    return [email.message_from_bytes(m).get("Message-ID", "").strip() for m in messages]

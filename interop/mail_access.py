"""Reading mail from a real Coffer server: a Coffer with the imap, imaps, pop3 and pop3s
listeners on ephemeral loopback ports, logged-in imaplib/poplib clients that trust only
the data directory's ca.pem, a raw line-level IMAP connection for what imaplib cannot
say, and waits with deadlines.

Builds on coffer_fixture (one real server per test, a fresh copy of the template data
directory with demo@coffer.test and its app password).
"""

import email.utils
import imaplib
import os
import poplib
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import uuid

from coffer_fixture import DEMO, HOSTNAME, Coffer, new_message_id, send, set_config

MAIL_LISTENERS = ("imap", "imaps", "pop3", "pop3s")
SENDER = "alice@example.org"
WAIT = 15          # seconds any single wait for the server may take
CLIENT_TIMEOUT = 120


class MailCoffer(Coffer):
    """A Coffer whose IMAP and POP3 listeners (both plain-with-STARTTLS and implicit TLS)
    listen on ephemeral loopback ports; self.ports maps listener name to port."""

    def __init__(self, **smtp_settings):
        super().__init__(**smtp_settings)
        for name in MAIL_LISTENERS:
            set_config(self.data, "listeners", name, '"127.0.0.1:0"')
        self.ports = {}

    def start(self):
        super().start()
        self.ports = {m.group(1): int(m.group(2)) for m in
                      (re.match(r"^listening: (\w+) on port (\d+)$", line) for line in list(self.server.output)) if m}
        missing = [name for name in MAIL_LISTENERS if name not in self.ports]
        if missing:
            raise AssertionError("coffer serve printed no port for %s:\n%s" % (missing, self.server.log()))
        return self

    # --- IMAP ---------------------------------------------------------------------

    def imaps(self, login=True):
        """imaplib over implicit TLS (the imaps listener), logged in with the app password."""
        client = imaplib.IMAP4_SSL("127.0.0.1", self.ports["imaps"], ssl_context=self.tls_context(),
                                   timeout=CLIENT_TIMEOUT)
        if login:
            client.login(DEMO, self.app_password)
        return client

    def imap(self):
        """imaplib on the imap listener, not logged in, before STARTTLS."""
        return imaplib.IMAP4("127.0.0.1", self.ports["imap"], timeout=CLIENT_TIMEOUT)

    def raw_imap(self, login=True):
        """A line-level IMAP connection over implicit TLS."""
        raw = RawImap(self.ports["imaps"], self.tls_context())
        if login:
            raw.expect_ok("LOGIN %s %s" % (quoted(DEMO), quoted(self.app_password)))
        return raw

    # --- POP3 ---------------------------------------------------------------------

    def pop3s(self, login=True):
        client = poplib.POP3_SSL("127.0.0.1", self.ports["pop3s"], context=self.tls_context(),
                                 timeout=CLIENT_TIMEOUT)
        if login:
            client.user(DEMO)
            client.pass_(self.app_password)
        return client

    def pop3(self):
        return poplib.POP3("127.0.0.1", self.ports["pop3"], timeout=CLIENT_TIMEOUT)

    # --- mail and disk ----------------------------------------------------------------

    def deliver(self, subject=None, body=None, to=DEMO):
        """One message over SMTP to TO; returns (message_id, marker). The marker, a unique
        word, is in the subject and the body unless those are given."""
        marker = "marker" + uuid.uuid4().hex
        message_id = new_message_id()
        message = ("From: Alice <%s>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n\r\n%s\r\n"
                   % (SENDER, to, subject or "Subject " + marker, email.utils.formatdate(), message_id,
                      body or "Body " + marker))
        refused = send(self, SENDER, [to], message.encode("utf-8"))
        if refused:
            raise AssertionError("SMTP refused %s" % refused)
        return message_id, marker

    def files_containing(self, needle):
        """Every file under the data directory whose bytes contain NEEDLE."""
        needle = needle.encode("utf-8") if isinstance(needle, str) else needle
        found = []
        for path in self.data_files():
            try:
                if needle in path.read_bytes():
                    found.append(path)
            except FileNotFoundError:
                pass  # a SQLite journal may come and go while we look
        return found


def started(test, **smtp_settings):
    """A running MailCoffer for one test case, stopped and removed when the test ends."""
    coffer = MailCoffer(**smtp_settings)
    test.addCleanup(coffer.remove)
    coffer.start()
    return coffer


def quoted(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def check_certificate_names_hostname(tls_socket):
    names = [value for kind, value in tls_socket.getpeercert().get("subjectAltName", ()) if kind == "DNS"]
    if HOSTNAME not in names:
        raise AssertionError("server certificate names %s, not %s" % (names, HOSTNAME))


def wait_until(predicate, what, timeout=WAIT, interval=0.1):
    """Polls PREDICATE until it returns something true; fails naming WHAT after TIMEOUT."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("%s: not within %ss" % (what, timeout))
        time.sleep(interval)


def require_tool(name, package):
    """The path of a client program; fails (never skips) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        raise AssertionError("%s is not installed: apt-get install -y %s" % (name, package))
    return path


def run_tool(command, timeout=CLIENT_TIMEOUT, **options):
    """Runs a client program with a deadline; returns the CompletedProcess (text)."""
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **options)
    except subprocess.TimeoutExpired as timeout_error:
        raise AssertionError("%s did not finish within %ss\nstdout: %s\nstderr: %s"
                             % (command[0], timeout, timeout_error.stdout, timeout_error.stderr)) from None


def uid_set(text):
    """'1:3,7' -> {1, 2, 3, 7}."""
    uids = set()
    for part in text.split(","):
        low, _, high = part.partition(":")
        low, high = int(low), int(high or low)
        uids.update(range(min(low, high), max(low, high) + 1))
    return uids


class RawImap:
    """An IMAP connection spoken line by line: tagged commands, every response line kept."""

    def __init__(self, port, context, timeout=60):
        plain = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock = context.wrap_socket(plain, server_hostname=HOSTNAME)
        self.file = self.sock.makefile("rb")
        self.counter = 0
        self.greeting = self.readline()

    def readline(self):
        line = self.file.readline()
        if not line:
            raise ConnectionError("the server closed the connection")
        return line.rstrip(b"\r\n").decode("utf-8", "replace")

    def send(self, data):
        self.sock.sendall(data.encode("utf-8") if isinstance(data, str) else data)

    def next_tag(self):
        self.counter += 1
        return "r%d" % self.counter

    def command(self, text):
        """Sends TAG TEXT; returns (untagged lines, tagged line)."""
        tag = self.next_tag()
        self.send("%s %s\r\n" % (tag, text))
        return self.read_until_tagged(tag)

    def read_until_tagged(self, tag):
        untagged = []
        while True:
            line = self.readline()
            if line.startswith(tag + " "):
                return untagged, line
            untagged.append(line)

    def expect_ok(self, text):
        untagged, tagged = self.command(text)
        if tagged.split(" ")[1] != "OK":
            raise AssertionError("%s -> %s" % (text.split(" ")[0], tagged))
        return untagged

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def in_thread(function, *args):
    """Runs FUNCTION(*ARGS) in a daemon thread; returns a join() that re-raises its error."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def join(timeout=WAIT * 4):
        thread.join(timeout)
        if thread.is_alive():
            raise AssertionError("%s still running after %ss" % (function.__name__, timeout))
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    return join


def environment_without_home(home):
    """os.environ with HOME (and the XDG dirs) pointing at a private directory."""
    env = dict(os.environ)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_DATA_HOME=str(home / ".local" / "share"))
    return env


def ssl_unverified():
    return ssl._create_unverified_context()  # only for probing protocol versions

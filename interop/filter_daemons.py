"""Private rspamd and clamd instances for the filter interop tests: each in its own
temporary directory with its own configuration, on a free loopback port, in the
foreground, and stopped by the test. No downloads, no freshclam, no system service.

clamd gets a database of one signature, written here, that matches the EICAR test
string. rspamd gets a minimal configuration: no Lua rules, no Redis, DNS pointed at a
closed loopback port, a short TLD list (compiling the full one takes it ~20 s), and its
GTUBE test patterns enabled so that the "add header" variant can be asked for
(enable_test_patterns up to Rspamd 3.7, gtube_patterns = "all" from 3.8; each ignores the other).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

# https://www.eicar.org/download-anti-malware-testfile/ (68 bytes)
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# https://spamassassin.apache.org/gtube/ ; Rspamd answers "reject" to it
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
# https://rspamd.com/doc/gtube_patterns.html: the pattern Rspamd answers "add header" to
GTUBE_ADD_HEADER = "YJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
CLAMD_SIGNATURE = "Coffer-Test-EICAR"
START_TIMEOUT = 60
STOP_TIMEOUT = 10


def require(program):
    """The path of clamd or rspamd; fails (never skips) when the package is missing."""
    for path in (shutil.which(program), "/usr/sbin/" + program, "/usr/bin/" + program):
        if path and Path(path).is_file():
            return path
    package = "clamav-daemon" if program == "clamd" else program
    raise AssertionError("%s is not installed: apt-get install -y %s" % (program, package))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """A foreground daemon whose output goes to DIR/NAME.log; self.startup is how long it took to answer."""

    name = None

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="coffer-%s-" % self.name))
        self.port = free_port()
        self.process = None
        self.startup = None

    def command(self):
        raise NotImplementedError

    def ready(self):
        raise NotImplementedError

    def start(self):
        log = open(self.dir / (self.name + ".log"), "wb")
        # a session of its own, so that stopping it reaches rspamd's worker processes too
        self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        began = time.monotonic()
        while not self.ready():
            if self.process.poll() is not None:
                raise AssertionError("%s exited with %s:\n%s" % (self.name, self.process.returncode, self.log()))
            if time.monotonic() - began > START_TIMEOUT:
                self.kill()
                raise AssertionError("%s not ready within %ss:\n%s" % (self.name, START_TIMEOUT, self.log()))
            time.sleep(0.05)
        self.startup = time.monotonic() - began
        return self

    def log(self):
        path = self.dir / (self.name + ".log")
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        """SIGTERM, then SIGKILL after STOP_TIMEOUT."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self):
        """SIGKILL: the scanner is simply gone."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT)

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class Clamd(Daemon):
    name = "clamd"

    def command(self):
        db = self.dir / "db"
        db.mkdir()
        # an .ndb body signature: name:target type 0 (any file):offset *:hex
        (db / "coffer-test.ndb").write_text("%s:0:*:%s\n" % (CLAMD_SIGNATURE, EICAR.hex()))
        conf = self.dir / "clamd.conf"
        conf.write_text("Foreground yes\nDatabaseDirectory %s\nTCPSocket %d\nTCPAddr 127.0.0.1\n"
                        "TemporaryDirectory %s\nPidFile %s/clamd.pid\nStreamMaxLength 1M\n"
                        % (db, self.port, self.dir, self.dir))
        return [require("clamd"), "-c", str(conf)]

    def ready(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(b"zPING\0")
                return s.recv(5) == b"PONG\0"
        except OSError:
            return False

    def address(self):
        return "127.0.0.1:%d" % self.port


class Rspamd(Daemon):
    name = "rspamd"

    def command(self):
        (self.dir / "tld.dat").write_text("com\norg\nnet\ntest\nexample\n")
        conf = self.dir / "rspamd.conf"
        conf.write_text("""options {
  pidfile = "%(dir)s/rspamd.pid";
  filters = "";
  enable_test_patterns = true;
  gtube_patterns = "all";
  dns { nameserver = ["127.0.0.1:9"]; timeout = 1s; retransmits = 1; }
  local_addrs = [];
  control_socket = "%(dir)s/rspamd.sock mode=0600";
  cache_file = "%(dir)s/symbols.cache";
  hs_cache_dir = "%(dir)s";
  maps_cache_dir = "%(dir)s";
  tempdir = "%(dir)s";
  url_tld = "%(dir)s/tld.dat";
}
logging { type = "console"; level = "notice"; }
worker "normal" { bind_socket = "127.0.0.1:%(port)d"; count = 1; }
actions { reject = 15; add_header = 6; greylist = 4; }
""" % {"dir": self.dir, "port": self.port})
        return [require("rspamd"), "-f", "-i", "-c", str(conf)]

    def ready(self):
        try:
            with urllib.request.urlopen(self.url() + "/ping", timeout=2) as response:
                return response.status == 200 and response.read().strip() == b"pong"
        except OSError:
            return False

    def url(self):
        return "http://127.0.0.1:%d" % self.port


def started(add_cleanup, daemon_class):
    """A running daemon, removed by ADD_CLEANUP (a test's addCleanup or a class's addClassCleanup)."""
    daemon = daemon_class()
    add_cleanup(daemon.remove)
    return daemon.start()

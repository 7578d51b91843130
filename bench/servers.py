"""The servers under test, each private to one temporary directory and loopback ports:
Coffer (`coffer serve`), and Postfix delivering over LMTP to Dovecot (with or without
Dovecot's mail_crypt plugin). Plus process-tree CPU and memory readings from /proc.

Every process started here is registered with CLEANUP and stopped when the run ends,
also on failure or on SIGINT/SIGTERM.
"""

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
JAVA = os.environ.get("COFFER_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
JAR = Path(os.environ.get("COFFER_JAR", REPO / "target" / "coffer.jar"))

DOMAIN = "coffer.test"
HOSTNAME = "mail.coffer.test"
PASSWORD = "bench-password-1"
CLI_TIMEOUT = 180
START_TIMEOUT = 90
STOP_TIMEOUT = 30


# --- cleanup -------------------------------------------------------------------------

class Cleanup:
    """A stack of undo actions, run in reverse on exit (also after a signal)."""

    def __init__(self):
        self.actions = []

    def push(self, action):
        self.actions.append(action)
        return action

    def remove(self, action):
        if action in self.actions:
            self.actions.remove(action)

    def run(self):
        while self.actions:
            action = self.actions.pop()
            try:
                action()
            except Exception as e:  # keep stopping the others
                print("cleanup: %s" % e, flush=True)


CLEANUP = Cleanup()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError("timed out after %ss waiting for %s" % (timeout, what))
        time.sleep(interval)


def port_answers(port, banner=b""):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as c:
            return c.recv(512).startswith(banner) if banner else True
    except OSError:
        return False


def run(command, timeout=CLI_TIMEOUT, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise RuntimeError("%s failed (exit %d)\n%s%s" % (" ".join(map(str, command)), result.returncode,
                                                          result.stdout, result.stderr))
    return result.stdout


# --- /proc readings ------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except OSError:
        return None
    rest = text[text.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): ppid = field 4, utime..cstime = fields 14..17
    return int(rest[1]), sum(int(x) for x in rest[11:15])


def tree_cpu_seconds(roots):
    """CPU seconds (user + system) of the processes ROOTS and all their descendants,
    including children they already reaped (cutime/cstime)."""
    parents, ticks = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat:
                parents[int(entry)], ticks[int(entry)] = stat
    children = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [r for r in roots if r in ticks]
    seen = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += ticks.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total / CLOCK_TICKS


def compiler_cpu_seconds(pid):
    """CPU seconds (user + system) so far of the JIT compiler threads of the JVM PID (threads
    named "C1 CompilerThread…"/"C2 CompilerThread…"; one that already ended is not counted)."""
    total = 0
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return 0.0
    for task in tasks:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, task)) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        if "CompilerThre" in name:
            fields = stat[stat.rindex(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- Coffer --------------------------------------------------------------------------

def coffer_command(*args):
    """`java -jar coffer.jar ARGS`; COFFER_JAVA_OPTS (e.g. "-Xmx512m") goes to `serve` only."""
    options = os.environ.get("COFFER_JAVA_OPTS", "").split() if args[:1] == ("serve",) else []
    return [JAVA, "--enable-native-access=ALL-UNNAMED", *options, "-jar", str(JAR), *args]


def set_config(data, section, key, literal):
    """Sets `key = literal` in [section] of DATA/coffer.toml (as interop/coffer_fixture.py does)."""
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


class CofferTemplate:
    """`coffer init` + one account (demo@coffer.test) with an app password, made once; each
    instance gets a copy of the directory."""

    def __init__(self, root):
        self.data = Path(root) / "coffer-template"
        run(coffer_command("init", "--hostname", HOSTNAME, "--domain", DOMAIN, "--data", str(self.data)))
        for name in ("smtp", "submissions", "submission", "imap", "imaps", "pop3", "pop3s", "https", "http",
                     "managesieve"):
            set_config(self.data, "listeners", name, '"127.0.0.1:0"' if name in ("smtp", "imaps") else '""')
        # Postfix in this bench checks no SPF/DKIM/DMARC either: Coffer's lookups go to a closed
        # loopback port and fail at once (temperror), so no query leaves the machine.
        (self.data / "no-trust-anchors.txt").write_text("")
        set_config(self.data, "dns", "resolver", '"127.0.0.1:1"')
        set_config(self.data, "dns", "trust_anchors", '"no-trust-anchors.txt"')
        # smtp-source opens up to 200 sessions from 127.0.0.1, all with one sender
        set_config(self.data, "smtp", "max_connections_per_ip", "1000")
        set_config(self.data, "smtp", "max_messages_per_ip_per_hour", "100000000")
        set_config(self.data, "smtp", "max_messages_per_sender_per_hour", "100000000")
        run(coffer_command("user", "add", "demo@" + DOMAIN, "--data", str(self.data), "--password-stdin"),
            input=PASSWORD + "\n")
        self.app_password = run(coffer_command("user", "app-password", "add", "demo@" + DOMAIN, "bench",
                                               "--data", str(self.data))).strip()


class Coffer:
    name = "coffer"
    user = "demo@" + DOMAIN

    def __init__(self, root, template):
        self.root = Path(root)
        self.data = self.root / "data"
        shutil.copytree(template.data, self.data)
        self.password = template.app_password
        self.process = None
        self.smtp_port = self.imaps_port = None
        self._stop_action = None

    def start(self):
        self.log_path = self.root / "serve.log"
        self.log_from = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(coffer_command("serve", "--data", str(self.data)), stdin=subprocess.DEVNULL,
                                        stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self._stop_action = CLEANUP.push(self.stop)

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError("coffer serve ended (exit %s):\n%s" % (self.process.returncode, self.log()))
            return "Coffer is running" in self.log()[self.log_from:]
        wait_until(ready, START_TIMEOUT, "coffer serve", 0.1)
        ports = dict(re.findall(r"^listening: (\w+) on port (\d+)$", self.log()[self.log_from:], re.M))
        self.smtp_port, self.imaps_port = int(ports["smtp"]), int(ports["imaps"])
        return self

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        CLEANUP.remove(self._stop_action)
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)

    def pids(self):
        return [self.process.pid]

    def count(self, recipient=None):
        """Messages durably stored: committed rows of the messages table."""
        db = sqlite3.connect("file:%s?mode=ro" % (self.data / "coffer.db"), uri=True, timeout=30)
        try:
            return db.execute("SELECT count(*) FROM messages").fetchone()[0]
        finally:
            db.close()

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


# --- Postfix -> LMTP -> Dovecot ------------------------------------------------------

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
lmtp      unix  -       -       n       -       -       lmtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""

DOVECOT_CONF = """\
base_dir = {base}
state_dir = {state}
instance_name = bench-{tag}
log_path = {root}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={mail}/%n allow_all_users=yes
}}
mail_location = maildir:~/Maildir
mail_plugins = $mail_plugins {plugins}
mail_max_userip_connections = 100
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp}
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
plugin {{
{plugin_settings}
}}
"""

MAIL_CRYPT = """\
  mail_crypt_global_private_key = <{root}/ecprivkey.pem
  mail_crypt_global_public_key = <{root}/ecpubkey.pem
  mail_crypt_save_version = 2
  mail_crypt_curve = prime256v1
"""


class PostfixDovecot:
    """Postfix (smtpd on a loopback port, virtual_transport = LMTP) in front of Dovecot
    (LMTP + IMAPS on loopback ports, Maildir, static passdb/userdb, optionally mail_crypt
    with a global prime256v1 key pair). The recipient local part picks the Maildir, so
    each run can deliver to a fresh mailbox (RUN@coffer.test)."""

    def __init__(self, root, crypt):
        self.crypt = crypt
        self.name = "postfix+dovecot" + ("(mail_crypt)" if crypt else "")
        self.root = Path(root)
        self.root.mkdir(parents=True)
        os.chmod(self.root, 0o755)
        self.dc, self.pf = self.root / "dovecot", self.root / "postfix"
        self.mail = self.dc / "mail"
        for d in (self.dc, self.dc / "base", self.dc / "state", self.mail, self.pf, self.pf / "conf",
                  self.pf / "queue", self.pf / "data"):
            d.mkdir()
        os.chmod(self.dc, 0o755)
        os.chown(self.mail, 65534, 65534)
        shutil.chown(self.pf / "data", "postfix")
        self.user = "demo@" + DOMAIN
        self.password = PASSWORD
        self.lmtp_port, self.imaps_port, self.smtp_port = free_port(), free_port(), free_port()
        run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "2", "-keyout", str(self.dc / "key.pem"), "-out", str(self.dc / "cert.pem"),
             "-subj", "/CN=" + HOSTNAME])
        plugin_settings = ""
        if crypt:
            # Dovecot 2.3.19's mail_crypt fails with X25519: prime256v1, as the issue says.
            # Global keys: no per-folder key to create, so concurrent first deliveries cannot race.
            run(["sh", "-c", "openssl ecparam -name prime256v1 -genkey | openssl pkey -out ecprivkey.pem"
                 " && openssl pkey -in ecprivkey.pem -pubout -out ecpubkey.pem"], cwd=self.dc)
            plugin_settings = MAIL_CRYPT.format(root=self.dc)
        tag = "%s-%d" % ("crypt" if crypt else "plain", os.getpid())
        (self.dc / "dovecot.conf").write_text(DOVECOT_CONF.format(
            base=self.dc / "base", state=self.dc / "state", root=self.dc, tag=tag, password=PASSWORD,
            mail=self.mail, plugins="mail_crypt" if crypt else "", lmtp=self.lmtp_port, imaps=self.imaps_port,
            plugin_settings=plugin_settings))
        settings = {
            "compatibility_level": "3.6",
            "queue_directory": self.pf / "queue",
            "data_directory": self.pf / "data",
            "maillog_file": self.pf / "maillog",
            "maillog_file_prefixes": self.root,
            "myhostname": "mx.postfix.test",
            "mydomain": "postfix.test",
            "myorigin": "postfix.test",
            "mydestination": "",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "virtual_mailbox_domains": DOMAIN,
            "virtual_mailbox_maps": "static:ok",
            "virtual_transport": "lmtp:inet:127.0.0.1:%d" % self.lmtp_port,
            "smtpd_peername_lookup": "no",
            "alias_maps": "",
            "alias_database": "",
            "biff": "no",
            "smtpd_tls_security_level": "none",
        }
        (self.pf / "conf" / "main.cf").write_text("".join("%s = %s\n" % item for item in settings.items()))
        (self.pf / "conf" / "master.cf").write_text(MASTER_CF.format(port=self.smtp_port))
        self.dovecot = None
        self.postfix_running = False
        self._stop_action = None

    # -- lifecycle

    def postfix(self, *args):
        return run(["postfix", "-c", str(self.pf / "conf"), *args], timeout=120)

    def start(self, postfix=True):
        self._stop_action = self._stop_action or CLEANUP.push(self.stop)
        self.start_dovecot()
        if postfix:
            self.start_postfix()
        return self

    def start_postfix(self):
        if self.postfix_running:
            return
        self.postfix("start")
        self.postfix_running = True
        wait_until(lambda: port_answers(self.smtp_port, b"220"), 60, "postfix on port %d" % self.smtp_port, 0.2)

    def start_dovecot(self):
        self.dovecot = subprocess.Popen(["dovecot", "-F", "-c", str(self.dc / "dovecot.conf")],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=open(self.dc / "dovecot.stderr", "ab"))

        def ready():
            if self.dovecot.poll() is not None:
                raise RuntimeError("dovecot ended (exit %s): %s%s" % (
                    self.dovecot.returncode, (self.dc / "dovecot.stderr").read_text(errors="replace"),
                    self.dovecot_log()))
            return port_answers(self.lmtp_port, b"220") and port_answers(self.imaps_port)
        wait_until(ready, 60, "dovecot", 0.2)

    def stop_dovecot(self):
        process, self.dovecot = self.dovecot, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)

    def postfix_master(self):
        try:
            return int((self.pf / "queue" / "pid" / "master.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop_postfix(self):
        if not self.postfix_running:
            return
        self.postfix_running = False
        try:
            self.postfix("stop")
        except Exception:
            pid = self.postfix_master()
            if pid:
                os.kill(pid, signal.SIGTERM)

        def gone():
            pid = self.postfix_master()
            if pid is None:
                return True
            try:
                os.kill(pid, 0)
                return False
            except OSError:
                return True
        wait_until(gone, STOP_TIMEOUT, "postfix master ending", 0.2)

    def stop(self):
        CLEANUP.remove(self._stop_action)
        self._stop_action = None
        try:
            self.stop_postfix()
        finally:
            self.stop_dovecot()

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def dovecot_log(self):
        path = self.dc / "dovecot.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def postfix_log(self):
        path = self.pf / "maillog"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def log(self):
        return "postfix:\n%s\ndovecot:\n%s" % (self.postfix_log(), self.dovecot_log())

    def pids(self):
        pids = [self.dovecot.pid] if self.dovecot else []
        master = self.postfix_master()
        return pids + ([master] if master and self.postfix_running else [])

    def count(self, recipient):
        """Messages durably stored: files Dovecot renamed into the Maildir's new/ or cur/."""
        maildir = self.mail / recipient.split("@")[0] / "Maildir"
        total = 0
        for sub in ("new", "cur"):
            try:
                with os.scandir(maildir / sub) as it:
                    total += sum(1 for _ in it)
            except FileNotFoundError:
                pass
        return total

    def drop_mailbox(self, recipient):
        shutil.rmtree(self.mail / recipient.split("@")[0], ignore_errors=True)

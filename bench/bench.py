#!/usr/bin/env python3
"""Coffer side by side with Postfix -> LMTP -> Dovecot (with and without mail_crypt):
SMTP ingest, IMAP fetches and (full run) 10,000 idle IMAP connections. See bench/README.md.

Run through bench/run.sh, which installs the packages and builds the jar."""

import argparse
import json
import os
import re
import selectors
import signal
import smtplib
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import resource
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import (CLEANUP, Coffer, CofferTemplate, PostfixDovecot, compiler_cpu_seconds, rss_mib,  # noqa: E402
                     tree_cpu_seconds, wait_until, DOMAIN)
from imapclient import Imap, tls_context, quote  # noqa: E402

KINDS = ("coffer", "pd-crypt", "pd-plain")
LABEL = {"coffer": "Coffer", "pd-crypt": "Postfix+Dovecot mail_crypt", "pd-plain": "Postfix+Dovecot plain"}
SENDER = "bench@example.org"


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


class Bench:
    def __init__(self, args):
        self.args = args
        self.root = Path(tempfile.mkdtemp(prefix="coffer-bench-"))
        os.chmod(self.root, 0o755)  # Postfix and Dovecot run as other users
        self.template = None
        self.serial = 0
        self.results = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "args": vars(args)}

    def new_dir(self, name):
        self.serial += 1
        return self.root / ("%s-%d" % (name, self.serial))

    def new_server(self, kind):
        if kind == "coffer":
            if self.template is None:
                self.template = CofferTemplate(self.root)
            return Coffer(self.new_dir("coffer"), self.template)
        return PostfixDovecot(self.new_dir(kind), crypt=(kind == "pd-crypt"))

    # --- loading -----------------------------------------------------------------------

    def smtp_source(self, server, recipient, count, size, sessions, timeout):
        command = ["smtp-source", "-s", str(sessions), "-l", str(size), "-m", str(count), "-f", SENDER,
                   "-t", recipient, "-M", "client.example.org", "127.0.0.1:%d" % server.smtp_port]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0 or result.stderr.strip():
            raise RuntimeError("smtp-source exit %d: %s" % (result.returncode, result.stderr[-1000:]))

    def deliver(self, server, recipient, count, size, sessions, timeout):
        """Sends COUNT messages and waits until all are stored; (seconds to accept, seconds to store)."""
        base = server.count(recipient)
        t0 = time.monotonic()
        self.smtp_source(server, recipient, count, size, sessions, timeout)
        accepted = time.monotonic() - t0
        left = max(10, timeout - accepted)
        wait_until(lambda: server.count(recipient) >= base + count, left,
                   "%d messages stored by %s" % (count, server.name), 0.05)
        return accepted, time.monotonic() - t0

    # --- SMTP ingest ---------------------------------------------------------------------

    def ingest(self):
        a = self.args
        rows = []
        for sessions in a.sessions:
            for size in a.sizes:
                runs = {k: [] for k in KINDS}
                for rep in range(a.reps):
                    order = KINDS[rep % 3:] + KINDS[:rep % 3]  # alternate who goes first
                    for kind in order:
                        runs[kind].append(self.ingest_once(kind, size, sessions, rep))
                rows.append({"size": size, "sessions": sessions, "runs": runs})
                self.results["ingest"] = rows
                self.save()
        return rows

    def ingest_once(self, kind, size, sessions, rep):
        a = self.args
        server = self.new_server(kind)
        recipient = "r%d@%s" % (self.serial, DOMAIN) if kind != "coffer" else server.user
        # Dovecot gets slower as a mailbox grows, so its warm-up goes to another mailbox; Coffer has one account
        warmup_recipient = "w%d@%s" % (self.serial, DOMAIN) if kind != "coffer" else server.user
        timeout = max(a.messages, a.warmup) / 5 + 120
        try:
            server.start()
            self.deliver(server, warmup_recipient, a.warmup, size, min(sessions, 20), timeout)
            cpu0 = tree_cpu_seconds(server.pids())
            jit0 = compiler_cpu_seconds(server.pids()[0]) if kind == "coffer" else None
            accepted, stored = self.deliver(server, recipient, a.messages, size, sessions, timeout)
            cpu = tree_cpu_seconds(server.pids()) - cpu0
            result = {"rate": a.messages / stored, "accept_rate": a.messages / accepted,
                      "cpu_per_1000": cpu * 1000 / a.messages, "seconds": stored}
            if jit0 is not None:  # how much of it was the JIT compiling (the JVM still warming up)
                result["jit_cpu_per_1000"] = (compiler_cpu_seconds(server.pids()[0]) - jit0) * 1000 / a.messages
            log("ingest %-8s %6d B %3d sessions rep %d: %7.1f msgs/s stored (%7.1f accepted), %.2f CPU-s/1000%s"
                % (kind, size, sessions, rep + 1, result["rate"], result["accept_rate"], result["cpu_per_1000"],
                   " (JIT compiler threads %.2f)" % result["jit_cpu_per_1000"] if jit0 is not None else ""))
            return result
        except Exception as e:
            log("ingest %s %d B %d sessions rep %d FAILED: %s\n%s" % (kind, size, sessions, rep + 1, e,
                                                                      server.log()[-3000:]))
            return None
        finally:
            server.remove()

    # --- IMAP ----------------------------------------------------------------------------

    def imap(self):
        """For each mailbox size in turn (the mailboxes grow from one size to the next): cold and warm
        envelope fetch, 1,000 bodies, QRESYNC."""
        a = self.args
        servers = {}
        rounds = []
        try:
            for kind in KINDS:
                servers[kind] = self.new_server(kind)
                servers[kind].start()
            loaded = 0
            for number, messages in enumerate(a.imap_messages):
                for kind in KINDS:
                    self.load_mailbox(servers[kind], messages - loaded)
                loaded = messages
                rounds.append(self.imap_round(servers, messages, number))
                self.results["imap"] = rounds
                self.save()
        finally:
            for server in servers.values():
                server.remove()
        return rounds

    def load_mailbox(self, server, count):
        if isinstance(server, PostfixDovecot):
            server.start_postfix()
        t = time.monotonic()
        left = count
        while left:  # in slices, so one slow server cannot eat the whole time bound
            n = min(left, 5000)
            self.deliver(server, server.user, n, self.args.imap_size, 20, n / 5 + 120)
            left -= n
        log("imap: %s loaded %d more messages in %.0f s" % (server.name, count, time.monotonic() - t))
        if isinstance(server, PostfixDovecot):
            server.stop_postfix()  # nothing else runs while IMAP is measured

    def imap_round(self, servers, messages, number):
        a = self.args
        out = {"messages": messages, "size": a.imap_size}
        # cold: first access after a restart of the server
        for kind in KINDS:
            self.restart(servers[kind])
            out.setdefault(kind, {})["cold"] = self.envelope_fetch(servers[kind], messages)
            log("imap %d: %s cold SELECT+FETCH 1:* %.2f s" % (messages, kind, out[kind]["cold"]))
        for rep in range(a.reps):
            order = KINDS[rep % 3:] + KINDS[:rep % 3]
            for kind in order:
                out[kind].setdefault("warm_runs", []).append(self.envelope_fetch(servers[kind], messages))
                out[kind].setdefault("bodies_runs", []).append(self.bodies(servers[kind], min(1000, messages)))
                log("imap %d: %s warm %.2f s, 1000 bodies %.2f s" % (messages, kind, out[kind]["warm_runs"][-1],
                                                                    out[kind]["bodies_runs"][-1]))
        flag = ("\\Flagged", "\\Answered", "\\Draft")[number % 3]  # a change each round
        for kind in KINDS:
            out[kind]["warm"] = median(out[kind]["warm_runs"])
            out[kind]["bodies"] = median(out[kind]["bodies_runs"])
            try:
                out[kind]["qresync"], out[kind]["qresync_fetches"] = self.qresync(servers[kind],
                                                                                  min(1000, messages), flag)
                log("imap %d: %s QRESYNC after 1000 flag changes %.3f s (%d FETCH)"
                    % (messages, kind, out[kind]["qresync"], out[kind]["qresync_fetches"]))
            except Exception as e:
                log("imap %d: %s QRESYNC failed: %s" % (messages, kind, e))
        return out

    def restart(self, server):
        if isinstance(server, Coffer):
            server.stop()
            server.start()
        else:
            server.stop_dovecot()
            server.start_dovecot()

    def session(self, server):
        imap = Imap(server.imaps_port)
        imap.login(server.user, server.password)
        return imap

    def envelope_fetch(self, server, messages):
        imap = self.session(server)
        try:
            t = time.monotonic()
            imap.command("SELECT INBOX")
            lines, _ = imap.command("FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE)")
            elapsed = time.monotonic() - t
            fetches = sum(1 for line in lines if b" FETCH " in line[:30])
            if fetches < messages:
                raise RuntimeError("%s: %d FETCH responses, expected %d" % (server.name, fetches, messages))
            return elapsed
        finally:
            imap.close()

    def bodies(self, server, n):
        imap = self.session(server)
        try:
            imap.command("EXAMINE INBOX")
            lines, _ = imap.command("FETCH 1:%d (UID)" % n)
            uids = sorted(int(re.search(rb"UID (\d+)", line).group(1)) for line in lines if b"UID" in line)
            t = time.monotonic()
            lines, _ = imap.command("UID FETCH %d:%d (BODY.PEEK[])" % (uids[0], uids[-1]))
            elapsed = time.monotonic() - t
            if sum(1 for line in lines if b" FETCH " in line[:30]) != n:
                raise RuntimeError("%s: wrong number of bodies" % server.name)
            return elapsed
        finally:
            imap.close()

    def qresync(self, server, n, flag):
        imap = self.session(server)
        try:
            imap.command("ENABLE QRESYNC")
            lines, _ = imap.command("SELECT INBOX")
            text = b"\n".join(lines)
            validity = int(re.search(rb"UIDVALIDITY (\d+)", text).group(1))
            modseq = int(re.search(rb"HIGHESTMODSEQ (\d+)", text).group(1))
            imap.command("STORE 1:%d +FLAGS.SILENT (%s)" % (n, flag))  # another client's changes
        finally:
            imap.close()
        imap = self.session(server)
        try:
            t = time.monotonic()
            imap.command("ENABLE QRESYNC")
            lines, _ = imap.command("SELECT INBOX (QRESYNC (%d %d))" % (validity, modseq))
            elapsed = time.monotonic() - t
            return elapsed, sum(1 for line in lines if b" FETCH " in line[:30])
        finally:
            imap.close()

    # --- idle connections ----------------------------------------------------------------

    def idle(self):
        a = self.args
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        if hard < a.idle + 100:
            log("idle: RLIMIT_NOFILE %d < %d connections: lowering the count" % (hard, a.idle))
            a.idle = hard - 100
        server = self.new_server("coffer")
        out = {"connections": a.idle}
        try:
            server.start()
            self.deliver(server, server.user, 10, 2000, 1, 120)
            out["rss_before_mib"] = rss_mib(server.process.pid)
            idlers = IdleClients(server, a.idle, a.idle_timeout)
            try:
                t = time.monotonic()
                idlers.open_all()
                out["setup_seconds"] = time.monotonic() - t
                time.sleep(2)
                out["rss_idle_mib"] = rss_mib(server.process.pid)
                log("idle: %d connections in IDLE after %.0f s; Coffer VmRSS %.0f MiB (%.0f before)"
                    % (idlers.idling, out["setup_seconds"], out["rss_idle_mib"], out["rss_before_mib"]))
                out["idling"] = idlers.idling
                sent, accepted, got = idlers.deliver_and_wait(a.idle_wait)
                out["notified"] = len(got)
                if got:
                    out["all_notified_after_accept_s"] = max(got) - accepted
                    out["median_notified_after_accept_s"] = statistics.median(got) - accepted
                    out["smtp_transaction_s"] = accepted - sent
                    out["all_notified_after_send_s"] = max(got) - sent
                log("idle: %d of %d idlers got EXISTS; last %.3f s after the SMTP 250 (median %.3f s)"
                    % (len(got), idlers.idling, out.get("all_notified_after_accept_s", float("nan")),
                       out.get("median_notified_after_accept_s", float("nan"))))
            finally:
                idlers.close()
        finally:
            server.remove()
        self.results["idle"] = out
        self.save()
        return out

    def save(self):
        out = Path(self.args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(json.dumps(self.results, indent=1, default=str))


class IdleClients:
    """N TLS IMAP sessions in IDLE from one process (selectors, non-blocking), 20 per
    source address 127.0.x.y (Coffer allows 20 IMAP connections per address)."""

    PER_ADDRESS = 20
    IN_FLIGHT = 64

    def __init__(self, server, n, timeout):
        self.server, self.n, self.timeout = server, n, timeout
        self.sel = selectors.DefaultSelector()
        self.ctx = tls_context()
        self.conns = []
        self.idling = 0
        self.pending = 0
        self.failed = 0
        self.login = ("a1 LOGIN %s %s\r\n" % (quote(server.user), quote(server.password))).encode()

    def source(self, i):
        k = i // self.PER_ADDRESS
        return "127.0.%d.%d" % (k // 250, 2 + k % 250)

    def start_one(self, i):
        sock = socket.socket()
        sock.setblocking(False)
        sock.bind((self.source(i), 0))
        sock.connect_ex(("127.0.0.1", self.server.imaps_port))
        conn = {"sock": sock, "state": "connect", "buf": b"", "t": None}
        self.conns.append(conn)
        self.sel.register(sock, selectors.EVENT_WRITE, conn)
        self.pending += 1

    def open_all(self):
        deadline = time.monotonic() + self.timeout
        started = 0
        progress, progress_at, reported = 0, time.monotonic(), 0
        while self.idling + self.failed < self.n:
            while started < self.n and self.pending < self.IN_FLIGHT:
                self.start_one(started)
                started += 1
            self.poll(1.0)
            now = time.monotonic()
            if self.idling // 1000 > reported:
                reported = self.idling // 1000
                log("idle: %d in IDLE, Coffer VmRSS %.0f MiB" % (self.idling, rss_mib(self.server.process.pid)))
            if self.idling + self.failed > progress:
                progress, progress_at = self.idling + self.failed, now
            why = ("Coffer ended" if self.server.process.poll() is not None
                   else "no progress for 60 s" if now - progress_at > 60
                   else "time is up" if now > deadline else None)
            if why:
                raise RuntimeError("idle: %s with %d of %d connections in IDLE after %.0f s (%d failed)"
                                   % (why, self.idling, self.n, now - deadline + self.timeout, self.failed))
        if self.failed:
            log("idle: %d connections failed" % self.failed)

    def send(self, conn, data):
        sock = conn["sock"]
        sock.settimeout(10)
        try:
            sock.sendall(data)
        finally:
            sock.setblocking(False)

    def fail(self, conn, why):
        if conn["state"] != "failed":
            if self.failed < 5:
                log("idle: connection failed in %s: %s" % (conn["state"], why))
            if conn["state"] != "idle":
                self.pending -= 1
            conn["state"] = "failed"
            self.failed += 1
            try:
                self.sel.unregister(conn["sock"])
            except Exception:
                pass
            conn["sock"].close()

    def poll(self, timeout):
        for key, _ in self.sel.select(timeout):
            conn = key.data
            try:
                self.step(conn)
            except (OSError, ValueError) as e:
                self.fail(conn, e)

    def step(self, conn):
        state = conn["state"]
        if state == "connect":
            error = conn["sock"].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error))
            self.sel.unregister(conn["sock"])
            conn["sock"] = self.ctx.wrap_socket(conn["sock"], do_handshake_on_connect=False)
            self.sel.register(conn["sock"], selectors.EVENT_WRITE, conn)
            conn["state"] = state = "handshake"
        if state == "handshake":
            try:
                conn["sock"].do_handshake()
            except ssl.SSLWantReadError:
                self.sel.modify(conn["sock"], selectors.EVENT_READ, conn)
                return
            except ssl.SSLWantWriteError:
                self.sel.modify(conn["sock"], selectors.EVENT_WRITE, conn)
                return
            conn["state"] = "greeting"
            self.sel.modify(conn["sock"], selectors.EVENT_READ, conn)
        while True:
            try:
                data = conn["sock"].recv(8192)
            except (ssl.SSLWantReadError, BlockingIOError):
                return
            if not data:
                raise OSError("closed by the server")
            conn["buf"] += data
            while b"\r\n" in conn["buf"]:
                line, conn["buf"] = conn["buf"].split(b"\r\n", 1)
                self.line(conn, line)

    def line(self, conn, line):
        state = conn["state"]
        if state == "greeting" and line.startswith(b"* OK"):
            conn["state"] = "login"
            self.send(conn, self.login)
        elif state == "login" and line.startswith(b"a1 "):
            if not line.startswith(b"a1 OK"):
                raise OSError("LOGIN: %r" % line)
            conn["state"] = "select"
            self.send(conn, b"a2 SELECT INBOX\r\n")
        elif state == "select" and line.startswith(b"a2 "):
            if not line.startswith(b"a2 OK"):
                raise OSError("SELECT: %r" % line)
            conn["state"] = "idle-wait"
            self.send(conn, b"a3 IDLE\r\n")
        elif state == "idle-wait" and line.startswith(b"+"):
            conn["state"] = "idle"
            self.idling += 1
            self.pending -= 1
        elif state == "idle" and conn["t"] is None and re.match(rb"\* \d+ EXISTS", line):
            conn["t"] = time.monotonic()
        elif line.startswith(b"* BYE"):
            raise OSError("server said %r" % line)

    def deliver_and_wait(self, timeout):
        times = {}

        def send():
            times["sent"] = time.monotonic()
            with smtplib.SMTP("127.0.0.1", self.server.smtp_port, local_hostname="client.example.org",
                              timeout=60) as smtp:
                smtp.sendmail(SENDER, [self.server.user],
                              b"From: <bench@example.org>\r\nTo: <demo@coffer.test>\r\nSubject: wake up\r\n\r\nhi\r\n")
            times["accepted"] = time.monotonic()
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        idle = [c for c in self.conns if c["state"] == "idle"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (sender.is_alive() or any(c["t"] is None for c in idle)):
            self.poll(0.05)
        sender.join(5)
        got = [c["t"] for c in idle if c["t"] is not None]
        return times.get("sent"), times.get("accepted", times.get("sent")), got

    def close(self):
        for conn in self.conns:
            try:
                conn["sock"].close()
            except Exception:
                pass
        self.sel.close()


# --- report ----------------------------------------------------------------------------------

def report(results):
    lines = []
    ingest = results.get("ingest") or []
    if ingest:
        lines.append("SMTP ingest (messages/s until all are stored; CPU seconds of the server processes per "
                     "1,000 messages; medians of %d runs)" % results["args"]["reps"])
        lines.append("| size | sessions | server | msgs/s | CPU-s/1000 | of which JIT compiling | accepted msgs/s |")
        lines.append("|---|---|---|---|---|---|---|")
        for row in ingest:
            for kind in KINDS:
                runs = [r for r in row["runs"][kind] if r]
                lines.append("| %d KB | %d | %s | %s | %s | %s | %s |" % (
                    row["size"] // 1024, row["sessions"], LABEL[kind],
                    fmt(median([r["rate"] for r in runs]), 1), fmt(median([r["cpu_per_1000"] for r in runs]), 2),
                    fmt(median([r.get("jit_cpu_per_1000") for r in runs]), 2),
                    fmt(median([r["accept_rate"] for r in runs]), 1)))
        lines.append("")
        lines.append("| size | sessions | Coffer/(PF+DC mail_crypt) msgs/s | Coffer/(PF+DC plain) msgs/s "
                     "| CPU Coffer/(mail_crypt) | CPU Coffer/(plain) |")
        lines.append("|---|---|---|---|---|---|")
        for row in ingest:
            lines.append("| %d KB | %d | %s | %s | %s | %s |" % (
                row["size"] // 1024, row["sessions"],
                fmt(paired_ratio(row, "pd-crypt", "rate"), 2), fmt(paired_ratio(row, "pd-plain", "rate"), 2),
                fmt(paired_ratio(row, "pd-crypt", "cpu_per_1000"), 2),
                fmt(paired_ratio(row, "pd-plain", "cpu_per_1000"), 2)))
        lines.append("")
    for imap in results.get("imap") or []:
        lines.append("IMAP, %d messages of %d B (seconds; warm and bodies: medians of %d runs)"
                     % (imap["messages"], imap["size"], results["args"]["reps"]))
        lines.append("| server | SELECT+FETCH 1:* envelope, cold | same, warm | UID FETCH 1,000 bodies "
                     "| QRESYNC SELECT after 1,000 flag changes |")
        lines.append("|---|---|---|---|---|")
        for kind in KINDS:
            r = imap.get(kind, {})
            lines.append("| %s | %s | %s | %s | %s |" % (LABEL[kind], fmt(r.get("cold"), 2), fmt(r.get("warm"), 3),
                                                         fmt(r.get("bodies"), 3), fmt(r.get("qresync"), 3)))
        lines.append("")
    idle = results.get("idle")
    if idle:
        lines.append("Idle: %d TLS IMAP connections in IDLE to Coffer: %s in IDLE, VmRSS %s MiB (%s before); "
                     "EXISTS reached %s of them, the last %s s after the SMTP transaction began (the 250 came after %s s), "
                     "%s s after the 250 (median %s s)"
                     % (idle["connections"], idle.get("idling"), fmt(idle.get("rss_idle_mib"), 0),
                        fmt(idle.get("rss_before_mib"), 0), idle.get("notified"),
                        fmt(idle.get("all_notified_after_send_s"), 3), fmt(idle.get("smtp_transaction_s"), 3),
                        fmt(idle.get("all_notified_after_accept_s"), 3),
                        fmt(idle.get("median_notified_after_accept_s"), 3)))
        lines.append("")
    return "\n".join(lines)


def fmt(value, digits):
    return "-" if value is None else "%.*f" % (digits, value)


def paired_ratio(row, other, key):
    """Median over the repetitions of Coffer's value over OTHER's in the same repetition."""
    ratios = [c[key] / o[key] for c, o in zip(row["runs"]["coffer"], row["runs"].get(other, [])) if c and o and o[key]]
    return median(ratios)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--phases", default=None, help="comma list of ingest,imap,idle")
    parser.add_argument("--messages", type=int)
    parser.add_argument("--warmup", type=int)
    parser.add_argument("--sizes", default="10240,102400")
    parser.add_argument("--sessions")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--imap-messages", help="mailbox sizes, comma list, growing (e.g. 20000,50000)")
    parser.add_argument("--imap-size", type=int, default=10240)
    parser.add_argument("--idle", type=int)
    parser.add_argument("--idle-timeout", type=float, default=900)
    parser.add_argument("--idle-wait", type=float, default=30)
    parser.add_argument("--only-coffer", action="store_true",
                        help="run Coffer only (no Postfix/Dovecot), for profiling")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "out"))
    a = parser.parse_args()
    a.messages = a.messages or (2000 if a.quick else 20000)
    # The JVM compiles for its first ~10,000 messages (see the JIT column): a long-running server is past that
    a.warmup = a.warmup if a.warmup is not None else (2000 if a.quick else 10000)
    a.sessions = [int(s) for s in (a.sessions or ("20" if a.quick else "20,200")).split(",")]
    a.sizes = [int(s) for s in a.sizes.split(",")]
    a.imap_messages = sorted(int(n) for n in (a.imap_messages or ("5000" if a.quick else "20000,50000")).split(","))
    a.idle = a.idle if a.idle is not None else (500 if a.quick else 10000)
    phases = (a.phases or "ingest,imap,idle").split(",")
    if a.only_coffer:
        global KINDS
        KINDS = ("coffer",)

    def on_signal(signum, frame):
        raise SystemExit("stopped by signal %d" % signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    bench = Bench(a)
    log("bench: temp dir %s, phases %s" % (bench.root, phases))
    try:
        for phase, run in (("ingest", bench.ingest), ("imap", bench.imap), ("idle", bench.idle)):
            if phase in phases and (phase != "idle" or a.idle):
                try:
                    run()
                except Exception:
                    log("%s phase FAILED:\n%s" % (phase, traceback.format_exc()))
                    bench.results.setdefault("failed", []).append(phase)
    finally:
        CLEANUP.run()
        subprocess.run(["rm", "-rf", str(bench.root)], timeout=600)
        text = report(bench.results)
        print()
        print(text)
        Path(a.out).mkdir(parents=True, exist_ok=True)
        (Path(a.out) / "results.md").write_text(text + "\n")
    ingest = bench.results.get("ingest") or []
    main_row = next((r for r in ingest if r["size"] == 10240 and r["sessions"] == 20), None)
    ratio = paired_ratio(main_row, "pd-crypt", "rate") if main_row else None
    print("smtp-ingest coffer/postfix+dovecot = %s" % fmt(ratio, 2))


if __name__ == "__main__":
    main()

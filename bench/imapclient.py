"""A minimal IMAP client over TLS: sends a command, reads to its tagged reply, skips
literals. The same client for every server, cheaper than imaplib on 20,000-line
responses, so the timings are mostly the server's."""

import re
import socket
import ssl

LITERAL = re.compile(rb"\{(\d+)\+?\}$")


def tls_context():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def quote(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


class ImapError(Exception):
    pass


class Imap:
    def __init__(self, port, timeout=600, host="127.0.0.1"):
        raw = socket.create_connection((host, port), timeout=timeout)
        self.sock = tls_context().wrap_socket(raw)
        self.buf = bytearray()
        self.tag = 0
        self.literal_octets = 0
        greeting = self.read_line()
        if not greeting.startswith(b"* OK"):
            raise ImapError("greeting: %r" % greeting)

    def read_line(self):
        while True:
            at = self.buf.find(b"\r\n")
            if at >= 0:
                line = bytes(self.buf[:at])
                del self.buf[:at + 2]
                return line
            chunk = self.sock.recv(1 << 17)
            if not chunk:
                raise ImapError("connection closed")
            self.buf += chunk

    def read_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 17)
            if not chunk:
                raise ImapError("connection closed")
            self.buf += chunk
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def read_response_line(self):
        """One response with its literals (contents counted, not kept)."""
        parts = []
        while True:
            line = self.read_line()
            parts.append(line)
            m = LITERAL.search(line)
            if not m:
                return b"".join(parts)
            n = int(m.group(1))
            self.read_exact(n)
            self.literal_octets += n

    def command(self, text, keep=True):
        """Sends TEXT; returns (untagged lines, tagged line). Raises unless OK."""
        self.tag += 1
        tag = b"a%d" % self.tag
        self.sock.sendall(tag + b" " + text.encode() + b"\r\n")
        untagged = []
        while True:
            line = self.read_response_line()
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise ImapError("%s -> %r" % (text[:80], line))
                return untagged, line
            if keep:
                untagged.append(line)

    def login(self, user, password):
        return self.command("LOGIN %s %s" % (quote(user), quote(password)))

    def close(self):
        try:
            self.command("LOGOUT")
        except Exception:
            pass
        try:
            self.sock.close()
        except Exception:
            pass

package dev.coffer.imap;

import dev.coffer.testing.Python3;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as Python's imaplib (a strict, common client) sees it. */
class ImapPythonClientTest {

    private static final String PRELUDE = """
            import imaplib, socket, ssl, sys, time, zlib
            host = "127.0.0.1"
            imap_port, imaps_port, cafile, user, secret = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
            context = ssl.create_default_context(cafile=cafile)
            def connect():
                m = imaplib.IMAP4_SSL(host, imaps_port, ssl_context=context)
                m.login(user, secret)
                return m
            def ok(result):
                typ, data = result
                assert typ == "OK", (typ, data)
                return data
            MESSAGE = (b"From: Carol <carol@example.org>\\r\\nTo: alice@coffer.test\\r\\nSubject: [...]\\r\\n"
                       b"Date: Wed, 3 Jan 2024 11:00:00 +0100\\r\\nMessage-ID: <py@example.org>\\r\\n"
                       b"Content-Type: text/plain\\r\\n\\r\\nHello from Python\\r\\n")
            """;

    @TempDir
    static Path directory;

    static ImapFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        ImapLimits limits = new ImapLimits(8 * 1024, 8 * 1024, 50, Duration.ofSeconds(30), 20, 8 * 1024,
                Duration.ofSeconds(5));
        fixture = ImapFixture.start(directory, limits, 1_000_000);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static void python(String body) throws Exception {
        Python3.run(PRELUDE + body, String.valueOf(fixture.starttls.port()), String.valueOf(fixture.implicit.port()),
                fixture.caCertificate().toString(), ImapFixture.ADDRESS, ImapFixture.SECRET);
    }

    @Test
    void imaplibLogsInOverImapsAndStartTls() throws Exception {
        python("""
                m = imaplib.IMAP4_SSL(host, imaps_port, ssl_context=context)
                assert "IMAP4REV2" in m.capabilities and "AUTH=PLAIN" in m.capabilities, m.capabilities
                try:
                    m.login(user, "not-the-password")
                    raise SystemExit("login with a wrong password succeeded")
                except imaplib.IMAP4.error as e:
                    assert "AUTHENTICATIONFAILED" in str(e) and "app password" in str(e), e
                m.login(user, secret)
                m.logout()
                m = imaplib.IMAP4(host, imap_port)
                assert "LOGINDISABLED" in m.capabilities and "STARTTLS" in m.capabilities, m.capabilities
                m.starttls(ssl_context=context)
                assert "LOGINDISABLED" not in m.capabilities, m.capabilities
                m.login(user, secret)
                ok(m.noop())
                m.logout()
                m = imaplib.IMAP4_SSL(host, imaps_port, ssl_context=context)
                m.authenticate("PLAIN", lambda _: ("\\0" + user + "\\0" + secret).encode())
                m.logout()
                """);
    }

    @Test
    void imaplibListsSelectsFetchesStoresSearchesAndAppends() throws Exception {
        python("""
                m = connect()
                ok(m.create("Python"))
                ok(m.create("Python/Archive"))
                names = [line.decode() for line in ok(m.list())]
                assert any(n.endswith('"Python/Archive"') for n in names), names
                assert any("\\\\Sent" in n for n in names), names
                data = ok(m.append("Python", "(\\\\Flagged)", imaplib.Time2Internaldate(time.time()), MESSAGE))
                assert b"[APPENDUID " in data[0] and data[0].split(b"]")[0].endswith(b" 1"), data
                ok(m.append("Python", None, None, MESSAGE))
                count = ok(m.select("Python"))
                assert count == [b"2"], count
                data = ok(m.fetch("1", "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM)])"))
                assert data[0][0].startswith(b"1 (UID 1 FLAGS (\\\\Flagged) RFC822.SIZE %d BODY[HEADER.FIELDS (FROM)] {" % len(MESSAGE)), data
                assert data[0][1] == b"From: Carol <carol@example.org>\\r\\n\\r\\n", data
                data = ok(m.fetch("2", "(RFC822)"))
                assert data[0][1] == MESSAGE, data
                assert ok(m.search(None, "SEEN")) == [b"2"]
                assert ok(m.search(None, "FLAGGED")) == [b"1"]
                assert ok(m.search(None, 'HEADER', 'Message-ID', '"py@example.org"')) == [b"1 2"]
                assert ok(m.search(None, "BODY", "hello")) == [b""]
                data = ok(m.store("1", "+FLAGS", "(\\\\Seen $Forwarded)"))
                assert b"$Forwarded" in data[0] and b"\\\\Seen" in data[0], data
                assert ok(m.uid("SEARCH", None, "UNSEEN")) == [b""]
                ok(m.close())
                m.logout()
                """);
    }

    @Test
    void imaplibCopiesMovesAndExpungesByUid() throws Exception {
        python("""
                m = connect()
                ok(m.create("From"))
                ok(m.create("To"))
                for i in range(3):
                    ok(m.append("From", None, None, MESSAGE))
                ok(m.select("From"))
                ok(m.uid("COPY", "1", "To"))
                typ, copyuid = m.response("COPYUID")
                assert copyuid[0].endswith(b" 1 1"), copyuid
                ok(m.uid("MOVE", "2", "To"))
                typ, copyuid = m.response("COPYUID")
                assert copyuid[0].endswith(b" 2 2"), copyuid
                ok(m.uid("STORE", "1,3", "+FLAGS.SILENT", "(\\\\Deleted)"))
                data = ok(m.uid("EXPUNGE", "3"))
                assert ok(m.uid("SEARCH", None, "ALL")) == [b"1"], "UID 1 stays: only UID 3 was expunged"
                status = ok(m.status("To", "(MESSAGES UIDNEXT)"))
                assert b"MESSAGES 2" in status[0] and b"UIDNEXT 3" in status[0], status
                m.logout()
                """);
    }

    @Test
    void imaplibIdleSeesAnAppendFromAnotherSession() throws Exception {
        python("""
                m = connect()
                ok(m.create("IdleBox"))
                ok(m.select("IdleBox"))
                tag = m._new_tag()
                m.send(tag + b" IDLE\\r\\n")
                assert m.readline().startswith(b"+ "), "no continuation"
                other = connect()
                ok(other.append("IdleBox", None, None, MESSAGE))
                m.sock.settimeout(10)
                line = m.readline()
                assert line == b"* 1 EXISTS\\r\\n", line
                m.send(b"DONE\\r\\n")
                line = m.readline()
                assert line.startswith(tag + b" OK"), line
                ok(m.noop())
                other.logout()
                m.logout()
                """);
    }

    @Test
    void imaplibResyncsWithQresyncAfterExpunges() throws Exception {
        python("""
                m = connect()
                ok(m.create("Resync"))
                for i in range(4):
                    ok(m.append("Resync", None, None, MESSAGE))
                ok(m._simple_command("ENABLE", "QRESYNC"))
                ok(m.select("Resync"))
                uidvalidity = int(m.untagged_responses["UIDVALIDITY"][0])
                modseq = int(m.untagged_responses["HIGHESTMODSEQ"][0])
                m.logout()
                other = connect()
                ok(other.select("Resync"))
                ok(other.store("2:3", "+FLAGS.SILENT", "(\\\\Deleted)"))
                ok(other.expunge())
                ok(other.store("1", "+FLAGS", "(\\\\Answered)"))
                other.logout()
                m = connect()
                ok(m._simple_command("ENABLE", "QRESYNC"))
                typ, data = m._simple_command("SELECT", "Resync (QRESYNC (%d %d 1:4))" % (uidvalidity, modseq))
                assert typ == "OK", data
                vanished = m.untagged_responses.get("VANISHED")
                assert vanished == [b"(EARLIER) 2:3"], m.untagged_responses
                fetches = m.untagged_responses.get("FETCH")
                assert fetches and b"UID 1" in fetches[0] and b"\\\\Answered" in fetches[0], m.untagged_responses
                m.logout()
                """);
    }

    @Test
    void imaplibWorksThroughCompressDeflate() throws Exception {
        python("""
                imaplib.Commands["COMPRESS"] = ("AUTH", "SELECTED")
                class Compressed(imaplib.IMAP4_SSL):
                    compressing = False
                    def start_compress(self):
                        ok(self._simple_command("COMPRESS", "DEFLATE"))
                        self.deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
                        self.inflate = zlib.decompressobj(-15)
                        self.pending = b""
                        self.compressing = True
                    def send(self, data):
                        if self.compressing:
                            data = self.deflate.compress(data) + self.deflate.flush(zlib.Z_SYNC_FLUSH)
                        super().send(data)
                    def fill(self):
                        chunk = self.sock.recv(65536)
                        if not chunk:
                            raise EOFError
                        self.pending += self.inflate.decompress(chunk)
                    def read(self, size):
                        if not self.compressing:
                            return super().read(size)
                        while len(self.pending) < size:
                            self.fill()
                        data, self.pending = self.pending[:size], self.pending[size:]
                        return data
                    def readline(self):
                        if not self.compressing:
                            return super().readline()
                        while b"\\n" not in self.pending:
                            self.fill()
                        i = self.pending.index(b"\\n") + 1
                        line, self.pending = self.pending[:i], self.pending[i:]
                        return line
                m = Compressed(host, imaps_port, ssl_context=context)
                m.login(user, secret)
                caps = ok(m.capability())
                assert b"COMPRESS=DEFLATE" in caps[0], caps
                m.start_compress()
                ok(m.create("Squeezed"))
                ok(m.append("Squeezed", None, None, MESSAGE * 20))
                ok(m.select("Squeezed"))
                data = ok(m.fetch("1", "(BODY.PEEK[])"))
                assert data[0][1] == MESSAGE * 20
                m.logout()
                """);
    }

    @Test
    void hostileInputLeavesTheServerServingOthers() throws Exception {
        python("""
                raw = context.wrap_socket(socket.create_connection((host, imaps_port)), server_hostname="localhost")
                f = raw.makefile("rb")
                assert f.readline().startswith(b"* OK")
                def say(data):
                    raw.sendall(data)
                def answer():
                    return f.readline()
                say(b"a LOGIN %s %s\\r\\n" % (user.encode(), secret.encode()))
                assert answer().startswith(b"a OK")
                say(b"b APPEND INBOX {99999999}\\r\\n")
                assert answer().startswith(b"b NO [TOOBIG]")
                say(b"c SEARCH (OR SEEN (UNSEEN)\\r\\n")
                assert answer().startswith(b"c BAD")
                say(b"d SELECT INBOX\\r\\n")
                while not (line := answer()).startswith(b"d "):
                    pass
                say(b"e FETCH 1:x FLAGS\\r\\n")
                assert answer().startswith(b"e BAD Invalid sequence set")
                say(b"".join(b"n%d NOOP\\r\\n" % i for i in range(5000)))
                for i in range(5000):
                    line = answer()
                    assert line == b"n%d OK NOOP completed\\r\\n" % i, line
                try:
                    say(b"f NOOP " + b"x" * (10 * 1024 * 1024) + b"\\r\\n")
                except OSError:
                    pass
                line = answer()
                assert line.startswith(b"* BYE"), line
                raw.close()
                m = connect()
                ok(m.noop())
                m.logout()
                """);
    }
}

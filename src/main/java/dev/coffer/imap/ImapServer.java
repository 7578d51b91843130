package dev.coffer.imap;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.crypto.ServerTls;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.net.ConnectionListener;
import dev.coffer.net.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IMAP listener: port 143 with STARTTLS (LOGINDISABLED until TLS), or port 993 with
 * implicit TLS (RFC 8314). One virtual thread per session; a limit on sessions per client
 * address; a watchdog that drops clients which stop reading what they asked for.
 */
public final class ImapServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImapServer.class);

    /** Room for the ENVELOPEs of about 50,000 messages with a typical outer header (≈ 300 octets each). */
    private static final long ENVELOPE_CACHE_OCTETS = 32L * 1024 * 1024;

    private final ConnectionListener listener;
    private final ImapLimits limits;
    private volatile boolean closed;
    private Thread watchdog;

    /**
     * @param hostname           the name the greeting gives
     * @param tls                the certificate and policy for implicit TLS or STARTTLS
     * @param implicitTls        true for imaps (993): TLS from the first byte; false for STARTTLS (143)
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     */
    public ImapServer(String hostname, MailboxService mailboxes, AppPasswordLogin login, ServerTls tls,
                      ImapLimits limits, boolean implicitTls, boolean logClientAddresses) {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(mailboxes, "mailboxes");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(tls, "tls: IMAP never runs without TLS");
        this.limits = Objects.requireNonNull(limits, "limits");
        EnvelopeCache envelopes = new EnvelopeCache(ENVELOPE_CACHE_OCTETS);
        this.listener = new ConnectionListener(implicitTls ? "imaps" : "imap", limits.maxConnectionsPerIp(),
                (id, socket) -> new ImapSession(id, socket, hostname, mailboxes, envelopes, login, tls, limits,
                        implicitTls, logClientAddresses),
                (id, socket) -> refuse(socket, tls, implicitTls));
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public synchronized void start(InetSocketAddress bind) throws IOException {
        listener.start(bind);
        watchdog = Thread.ofVirtual().name("imap-watchdog-" + listener.port()).start(this::watchWrites);
    }

    /** The bound port, once started. */
    public int port() {
        return listener.port();
    }

    /** Stops accepting and ends every live session. */
    @Override
    public void close() {
        closed = true;
        listener.close();
        Thread thread = watchdog;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void refuse(Socket socket, ServerTls tls, boolean implicitTls) throws IOException {
        Socket target = implicitTls ? tls.accept(socket) : socket;
        OutputStream out = target.getOutputStream();
        out.write("* BYE Too many connections from your address, try again later\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Drops sessions whose writes have been blocked longer than the limit (the client stopped reading). */
    private void watchWrites() {
        long limit = limits.writeTimeout().toNanos();
        while (!closed) {
            try {
                Thread.sleep(Math.min(1_000, Math.max(10, limits.writeTimeout().toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Session session : listener.liveSessions()) {
                if (session instanceof ImapSession imap && imap.writeStalled(now, limit)) {
                    log.info("event=drop reason=client-not-reading");
                    imap.abort();
                }
            }
        }
    }
}

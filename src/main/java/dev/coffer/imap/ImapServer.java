package dev.coffer.imap;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.crypto.ServerTls;
import dev.coffer.mailbox.MailboxService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IMAP listener: port 143 with STARTTLS (LOGINDISABLED until TLS), or port 993 with
 * implicit TLS (RFC 8314). One virtual thread per session; a limit on sessions per client
 * address; a watchdog that drops clients which stop reading what they asked for.
 */
public final class ImapServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImapServer.class);

    private final String hostname;
    private final MailboxService mailboxes;
    private final AppPasswordLogin login;
    private final ServerTls tls;
    private final ImapLimits limits;
    private final boolean implicitTls;
    private final boolean logClientAddresses;

    private final Map<InetAddress, Integer> connectionsPerIp = new ConcurrentHashMap<>();
    private final Set<ImapSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private Thread acceptor;
    private Thread watchdog;

    /**
     * @param hostname           the name the greeting gives
     * @param tls                the certificate and policy for implicit TLS or STARTTLS
     * @param implicitTls        true for imaps (993): TLS from the first byte; false for STARTTLS (143)
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     */
    public ImapServer(String hostname, MailboxService mailboxes, AppPasswordLogin login, ServerTls tls,
                      ImapLimits limits, boolean implicitTls, boolean logClientAddresses) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.login = Objects.requireNonNull(login, "login");
        this.tls = Objects.requireNonNull(tls, "tls: IMAP never runs without TLS");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.implicitTls = implicitTls;
        this.logClientAddresses = logClientAddresses;
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public synchronized void start(InetSocketAddress bind) throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("the IMAP server was already started");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 128);
        listener = socket;
        acceptor = Thread.ofVirtual().name("imap-accept-" + socket.getLocalPort()).start(this::acceptLoop);
        watchdog = Thread.ofVirtual().name("imap-watchdog-" + socket.getLocalPort()).start(this::watchWrites);
        log.info("event=listening port={} implicit-tls={}", socket.getLocalPort(), implicitTls);
    }

    /** The bound port, once started. */
    public int port() {
        ServerSocket socket = listener;
        if (socket == null) {
            throw new IllegalStateException("the IMAP server is not started");
        }
        return socket.getLocalPort();
    }

    /** Stops accepting and ends every live session. */
    @Override
    public void close() {
        closed = true;
        ServerSocket socket = listener;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                log.warn("event=close-listener-failed error={}", e.toString());
            }
        }
        sessions.forEach(ImapSession::abort);
        for (Thread thread : new Thread[] {acceptor, watchdog}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("event=accept-failed error={}", e.toString());
                }
                continue;
            }
            InetAddress client = socket.getInetAddress();
            // counted here, before the thread starts, so the limit holds under bursts
            int count = connectionsPerIp.merge(client, 1, Integer::sum);
            String id = sessionId();
            Thread.ofVirtual().name("imap-" + id).start(() -> {
                try {
                    if (count > limits.maxConnectionsPerIp()) {
                        refuse(id, socket);
                    } else {
                        serve(id, socket);
                    }
                } finally {
                    connectionsPerIp.computeIfPresent(client, (address, n) -> n <= 1 ? null : n - 1);
                }
            });
        }
    }

    private void serve(String id, Socket socket) {
        ImapSession session = new ImapSession(id, socket, hostname, mailboxes, login, tls, limits, implicitTls,
                logClientAddresses);
        sessions.add(session);
        try {
            if (closed) {
                return;
            }
            session.run();
        } catch (RuntimeException e) {
            log.error("session={} event=session-error", id, e);
        } finally {
            sessions.remove(session);
            session.abort();
        }
    }

    private void refuse(String id, Socket socket) {
        log.info("session={} event=refused reason=too-many-connections-from-address", id);
        try (socket) {
            socket.setSoTimeout(10_000);
            Socket target = implicitTls ? tls.accept(socket) : socket;
            OutputStream out = target.getOutputStream();
            out.write("* BYE Too many connections from your address, try again later\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            log.debug("session={} event=refuse-failed error={}", id, e.toString());
        }
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
            for (ImapSession session : sessions) {
                if (session.writeStalled(now, limit)) {
                    log.info("event=drop reason=client-not-reading");
                    session.abort();
                }
            }
        }
    }

    private static String sessionId() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

package dev.coffer.pop3;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.crypto.ServerTls;
import dev.coffer.mailbox.MailboxService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP3 listener: port 110 with STLS (RFC 2595) or port 995 with implicit TLS (RFC 8314).
 * One virtual thread per session; limits how many sessions one client address may hold.
 * Clients log in with app passwords of the {@code read} scope, and only over TLS.
 */
public final class Pop3Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pop3Server.class);

    private final String hostname;
    private final MailboxService mailboxes;
    private final AppPasswordLogin login;
    private final ServerTls tls;
    private final Pop3Limits limits;
    private final boolean implicitTls;
    private final boolean logClientAddresses;

    private final Map<InetAddress, Integer> connectionsPerIp = new ConcurrentHashMap<>();
    private final Set<Pop3Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private Thread acceptor;

    /**
     * @param hostname           the name this server gives in its greeting
     * @param tls                the TLS policy: for STLS, or for every connection when {@code implicitTls}
     * @param implicitTls        POP3S (RFC 8314 §3.3): TLS from the first octet, no STLS
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     */
    public Pop3Server(String hostname, MailboxService mailboxes, AppPasswordLogin login, ServerTls tls,
                      Pop3Limits limits, boolean implicitTls, boolean logClientAddresses) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.login = Objects.requireNonNull(login, "login");
        // without TLS no login would ever be accepted (RFC 2595 §2.1), so a POP3 server without it is useless
        this.tls = Objects.requireNonNull(tls, "tls");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.implicitTls = implicitTls;
        this.logClientAddresses = logClientAddresses;
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public synchronized void start(InetSocketAddress bind) throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("the POP3 server was already started");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 128);
        listener = socket;
        acceptor = Thread.ofVirtual().name(threadPrefix() + "accept-" + socket.getLocalPort()).start(this::acceptLoop);
        log.info("event=listening port={} tls={}", socket.getLocalPort(), implicitTls ? "implicit" : "stls");
    }

    /** The bound port, once started. */
    public int port() {
        ServerSocket socket = listener;
        if (socket == null) {
            throw new IllegalStateException("the POP3 server is not started");
        }
        return socket.getLocalPort();
    }

    /** Stops accepting and ends every live session; sessions that did not QUIT delete nothing. */
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
        sessions.forEach(Pop3Session::abort);
        Thread thread = acceptor;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
            Thread.ofVirtual().name(threadPrefix() + id).start(() -> {
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
        Pop3Session session = new Pop3Session(id, socket, hostname, mailboxes, login, tls, limits,
                implicitTls, logClientAddresses);
        sessions.add(session);
        try {
            if (closed) {
                session.abort();
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

    /** Refused with an {@code -ERR} greeting; on POP3S after the handshake, so the client can read it. */
    private void refuse(String id, Socket socket) {
        log.info("session={} event=refused reason=too-many-connections-from-address", id);
        try (socket) {
            socket.setSoTimeout(10_000);
            Socket channel = implicitTls ? tls.accept(socket) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(Pop3Reply.tooManyConnections().toBytes());
            out.flush();
        } catch (IOException e) {
            log.debug("session={} event=refuse-failed error={}", id, e.toString());
        }
    }

    private String threadPrefix() {
        return implicitTls ? "pop3s-" : "pop3-";
    }

    private static String sessionId() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

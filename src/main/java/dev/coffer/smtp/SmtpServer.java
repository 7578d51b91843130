package dev.coffer.smtp;

import dev.coffer.crypto.ServerTls;
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
 * The inbound SMTP listener (the MX, port 25): accepts connections, one virtual thread
 * per session, and limits how many sessions one client address may hold.
 */
public final class SmtpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);

    private final String hostname;
    private final InboundMail mail;
    private final ServerTls tls;
    private final SmtpLimits limits;
    private final boolean logClientAddresses;

    private final Map<InetAddress, Integer> connectionsPerIp = new ConcurrentHashMap<>();
    private final Set<SmtpSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private Thread acceptor;

    /**
     * @param hostname           the name this server gives in its greeting, EHLO reply and Received header
     * @param tls                the TLS policy for STARTTLS, or null to run without STARTTLS
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     */
    public SmtpServer(String hostname, InboundMail mail, ServerTls tls, SmtpLimits limits, boolean logClientAddresses) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.tls = tls;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.logClientAddresses = logClientAddresses;
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public synchronized void start(InetSocketAddress bind) throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("the SMTP server was already started");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 128);
        listener = socket;
        acceptor = Thread.ofVirtual().name("smtp-accept-" + socket.getLocalPort()).start(this::acceptLoop);
        log.info("event=listening port={} starttls={}", socket.getLocalPort(), tls != null);
    }

    /** The bound port, once started. */
    public int port() {
        ServerSocket socket = listener;
        if (socket == null) {
            throw new IllegalStateException("the SMTP server is not started");
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
        sessions.forEach(SmtpSession::abort);
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
            Thread.ofVirtual().name("smtp-" + id).start(() -> {
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
        SmtpSession session = new SmtpSession(id, socket, hostname, mail, tls, limits, logClientAddresses);
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

    private void refuse(String id, Socket socket) {
        log.info("session={} event=refused reason=too-many-connections-from-address", id);
        try (socket) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(new SmtpReply(421, "4.7.0", hostname + " Too many connections from your address, try again later").toBytes());
            out.flush();
        } catch (IOException e) {
            log.debug("session={} event=refuse-failed error={}", id, e.toString());
        }
    }

    private static String sessionId() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

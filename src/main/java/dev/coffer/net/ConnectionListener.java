package dev.coffer.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections for one protocol listener: one virtual thread per connection
 * (DESIGN §6), a limit on how many connections one client address may hold, and an end
 * to every live session when closed. The protocol supplies the session and the refusal.
 */
public final class ConnectionListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionListener.class);

    /** Makes the session for an accepted connection. */
    @FunctionalInterface
    public interface SessionFactory {
        Session open(String sessionId, Socket socket);
    }

    /** Tells a client over its limit so, in the protocol's words, and closes the socket. */
    @FunctionalInterface
    public interface Refusal {
        void refuse(String sessionId, Socket socket) throws IOException;
    }

    private final String name;
    private final int maxConnectionsPerIp;
    private final SessionFactory sessions;
    private final Refusal refusal;
    private final Map<InetAddress, Integer> connectionsPerIp = new ConcurrentHashMap<>();
    private final Set<Session> live = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private Thread acceptor;

    /** @param name the listener's name in thread names and logs, e.g. {@code smtp} or {@code pop3s} */
    public ConnectionListener(String name, int maxConnectionsPerIp, SessionFactory sessions, Refusal refusal) {
        this.name = name;
        this.maxConnectionsPerIp = maxConnectionsPerIp;
        this.sessions = sessions;
        this.refusal = refusal;
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public synchronized void start(InetSocketAddress bind) throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("the " + name + " listener was already started");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 128);
        listener = socket;
        acceptor = Thread.ofVirtual().name(name + "-accept-" + socket.getLocalPort()).start(this::acceptLoop);
        log.info("event=listening listener={} port={}", name, socket.getLocalPort());
    }

    /** The bound port, once started. */
    public int port() {
        ServerSocket socket = listener;
        if (socket == null) {
            throw new IllegalStateException("the " + name + " listener is not started");
        }
        return socket.getLocalPort();
    }

    /** The sessions running now (for watchdogs); a live view. */
    public Set<Session> liveSessions() {
        return java.util.Collections.unmodifiableSet(live);
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
                log.warn("event=close-listener-failed listener={} error={}", name, e.toString());
            }
        }
        live.forEach(Session::abort);
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
                    log.error("event=accept-failed listener={} error={}", name, e.toString());
                }
                continue;
            }
            InetAddress client = socket.getInetAddress();
            // Counted here, before the thread starts, so the limit holds under bursts.
            int count = connectionsPerIp.merge(client, 1, Integer::sum);
            String id = sessionId();
            Thread.ofVirtual().name(name + "-" + id).start(() -> {
                try {
                    if (count > maxConnectionsPerIp) {
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
        Session session = sessions.open(id, socket);
        live.add(session);
        try {
            if (closed) {
                return;
            }
            session.run();
        } catch (RuntimeException e) {
            log.error("session={} event=session-error listener={}", id, name, e);
        } finally {
            live.remove(session);
            session.abort();
        }
    }

    private void refuse(String id, Socket socket) {
        log.info("session={} event=refused listener={} reason=too-many-connections-from-address", id, name);
        try (socket) {
            socket.setSoTimeout(10_000);
            refusal.refuse(id, socket);
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

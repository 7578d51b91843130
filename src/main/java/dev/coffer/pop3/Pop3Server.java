package dev.coffer.pop3;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.crypto.ServerTls;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.net.ConnectionListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

/**
 * A POP3 listener: port 110 with STLS (RFC 2595) or port 995 with implicit TLS (RFC 8314).
 * One virtual thread per session; limits how many sessions one client address may hold.
 * Clients log in with app passwords of the {@code read} scope, and only over TLS.
 */
public final class Pop3Server implements AutoCloseable {

    private final ConnectionListener listener;

    /**
     * @param hostname           the name this server gives in its greeting
     * @param tls                the TLS policy: for STLS, or for every connection when {@code implicitTls}
     * @param implicitTls        POP3S (RFC 8314 §3.3): TLS from the first octet, no STLS
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     */
    public Pop3Server(String hostname, MailboxService mailboxes, AppPasswordLogin login, ServerTls tls,
                      Pop3Limits limits, boolean implicitTls, boolean logClientAddresses) {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(mailboxes, "mailboxes");
        Objects.requireNonNull(login, "login");
        // Without TLS no login would ever be accepted (RFC 2595 §2.1), so a POP3 server without it is useless.
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        this.listener = new ConnectionListener(implicitTls ? "pop3s" : "pop3", limits.maxConnectionsPerIp(),
                (id, socket) -> new Pop3Session(id, socket, hostname, mailboxes, login, tls, limits, implicitTls,
                        logClientAddresses),
                (id, socket) -> refuse(socket, tls, implicitTls));
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public void start(InetSocketAddress bind) throws IOException {
        listener.start(bind);
    }

    /** The bound port, once started. */
    public int port() {
        return listener.port();
    }

    /** Stops accepting and ends every live session; sessions that did not QUIT delete nothing. */
    @Override
    public void close() {
        listener.close();
    }

    /** Refused with an {@code -ERR} greeting; on POP3S after the handshake, so the client can read it. */
    private static void refuse(Socket socket, ServerTls tls, boolean implicitTls) throws IOException {
        Socket channel = implicitTls ? tls.accept(socket) : socket;
        OutputStream out = channel.getOutputStream();
        out.write(Pop3Reply.tooManyConnections().toBytes());
        out.flush();
    }
}

package dev.coffer.smtp;

import dev.coffer.crypto.ServerTls;
import dev.coffer.net.ConnectionListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

/**
 * The inbound SMTP listener (the MX, port 25): accepts connections, one virtual thread
 * per session, and limits how many sessions one client address may hold.
 */
public final class SmtpServer implements AutoCloseable {

    private final ConnectionListener listener;

    /** A listener without message rates or greylisting (the per-address connection limit still holds). */
    public SmtpServer(String hostname, InboundMail mail, ServerTls tls, SmtpLimits limits, boolean logClientAddresses) {
        this(hostname, mail, InboundPolicy.OPEN, tls, limits, logClientAddresses);
    }

    /**
     * @param hostname           the name this server gives in its greeting, EHLO reply and Received header
     * @param policy             message rates and greylisting, decided at MAIL FROM and RCPT TO
     * @param tls                the TLS policy for STARTTLS, or null to run without STARTTLS
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     */
    public SmtpServer(String hostname, InboundMail mail, InboundPolicy policy, ServerTls tls, SmtpLimits limits,
                      boolean logClientAddresses) {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        InboundRole role = new InboundRole(hostname, mail, policy);
        this.listener = new ConnectionListener("smtp", limits.maxConnectionsPerIp(),
                (id, socket) -> new SmtpSession(id, socket, hostname, role, tls, limits, false, logClientAddresses),
                (id, socket) -> refuse(hostname, socket));
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public void start(InetSocketAddress bind) throws IOException {
        listener.start(bind);
    }

    /** The bound port, once started. */
    public int port() {
        return listener.port();
    }

    /** Stops accepting and ends every live session. */
    @Override
    public void close() {
        listener.close();
    }

    /** Refused with a 421 reply (also for submission with STARTTLS). */
    static void refuse(String hostname, Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(SmtpReply.tooManyConnections(hostname).toBytes());
        out.flush();
    }
}

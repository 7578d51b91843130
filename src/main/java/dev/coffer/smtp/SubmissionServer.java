package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.crypto.ServerTls;
import dev.coffer.net.ConnectionListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

/**
 * A message submission listener (RFC 6409): {@code submissions} on 465 with implicit TLS
 * (RFC 8314 §3.3), or {@code submission} on 587 where STARTTLS must come first. Clients log
 * in with an app password that has the send scope (DESIGN §4), send as addresses their
 * account owns, and what they send leaves without their address or host name in it.
 */
public final class SubmissionServer implements AutoCloseable {

    private final ConnectionListener listener;

    /** A listener that keeps {@code User-Agent} and {@code X-Mailer}. */
    public SubmissionServer(String hostname, Submission submission, AppPasswordLogin login, ServerTls tls,
                            SmtpLimits limits, boolean implicitTls, boolean logClientAddresses) {
        this(hostname, submission, login, tls, limits, implicitTls, logClientAddresses, false);
    }

    /**
     * @param hostname           the name this server gives in its greeting, EHLO reply and Received header
     * @param tls                the TLS policy; submission never runs without TLS
     * @param implicitTls        true for 465 (TLS from the first byte), false for 587 (STARTTLS required)
     * @param logClientAddresses whether logs may name client IP addresses (off by default, DESIGN §1.6)
     * @param stripUserAgent     whether to remove {@code User-Agent} and {@code X-Mailer}, which name the client program
     */
    public SubmissionServer(String hostname, Submission submission, AppPasswordLogin login, ServerTls tls,
                            SmtpLimits limits, boolean implicitTls, boolean logClientAddresses, boolean stripUserAgent) {
        this(hostname, submission, login, tls, limits, implicitTls, logClientAddresses, stripUserAgent,
                SubmissionPolicy.OPEN);
    }

    /**
     * As above, with a limit on how much each account may send ({@code 451 4.7.1} at MAIL FROM when over).
     */
    public SubmissionServer(String hostname, Submission submission, AppPasswordLogin login, ServerTls tls,
                            SmtpLimits limits, boolean implicitTls, boolean logClientAddresses, boolean stripUserAgent,
                            SubmissionPolicy policy) {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(tls, "tls: submission needs TLS (RFC 8314)");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
        SubmissionRole role = new SubmissionRole(hostname, submission, login, stripUserAgent, policy);
        this.listener = new ConnectionListener(implicitTls ? "submissions" : "submission", limits.maxConnectionsPerIp(),
                (id, socket) -> new SmtpSession(id, socket, hostname, role, tls, limits, implicitTls, logClientAddresses),
                (id, socket) -> refuse(hostname, socket, implicitTls));
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

    private static void refuse(String hostname, Socket socket, boolean implicitTls) throws IOException {
        if (implicitTls) {
            // a reply in clear means nothing to a client that starts with a TLS handshake
            return;
        }
        SmtpServer.refuse(hostname, socket);
    }
}

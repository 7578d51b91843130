package dev.coffer.managesieve;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.crypto.ServerTls;
import dev.coffer.filter.sieve.SieveScripts;
import dev.coffer.net.ConnectionListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A ManageSieve listener (RFC 5804, port 4190): users upload and activate their Sieve
 * scripts. One virtual thread per session; STARTTLS before login; app passwords.
 */
public final class ManageSieveServer implements AutoCloseable {

    private final ConnectionListener listener;

    public ManageSieveServer(String hostname, SieveScripts scripts, AppPasswordLogin login, ServerTls tls,
                             ManageSieveLimits limits, boolean logClientAddresses) {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(scripts, "scripts");
        Objects.requireNonNull(login, "login");
        // RFC 5804 §2.1: without TLS no login would ever be accepted
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        this.listener = new ConnectionListener("managesieve", limits.maxConnectionsPerIp(),
                (id, socket) -> new ManageSieveSession(id, socket, hostname, scripts, login, tls, limits, logClientAddresses),
                (id, socket) -> refuse(socket));
    }

    public void start(InetSocketAddress bind) throws IOException {
        listener.start(bind);
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }

    private static void refuse(Socket socket) throws IOException {
        socket.getOutputStream().write(ManageSieveResponse.bye("Too many connections from your address")
                .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }
}

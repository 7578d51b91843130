package dev.coffer.dns.check;

import dev.coffer.crypto.ServerTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TLS listener on 127.0.0.1 with Coffer's server policy (or a weakened one), optionally behind
 * SMTP STARTTLS; after the handshake it runs {@code afterHandshake} (an HTTP answer, say) and closes.
 */
final class TestTlsServer implements AutoCloseable {

    interface Session {
        void serve(SSLSocket tls) throws IOException;
    }

    private final ServerSocket listener;

    private TestTlsServer(ServerSocket listener) {
        this.listener = listener;
    }

    static TestTlsServer start(Path certificateDirectory, boolean smtp, UnaryOperator<SSLParameters> policy,
                               Session afterHandshake) throws IOException {
        ServerTls tls = ServerTls.load(certificateDirectory.resolve("tls/cert.pem"), certificateDirectory.resolve("tls/key.pem"));
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket plain = listener.accept();
                    Thread.ofVirtual().start(() -> session(plain, tls, smtp, policy, afterHandshake));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new TestTlsServer(listener);
    }

    private static void session(Socket plain, ServerTls tls, boolean smtp, UnaryOperator<SSLParameters> policy,
                                Session afterHandshake) {
        try (plain) {
            plain.setSoTimeout(10_000);
            if (smtp) {
                BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = plain.getOutputStream();
                out.write("220 test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                in.readLine();
                out.write("250-test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                if (!"STARTTLS".equals(in.readLine())) {
                    return;
                }
                out.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            try (SSLSocket socket = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), false)) {
                socket.setUseClientMode(false);
                socket.setSSLParameters(policy.apply(tls.parameters()));
                socket.startHandshake();
                afterHandshake.serve(socket);
            }
        } catch (IOException e) {
            // a refused handshake is what many probes are for
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

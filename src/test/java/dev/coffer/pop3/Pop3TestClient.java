package dev.coffer.pop3;

import dev.coffer.testing.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A raw POP3 client for tests: writes exactly the bytes given, reads responses line by line. */
final class Pop3TestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private Pop3TestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static Pop3TestClient plain(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new Pop3TestClient(socket);
    }

    static Pop3TestClient implicitTls(int port, SSLContext context) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new Pop3TestClient(TestTls.handshake(context, socket));
    }

    Pop3TestClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Sends one command line with CRLF and reads the status line of its response. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return line();
    }

    /** Reads the lines of a multi-line response body up to the lone dot, as sent (still byte-stuffed). */
    List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.equals(".")) {
                return lines;
            }
            lines.add(line);
        }
    }

    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                if (!text.endsWith("\r")) {
                    throw new IOException("line without CRLF: " + text);
                }
                return text.substring(0, text.length() - 1);
            }
            line.write(b);
        }
        throw new IOException("connection closed; partial line: " + line.toString(StandardCharsets.UTF_8));
    }

    /** Reads until the server closes; true when it did (rather than timing out). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return e.getMessage() != null && (e.getMessage().contains("reset") || e.getMessage().contains("closed"));
        }
    }

    void startTls(SSLContext context) throws IOException {
        SSLSocket tls = TestTls.handshake(context, socket);
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.coffer.managesieve;

import dev.coffer.testing.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A raw ManageSieve client for tests: sends exactly the bytes given and reads whole responses. */
final class ManageSieveTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ManageSieveTestClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    ManageSieveTestClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Sends a command line and returns every line of the response up to OK, NO or BYE (literals inline). */
    List<String> command(String line) throws IOException {
        send(line + "\r\n");
        return response();
    }

    List<String> response() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            lines.add(line);
            if (line.matches("\\{\\d+}")) {
                int length = Integer.parseInt(line.substring(1, line.length() - 1));
                lines.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                continue;
            }
            if (line.startsWith("OK") || line.startsWith("NO") || line.startsWith("BYE")) {
                if (line.endsWith("}") && line.matches(".*\\{\\d+}")) {
                    int length = Integer.parseInt(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
                    lines.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    line();
                }
                return lines;
            }
        }
    }

    /** The last line of a response: OK/NO/BYE. */
    static String status(List<String> response) {
        for (int i = response.size() - 1; i >= 0; i--) {
            String line = response.get(i);
            if (line.startsWith("OK") || line.startsWith("NO") || line.startsWith("BYE")) {
                return line;
            }
        }
        throw new AssertionError("no status line in " + response);
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

    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** STARTTLS, the handshake, and the capabilities the server sends again. */
    List<String> startTls(SSLContext context) throws IOException {
        String ok = status(command("STARTTLS"));
        if (!ok.startsWith("OK")) {
            throw new IOException("STARTTLS refused: " + ok);
        }
        SSLSocket tls = TestTls.handshake(context, socket);
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return response();
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

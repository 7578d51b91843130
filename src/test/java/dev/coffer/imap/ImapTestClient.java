package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A raw IMAP client for tests: sends lines, reads responses with literals folded in. */
final class ImapTestClient implements AutoCloseable {

    private final SSLContext tls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int tags;
    final String greeting;

    private ImapTestClient(Socket socket, SSLContext tls) throws IOException {
        this.tls = tls;
        use(socket);
        socket.setSoTimeout(20_000);
        greeting = readLine();
    }

    static ImapTestClient implicit(int port, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.startHandshake();
        return new ImapTestClient(socket, tls);
    }

    static ImapTestClient plain(int port, SSLContext tls) throws IOException {
        return new ImapTestClient(new Socket(InetAddress.getLoopbackAddress(), port), tls);
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = next.getInputStream();
        out = next.getOutputStream();
    }

    void startTls() throws IOException {
        expectOk("STARTTLS");
        use(TestTls.handshake(tls, socket));
    }

    void useStreams(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    InputStream rawIn() {
        return in;
    }

    OutputStream rawOut() {
        return out;
    }

    Socket socket() {
        return socket;
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One response line; a literal at its end is read and folded in (as {n}CRLF data). */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new EOFException("connection closed");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                int open = text.lastIndexOf('{');
                if (text.endsWith("}") && open >= 0 && text.substring(open + 1, text.length() - 1).matches("\\d+")) {
                    int n = Integer.parseInt(text.substring(open + 1, text.length() - 1));
                    byte[] data = in.readNBytes(n);
                    line.reset();
                    line.writeBytes((text + "\r\n").getBytes(StandardCharsets.UTF_8));
                    line.writeBytes(data);
                    continue;
                }
                return text;
            }
            line.write(b);
        }
    }

    /** Sends a tagged command, returns every line up to and including the tagged one. */
    List<String> command(String command) throws IOException {
        String tag = "t" + (++tags);
        send(tag + " " + command + "\r\n");
        return readUntilTagged(tag);
    }

    List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** The response lines, after checking the tagged one says OK. */
    List<String> expectOk(String command) throws IOException {
        List<String> lines = command(command);
        assertThat(lines.getLast()).as(command + " -> " + lines).matches("t\\d+ OK.*");
        return lines;
    }

    String tagged(String command) throws IOException {
        return command(command).getLast();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

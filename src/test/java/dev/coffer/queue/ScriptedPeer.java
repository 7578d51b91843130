package dev.coffer.queue;

import dev.coffer.crypto.ServerTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal receiving MTA for what Coffer's own server does not offer (REQUIRETLS): STARTTLS,
 * then an EHLO that advertises REQUIRETLS, and a DATA transaction. Records every command line.
 */
final class ScriptedPeer implements AutoCloseable {

    final List<String> commands = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final ServerTls tls;

    ScriptedPeer(ServerTls tls) throws IOException {
        this.tls = tls;
        this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve() {
        try (Socket plain = listener.accept()) {
            plain.setSoTimeout(5000);
            Socket socket = plain;
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            reply(out, "220 scripted ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, socket == plain
                            ? "250-scripted\r\n250-SIZE 100000\r\n250 STARTTLS"
                            : "250-scripted\r\n250-SIZE 100000\r\n250-8BITMIME\r\n250 REQUIRETLS");
                    case "STARTTLS" -> {
                        reply(out, "220 2.0.0 go ahead");
                        socket = tls.accept(plain);
                        in = reader(socket);
                        out = socket.getOutputStream();
                    }
                    case "MAIL", "RCPT" -> reply(out, "250 2.0.0 OK");
                    case "DATA" -> {
                        reply(out, "354 go");
                        while (!".".equals(line = in.readLine())) {
                            commands.add("| " + line);
                        }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.1 no");
                }
            }
        } catch (IOException e) {
            commands.add("! " + e);
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

package dev.coffer.filter;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A clamd stand-in on a loopback port or a Unix socket that speaks INSTREAM: it reads the
 * command and the chunks, keeps what was streamed, and answers as told. With a stream limit it
 * behaves as clamd with StreamMaxLength: once more arrives it answers the size-limit error and
 * closes.
 */
final class FakeClamd implements AutoCloseable {

    private final ServerSocketChannel server;
    private volatile String reply = "stream: OK";
    private volatile long streamLimit = Long.MAX_VALUE;
    private volatile boolean silent;
    volatile String command;
    volatile byte[] streamed;

    private FakeClamd(ServerSocketChannel server) {
        this.server = server;
        Thread.ofVirtual().name("fake-clamd").start(this::serve);
    }

    static FakeClamd tcp() throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeClamd(channel);
    }

    static FakeClamd unix(Path socket) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        return new FakeClamd(channel);
    }

    ClamdAddress address() throws IOException {
        if (server.getLocalAddress() instanceof UnixDomainSocketAddress unix) {
            return ClamdAddress.parse(unix.getPath().toString());
        }
        return ClamdAddress.parse("127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
    }

    FakeClamd answering(String text) {
        reply = text;
        return this;
    }

    FakeClamd limitedTo(long bytes) {
        streamLimit = bytes;
        return this;
    }

    FakeClamd silent() {
        silent = true;
        return this;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                handle(Channels.newInputStream(client), Channels.newOutputStream(client));
            } catch (IOException e) {
                // the test closed the server, or the client went away: next connection
            }
        }
    }

    private void handle(InputStream in, OutputStream out) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] name = new byte[10];
        data.readFully(name);
        command = new String(name, StandardCharsets.US_ASCII);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int length = data.readInt(); length > 0; length = data.readInt()) {
            if (stream.size() + (long) length > streamLimit) {
                out.write("INSTREAM size limit exceeded. ERROR\0".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            byte[] chunk = new byte[length];
            data.readFully(chunk);
            stream.write(chunk);
        }
        streamed = stream.toByteArray();
        if (silent) {
            in.read();
            return;
        }
        out.write((reply + "\0").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    byte[] streamed() {
        return streamed == null ? null : Arrays.copyOf(streamed, streamed.length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

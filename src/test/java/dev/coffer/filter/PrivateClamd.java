package dev.coffer.filter;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A clamd of its own for a test: foreground, on a free loopback port, with a database of one
 * signature, written here, that matches the EICAR test string. No freshclam, no system service.
 */
final class PrivateClamd implements AutoCloseable {

    static final String SIGNATURE = "Coffer-Test-EICAR";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    final int port;
    final Duration startup;

    private PrivateClamd(Process process, int port, Duration startup) {
        this.process = process;
        this.port = port;
        this.startup = startup;
    }

    /** Starts clamd in {@code dir}; skips the test when clamav-daemon is not installed. */
    static PrivateClamd start(Path dir) throws IOException, InterruptedException {
        Path clamd = Daemons.binary("clamd").orElse(null);
        Assumptions.assumeTrue(clamd != null, "clamd is not installed (apt-get install clamav-daemon)");
        Path db = Files.createDirectories(dir.resolve("db"));
        // an .ndb body signature (ClamAV signature format): name:target type 0 (any):offset *:hex
        String hex = HexFormat.of().formatHex(Inputs.EICAR.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(db.resolve("coffer-test.ndb"), SIGNATURE + ":0:*:" + hex + "\n");
        int port = Daemons.freePort();
        Path conf = dir.resolve("clamd.conf");
        Files.writeString(conf, """
                Foreground yes
                DatabaseDirectory %s
                TCPSocket %d
                TCPAddr 127.0.0.1
                TemporaryDirectory %s
                PidFile %s
                StreamMaxLength 1M
                """.formatted(db, port, dir, dir.resolve("clamd.pid")));
        Path log = dir.resolve("clamd.log");
        Process process = new ProcessBuilder(clamd.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Duration startup = Daemons.awaitReady(process, () -> pong(port), START_TIMEOUT, log, "clamd");
        return new PrivateClamd(process, port, startup);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    private static boolean pong(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("PONG\0");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        Daemons.stop(process);
    }
}

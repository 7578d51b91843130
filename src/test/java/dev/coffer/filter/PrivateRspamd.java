package dev.coffer.filter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * An Rspamd of its own for a test: a minimal configuration in a temporary directory (no Lua
 * rules, no Redis, DNS pointed at a closed loopback port so it never leaves the machine), one
 * normal worker on a free loopback port. Rspamd recognises GTUBE by itself; the test patterns
 * are enabled so that its "add header" variant can be asked for too ({@code enable_test_patterns}
 * up to Rspamd 3.7, {@code gtube_patterns = "all"} from 3.8; each version ignores the other).
 */
final class PrivateRspamd implements AutoCloseable {

    /** Rspamd's GTUBE-like pattern for the "add header" action (https://rspamd.com/doc/gtube_patterns.html). */
    static final String GTUBE_ADD_HEADER = "YJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    final int port;
    final Duration startup;

    private PrivateRspamd(Process process, int port, Duration startup) {
        this.process = process;
        this.port = port;
        this.startup = startup;
    }

    /** Starts rspamd in {@code dir}; skips the test when rspamd is not installed. */
    static PrivateRspamd start(Path dir) throws IOException, InterruptedException {
        Path rspamd = Daemons.binary("rspamd").orElse(null);
        Assumptions.assumeTrue(rspamd != null, "rspamd is not installed (apt-get install rspamd)");
        int port = Daemons.freePort();
        // a short suffix list: compiling Mozilla's full list takes rspamd about 20 s
        Files.writeString(dir.resolve("tld.dat"), "com\norg\nnet\ntest\nexample\n");
        Path conf = dir.resolve("rspamd.conf");
        Files.writeString(conf, """
                options {
                  pidfile = "%1$s/rspamd.pid";
                  filters = "";
                  enable_test_patterns = true;
                  gtube_patterns = "all";
                  dns { nameserver = ["127.0.0.1:9"]; timeout = 1s; retransmits = 1; }
                  local_addrs = [];
                  control_socket = "%1$s/rspamd.sock mode=0600";
                  cache_file = "%1$s/symbols.cache";
                  hs_cache_dir = "%1$s";
                  maps_cache_dir = "%1$s";
                  tempdir = "%1$s";
                  url_tld = "%1$s/tld.dat";
                }
                logging { type = "console"; level = "notice"; }
                worker "normal" { bind_socket = "127.0.0.1:%2$d"; count = 1; }
                actions { reject = 15; add_header = 6; greylist = 4; }
                """.formatted(dir, port));
        Path log = dir.resolve("rspamd.log");
        Process process = new ProcessBuilder(rspamd.toString(), "-f", "-i", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI ping = URI.create("http://127.0.0.1:" + port + "/ping");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            Duration startup = Daemons.awaitReady(process, () -> pong(http, ping), START_TIMEOUT, log, "rspamd");
            return new PrivateRspamd(process, port, startup);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private static boolean pong(HttpClient http, URI ping) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().strip().equals("pong");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        Daemons.stop(process);
    }
}

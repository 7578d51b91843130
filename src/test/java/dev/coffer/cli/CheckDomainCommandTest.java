package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of {@code coffer check-domain}. The audit itself is specified in dev.coffer.dns.check
 * and run end to end by interop/test_check_domain.py (a real run changes this JVM's TLS settings).
 */
class CheckDomainCommandTest {

    @TempDir
    Path dir;

    private InProcessCli cli;

    @BeforeEach
    void capture() {
        cli = new InProcessCli(dir);
    }

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void refusesAnUnknownServiceInPort() {
        assertThat(cli.run("", "check-domain", "example.org", "--port", "pop3=110")).isEqualTo(2);
        assertThat(cli.stderr()).contains("--port: unknown service pop3 (choose from smtp, submissions, imaps, https)");
    }

    @Test
    void refusesATimeoutOutsideItsBounds() {
        assertThat(cli.run("", "check-domain", "example.org", "--timeout", "0")).isEqualTo(2);
        assertThat(cli.stderr()).contains("--timeout must be 1 to 120 seconds");
    }

    @Test
    void needsADomain() {
        assertThat(cli.run("", "check-domain")).isEqualTo(2);
        assertThat(cli.stderr()).contains("Missing required parameter: 'DOMAIN'");
    }
}

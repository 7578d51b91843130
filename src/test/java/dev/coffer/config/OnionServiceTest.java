package dev.coffer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The torrc lines that put web, IMAP and SMTP behind the configured onion address. */
class OnionServiceTest {

    private static final String ONION = "coffer2345coffer2345coffer2345coffer2345coffer2345coffe.onion";

    @TempDir
    Path dir;

    private CofferConfig load(String toml) throws Exception {
        ConfigLoader.write(dir, toml);
        return ConfigLoader.load(dir);
    }

    @Test
    void noOnionAddressMeansNoOnionService() throws Exception {
        assertThat(OnionService.from(load("hostname = \"mx.example.org\"\n"))).isEmpty();
    }

    @Test
    void standardOnionPortsGoToTheLocalListenersOnLoopback() throws Exception {
        CofferConfig config = load("""
                hostname = "mx.example.org"
                [listeners]
                smtp = "0.0.0.0:25"
                submissions = "0.0.0.0:465"
                submission = "127.0.0.1:2587"
                imaps = "[::]:993"
                https = "192.0.2.7:8443"
                [web]
                onion_address = "%s"
                """.formatted(ONION));

        assertThat(OnionService.from(config).orElseThrow().torrcLines()).containsExactly(
                "HiddenServiceDir /var/lib/tor/coffer/",
                "HiddenServicePort 443 192.0.2.7:8443",
                "HiddenServicePort 993 [::1]:993",
                "HiddenServicePort 465 127.0.0.1:465",
                "HiddenServicePort 587 127.0.0.1:2587",
                "HiddenServicePort 25 127.0.0.1:25");
    }

    @Test
    void listenersThatAreOffAreLeftOut() throws Exception {
        CofferConfig config = load("""
                [listeners]
                smtp = ""
                submissions = ""
                submission = ""
                imaps = "127.0.0.1:993"
                https = ""
                [web]
                onion_address = "%s"
                """.formatted(ONION));

        assertThat(OnionService.from(config).orElseThrow().torrcLines()).containsExactly(
                "HiddenServiceDir /var/lib/tor/coffer/", "HiddenServicePort 993 127.0.0.1:993");
    }
}

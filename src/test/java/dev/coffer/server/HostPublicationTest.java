package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.acme.AcmeAccountUri;
import dev.coffer.acme.TlsKeys;
import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.dns.PublishedHost;
import dev.coffer.testing.ExternalProgram;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the records of hosted domains are made from: the configuration, the TLS key files and the ACME account. */
class HostPublicationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        CertificateAuthority.createDemo(dir, List.of("mx.example.org"));
        config("");
    }

    private void config(String extra) throws Exception {
        ConfigLoader.write(dir, """
                hostname = "mx.example.org"
                [listeners]
                smtp = "0.0.0.0:25"
                submissions = "0.0.0.0:465"
                submission = ""
                imap = ""
                imaps = "[::]:993"
                pop3 = ""
                pop3s = ""
                https = "0.0.0.0:443"
                """ + extra);
    }

    private PublishedHost host() throws Exception {
        return HostPublication.host(dir, ConfigLoader.load(dir));
    }

    private static String shell(String command) throws Exception {
        ExternalProgram.Result result = ExternalProgram.run(List.of("sh", "-c", command), null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    /** The hex SHA-256 a {@code ... | sha256sum} pipeline prints. */
    private static String sha256sum(String pipeline) throws Exception {
        return shell(pipeline + " | sha256sum").substring(0, 64);
    }

    @Test
    void theCurrentKeyIsTheServedCertificatesAsOpensslDigestsIt() throws Exception {
        String openssl = sha256sum("openssl x509 -in " + dir.resolve("tls/cert.pem") + " -pubkey -noout"
                + " | openssl pkey -pubin -outform DER");

        assertThat(host().tlsKeys()).containsExactly(new PublishedHost.TlsKey(openssl, "current"));
    }

    @Test
    void theNextKeyIsPublishedOnceItsFileExists() throws Exception {
        Path nextKey = dir.resolve(TlsKeys.NEXT_KEY);
        shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + nextKey);
        String next = sha256sum("openssl pkey -in " + nextKey + " -pubout -outform DER");

        assertThat(host().tlsKeys()).extracting(PublishedHost.TlsKey::role).containsExactly("current", "next");
        assertThat(host().tlsKeys().get(1).sha256()).isEqualTo(next);
    }

    @Test
    void theMtaStsIdChangesWhenThePolicyDoes() throws Exception {
        String enforce = host().mtaStsTxt();
        config("[web]\nmta_sts_mode = \"testing\"\n");
        String testing = host().mtaStsTxt();
        config("[web]\nmta_sts_max_age_seconds = 86400\n");
        String shorter = host().mtaStsTxt();

        assertThat(enforce).matches("v=STSv1; id=[0-9a-f]{16}");
        assertThat(List.of(enforce, testing, shorter)).doesNotHaveDuplicates();
        config("");
        assertThat(host().mtaStsTxt()).isEqualTo(enforce);
    }

    @Test
    void portsAreThoseOfTheListenersThatAreOn() throws Exception {
        assertThat(host().ports()).isEqualTo(Map.of("smtp", 25, "submissions", 465, "imaps", 993, "https", 443));
    }

    @Test
    void caaNamesTheConfiguredIssuerAndTheAcmeAccountOnceThereIsOne() throws Exception {
        assertThat(host().caaIssuer()).isEqualTo("letsencrypt.org");
        assertThat(host().acmeAccount()).isEmpty();

        AcmeAccountUri.write(dir, URI.create("https://acme.example/acct/7"));
        config("[domains]\ncaa_issuer = \"pki.goog\"\n");

        assertThat(host().caaIssuer()).isEqualTo("pki.goog");
        assertThat(host().acmeAccount()).contains(URI.create("https://acme.example/acct/7"));
    }
}

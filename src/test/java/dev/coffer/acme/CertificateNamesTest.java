package dev.coffer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateNamesTest {

    @Test
    void coversTheHostnameAndTheWebHostsOfEveryHostedDomain() {
        assertThat(CertificateNames.of("Mail.Example.org", List.of("example.org", "Other.example")))
                .containsExactly("mail.example.org",
                        "mta-sts.example.org", "autoconfig.example.org", "openpgpkey.example.org",
                        "mta-sts.other.example", "autoconfig.other.example", "openpgpkey.other.example");
    }
}

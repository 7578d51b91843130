package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.arc.ArcSealer;
import dev.coffer.mailauth.arc.ArcVerifier;
import dev.coffer.mailauth.dkim.DkimKeys;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainDkimKeysTest {

    @TempDir
    Path dir;

    @Test
    void activeKeyIsTheCurrentKeyOfThatAlgorithmUnderItsPublishedSelector() throws Exception {
        try (Store store = Store.open(dir)) {
            new AccountService(store).addDomain("example.org");
            DomainDkimKeys keys = new DomainDkimKeys(store, Clock.systemUTC());
            Domain domain = store.domains().find("example.org").orElseThrow();

            DomainDkimKeys.SigningKey rsa = keys.activeKey("Example.ORG", DomainDkimKeys.RSA).orElseThrow();
            DomainDkimKeys.SigningKey ed = keys.activeKey("example.org", DomainDkimKeys.ED25519).orElseThrow();

            assertThat(rsa.domain()).isEqualTo("example.org");
            assertThat(rsa.privateKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(keys.dnsRecords(domain)).contains(
                    new DomainDkimKeys.DnsRecord(rsa.selector() + "._domainkey.example.org",
                            DkimKeys.dnsRecord(rsa.privateKey()), true),
                    new DomainDkimKeys.DnsRecord(ed.selector() + "._domainkey.example.org",
                            DkimKeys.dnsRecord(ed.privateKey()), true));
            assertThat(keys.activeKey("example.net", DomainDkimKeys.RSA)).isEmpty();
        }
    }

    @Test
    void theActiveRsaKeySealsArcChainsThatVerifyAgainstThePublishedRecords() throws Exception {
        try (Store store = Store.open(dir)) {
            new AccountService(store).addDomain("example.org");
            DomainDkimKeys keys = new DomainDkimKeys(store, Clock.systemUTC());
            Domain domain = store.domains().find("example.org").orElseThrow();
            DomainDkimKeys.SigningKey key = keys.activeKey("example.org", DomainDkimKeys.RSA).orElseThrow();
            byte[] message = "From: a@example.net\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

            byte[] sealed = new ArcSealer(key.domain(), key.selector(), key.privateKey(), "mx.example.org",
                    Clock.systemUTC()).seal(message, "spf=pass smtp.mailfrom=a@example.net", ArcResult.none());

            ArcVerifier verifier = new ArcVerifier((selector, d) -> Optional.ofNullable(keys.dnsRecords(domain).stream()
                    .filter(record -> record.name().equals(selector + "._domainkey." + d))
                    .map(DomainDkimKeys.DnsRecord::value).findFirst().orElse(null)), Clock.systemUTC());
            assertThat(verifier.verify(sealed).code()).isEqualTo(ArcResult.Code.PASS);
        }
    }
}

package dev.coffer.account;

import dev.coffer.mailauth.dkim.DkimKeys;
import dev.coffer.mailauth.dkim.DkimSigner;
import dev.coffer.store.DkimKey;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Each hosted domain signs with two DKIM keys, Ed25519 (RFC 8463) and RSA-2048, so receivers
 * that know only RSA still verify. Rotation makes new keys under new selectors; the old ones
 * stay listed (inactive) until their DNS records are removed.
 */
public final class DomainDkimKeys {

    public static final String ED25519 = "ed25519";
    public static final String RSA = "rsa";

    private static final DateTimeFormatter SELECTOR_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A DKIM DNS record: TXT at {@code name}. */
    public record DnsRecord(String name, String value, boolean active) {}

    /** An active signing key with the domain and selector its DNS record is published under. */
    public record SigningKey(String domain, String selector, PrivateKey privateKey) {}

    private final Store store;
    private final Clock clock;

    public DomainDkimKeys(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Generates a fresh Ed25519 and RSA key for the domain; previous keys become inactive. */
    public List<DkimKey> rotate(Domain domain) {
        String date = SELECTOR_DATE.format(clock.instant());
        int generation = store.dkimKeys().list(domain.id()).size() / 2 + 1;
        KeyPair ed25519 = DkimKeys.generateEd25519();
        KeyPair rsa = DkimKeys.generateRsa();
        return store.dkimKeys().replace(domain.id(), List.of(
                new DkimKey(0, domain.id(), "ed" + date + "g" + generation, ED25519,
                        DkimKeys.toPem(ed25519.getPrivate()), null, true),
                new DkimKey(0, domain.id(), "rsa" + date + "g" + generation, RSA,
                        DkimKeys.toPem(rsa.getPrivate()), null, true)));
    }

    /** Signers for every active key of the domain; empty when the domain has none. */
    public List<DkimSigner> signers(Domain domain) {
        return store.dkimKeys().list(domain.id()).stream()
                .filter(DkimKey::active)
                .map(key -> new DkimSigner(domain.name(), key.selector(), DkimKeys.fromPem(key.privateKey()), clock))
                .toList();
    }

    /**
     * RFC 6376 §5: the message with a DKIM-Signature field prepended for every active key of
     * the domain; unchanged when the domain is not hosted or has no keys.
     */
    public byte[] sign(String domainName, byte[] message) {
        List<DkimSigner> signers = store.domains().find(Domains.normalize(domainName)).map(this::signers)
                .orElse(List.of());
        if (signers.isEmpty()) {
            return message;
        }
        StringBuilder fields = new StringBuilder();
        for (DkimSigner signer : signers) {
            fields.append(signer.sign(message));
        }
        byte[] header = fields.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] signed = Arrays.copyOf(header, header.length + message.length);
        System.arraycopy(message, 0, signed, header.length, message.length);
        return signed;
    }

    /**
     * The domain's active key of {@code algorithm} ({@link #ED25519} or {@link #RSA}), for
     * signers other than DKIM such as the ARC sealer; empty when the domain is not hosted or
     * has no such active key.
     */
    public Optional<SigningKey> activeKey(String domainName, String algorithm) {
        return store.domains().find(Domains.normalize(domainName)).flatMap(domain ->
                store.dkimKeys().list(domain.id()).stream()
                        .filter(key -> key.active() && key.algorithm().equals(algorithm))
                        .findFirst()
                        .map(key -> new SigningKey(domain.name(), key.selector(), DkimKeys.fromPem(key.privateKey()))));
    }

    /** The hosted domain that is this host name or its closest parent ({@code mx.example.org} → {@code example.org}). */
    public Optional<String> hostedDomainOf(String hostname) {
        for (String name = Domains.normalize(hostname); name.contains("."); name = name.substring(name.indexOf('.') + 1)) {
            if (store.domains().find(name).isPresent()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The TXT records to publish, active keys first. */
    public List<DnsRecord> dnsRecords(Domain domain) {
        return store.dkimKeys().list(domain.id()).stream()
                .map(key -> new DnsRecord(key.selector() + "._domainkey." + domain.name(),
                        DkimKeys.dnsRecord(DkimKeys.fromPem(key.privateKey())), key.active()))
                .toList();
    }
}

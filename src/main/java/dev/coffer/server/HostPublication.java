package dev.coffer.server;

import dev.coffer.account.DomainDkimKeys;
import dev.coffer.acme.AcmeAccountUri;
import dev.coffer.acme.TlsKeys;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ListenAddress;
import dev.coffer.crypto.TlsPublicKeys;
import dev.coffer.crypto.TlsaDigest;
import dev.coffer.dns.DomainRecords;
import dev.coffer.dns.PublishedHost;
import dev.coffer.store.Store;
import dev.coffer.web.MtaStsPolicyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what the DNS records of hosted domains point at from the configuration and the data
 * directory: listener ports, the MTA-STS policy served, the current certificate's key and the next
 * key ({@code DATA/tls/next-key.pem}, pre-published for DANE), the CAA issuer and ACME account.
 */
public final class HostPublication {

    private HostPublication() {}

    public static PublishedHost host(Path dataDir, CofferConfig config) throws IOException {
        List<PublishedHost.TlsKey> keys = new ArrayList<>();
        Path certificate = dataDir.resolve(config.tls().certificate());
        if (Files.exists(certificate)) {
            keys.add(new PublishedHost.TlsKey(TlsaDigest.of(TlsPublicKeys.ofCertificate(certificate)), "current"));
        }
        Path next = dataDir.resolve(TlsKeys.NEXT_KEY);
        if (Files.exists(next)) {
            keys.add(new PublishedHost.TlsKey(TlsaDigest.of(TlsPublicKeys.ofPrivateKey(next)), "next"));
        }
        return new PublishedHost(config.hostname(), ports(config.listeners()), MtaStsPolicyFile.from(config).txtRecord(),
                keys, config.domains().caaIssuer(), AcmeAccountUri.read(dataDir));
    }

    public static DomainRecords domainRecords(Path dataDir, CofferConfig config, Store store) throws IOException {
        return new DomainRecords(host(dataDir, config), store, new DomainDkimKeys(store, Clock.systemUTC()));
    }

    private static Map<String, Integer> ports(CofferConfig.Listeners listeners) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        put(ports, "smtp", listeners.smtp());
        put(ports, "submissions", listeners.submissions());
        put(ports, "submission", listeners.submission());
        put(ports, "imap", listeners.imap());
        put(ports, "imaps", listeners.imaps());
        put(ports, "pop3", listeners.pop3());
        put(ports, "pop3s", listeners.pop3s());
        put(ports, "https", listeners.https());
        return ports;
    }

    private static void put(Map<String, Integer> ports, String name, String address) {
        if (address != null && !address.isEmpty()) {
            ports.put(name, ListenAddress.parse(address).getPort());
        }
    }
}

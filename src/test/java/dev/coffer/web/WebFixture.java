package dev.coffer.web;

import dev.coffer.account.PublicDirectory;
import dev.coffer.crypto.AccountKeyPair;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.crypto.CmsSigner;
import dev.coffer.crypto.ServerTls;
import dev.coffer.dns.ConfiguredAddressResolver;
import dev.coffer.store.Account;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.TestTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A store hosting {@link #DOMAIN} with the account {@link #JOE} (whose key also names other
 * addresses), an https listener on an ephemeral loopback port with a certificate from a test CA,
 * and an HTTP client that trusts that CA and finds every {@code *.webtest.example} name at 127.0.0.1.
 */
final class WebFixture implements AutoCloseable {

    static final String DOMAIN = "webtest.example";
    static final String JOE = "joe.doe@" + DOMAIN;
    static final List<String> JOE_KEY_ADDRESSES = List.of(JOE, "jd@" + DOMAIN, "joe@elsewhere.example");
    static final String HOSTNAME = "mail." + DOMAIN;
    static final MailEndpoints ENDPOINTS = new MailEndpoints(HOSTNAME, 993, 143, 995, 110, 465, 587);
    static final List<String> CERTIFICATE_NAMES = List.of(DOMAIN, HOSTNAME, "mta-sts." + DOMAIN,
            "openpgpkey." + DOMAIN, "autoconfig." + DOMAIN, "unhosted.example", "mta-sts.unhosted.example",
            "openpgpkey.unhosted.example");

    final Store store;
    final Path caPem;
    final HttpsListener https;
    final HttpClient client;
    final MtaStsPolicyFile policy = new MtaStsPolicyFile("enforce", HOSTNAME, 604_800);

    WebFixture(Path directory, SecurityHeaders headers) throws Exception {
        store = Store.open(Files.createDirectories(directory.resolve("data")));
        Domain domain = store.domains().add(DOMAIN);
        AccountKeyPair keys = AccountKeys.generate(JOE_KEY_ADDRESSES, "passphrase".toCharArray());
        store.accounts().create(domain.id(), JOE, new Account.Credentials("c2FsdA==", 65536, 3, 1, "sha256$x$y"),
                keys.publicKeyArmored(), keys.secretKeyArmored(), keys.fingerprint(), StoreFixture.MAILBOXES);
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        caPem = certificates.resolve("ca.pem");
        PublicDirectory directoryService = new PublicDirectory(store);
        ServerTls tls = TestTls.serverTls(certificates, CERTIFICATE_NAMES);
        https = new HttpsListener(tls, headers, List.of(
                new WebKeyDirectory(directoryService),
                new MtaStsHosting(directoryService, policy),
                new ClientAutoconfiguration(directoryService, ENDPOINTS, CmsSigner.of(tls))));
        https.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        ConfiguredAddressResolver.install(host -> host.endsWith(".example") ? List.of(loopback) : List.of());
        client = HttpClient.newBuilder()
                .sslContext(TestTls.clientTrusting(caPem))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    HttpResponse<byte[]> get(String host, String target) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(host, target)).GET());
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    URI uri(String host, String target) {
        return URI.create("https://" + host + ":" + https.port() + target);
    }

    @Override
    public void close() {
        ConfiguredAddressResolver.install(null);
        https.close();
        store.close();
    }
}

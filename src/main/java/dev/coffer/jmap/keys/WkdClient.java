package dev.coffer.jmap.keys;

import dev.coffer.account.Address;
import dev.coffer.crypto.FetchedCertificate;
import dev.coffer.crypto.KeyFormatException;
import dev.coffer.web.WkdHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Fetches a recipient's key from the Web Key Directory of its domain (draft-koch-openpgp-webkey-service
 * §3.1): the advanced method first, the direct method only when {@code openpgpkey.DOMAIN} does not
 * exist. HTTPS with a verified certificate, through the JVM's resolver (the configured one, as
 * for MTA-STS policies), no redirects, a bounded body.
 */
public final class WkdClient implements AutoCloseable {

    public static final int MAX_KEY_BYTES = 256 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Duration timeout;
    private final UnaryOperator<String> authority;
    private final boolean allowPrivateAddresses;

    /**
     * @param sslContext            whose trust store validates WKD servers; null for the JDK's
     * @param authority             where to connect for a host ("host" or "host:port"); the identity
     *                              but in tests, which map names to loopback ports (the certificate
     *                              must still name the host)
     * @param allowPrivateAddresses whether hosts may resolve to loopback or private addresses (tests);
     *                              otherwise such a lookup fails, so that users cannot make the server
     *                              probe its own network
     */
    public WkdClient(SSLContext sslContext, Duration timeout, UnaryOperator<String> authority,
                     boolean allowPrivateAddresses) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
        this.timeout = timeout;
        this.authority = authority;
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    public static WkdClient withJdkTrust() {
        return new WkdClient(null, DEFAULT_TIMEOUT, UnaryOperator.identity(), false);
    }

    public KeyLookupResult lookup(Address address) {
        return lookup(address, address.localPart());
    }

    /** @param localPart the local part as the user wrote it: §3.1 passes it unchanged in {@code l=} */
    public KeyLookupResult lookup(Address address, String localPart) {
        String domain = address.domain().toLowerCase(Locale.ROOT);
        String advancedHost = "openpgpkey." + domain;
        String hashPath = "/hu/" + WkdHash.of(address.localPart()) + "?l="
                + URLEncoder.encode(localPart, StandardCharsets.UTF_8);
        try {
            resolve(advancedHost);
        } catch (UnknownHostException e) {
            // §3.1: only when the sub-domain does not exist, fall back to the direct method
            return fetch(address, domain, "/.well-known/openpgpkey" + hashPath, KeyLookupResult.Source.WKD_DIRECT);
        } catch (IOException e) {
            return new KeyLookupResult.LookupFailed(e.getMessage());
        }
        return fetch(address, advancedHost, "/.well-known/openpgpkey/" + domain + hashPath,
                KeyLookupResult.Source.WKD_ADVANCED);
    }

    private KeyLookupResult fetch(Address address, String host, String target, KeyLookupResult.Source source) {
        try {
            resolve(host);
        } catch (IOException e) {
            return new KeyLookupResult.LookupFailed("cannot find the WKD server " + host + ": " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + authority.apply(host) + target))
                .timeout(timeout).GET().header("Accept", "application/octet-stream").build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() == 404) {
                    return new KeyLookupResult.NotFound("the Web Key Directory of " + address.domain()
                            + " has no key for " + address);
                }
                if (response.statusCode() != 200) {
                    return new KeyLookupResult.LookupFailed("the Web Key Directory at " + host + " answered HTTP "
                            + response.statusCode());
                }
                byte[] body = in.readNBytes(MAX_KEY_BYTES + 1);
                if (body.length > MAX_KEY_BYTES) {
                    return new KeyLookupResult.LookupFailed("the key served by " + host + " is larger than "
                            + MAX_KEY_BYTES + " bytes");
                }
                FetchedCertificate key = FetchedCertificate.read(body, address.toString());
                return new KeyLookupResult.Found(key.armored(), key.fingerprint(), source);
            }
        } catch (KeyFormatException e) {
            return new KeyLookupResult.LookupFailed("the key served by " + host + " is not usable: " + e.getMessage());
        } catch (IOException e) {
            return new KeyLookupResult.LookupFailed("cannot fetch from " + host + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KeyLookupResult.LookupFailed("interrupted while fetching from " + host);
        }
    }

    private void resolve(String host) throws IOException {
        for (InetAddress found : InetAddress.getAllByName(host)) {
            boolean internal = found.isLoopbackAddress() || found.isSiteLocalAddress() || found.isLinkLocalAddress()
                    || found.isAnyLocalAddress() || found.isMulticastAddress();
            if (internal && !allowPrivateAddresses) {
                throw new IOException(host + " resolves to a private address; it is not looked up");
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        http.close();
    }
}

package dev.coffer.mailauth.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Test vectors and a key lookup backed by a map. */
final class DkimFixtures {

    private DkimFixtures() {}

    static String resource(String name) {
        try (InputStream in = DkimFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource stored with LF line ends, as the CRLF message it stands for. */
    static byte[] crlfMessage(String name) {
        return crlf(resource(name));
    }

    static byte[] crlf(String lfText) {
        return lfText.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code head} (ISO-8859-1) followed by {@code rest}, such as a header prepended to a message. */
    static byte[] concat(String head, byte[] rest) {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + rest.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(rest, 0, out, h.length, rest.length);
        return out;
    }

    static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    /** RFC 8463 A.1: the Ed25519 secret key, a raw seed, as a JDK key (PKCS#8 per RFC 8410). */
    static PrivateKey rfc8463Ed25519Key() throws Exception {
        byte[] seed = Base64.getDecoder().decode(resource("rfc8463-ed25519-private.b64").strip());
        return ed25519FromSeed(seed);
    }

    static PrivateKey ed25519FromSeed(byte[] seed) throws Exception {
        byte[] prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
        byte[] der = new byte[prefix.length + 32];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(seed, 0, der, prefix.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** The key records of RFC 8463 A.2. */
    static MapLookup rfc8463Lookup() {
        return new MapLookup()
                .with("brisbane", "football.example.com", resource("rfc8463-brisbane.txt").strip())
                .with("test", "football.example.com", resource("rfc8463-test.txt").strip());
    }

    /** Key records by "selector._domainkey.domain"; an unknown name has no record. */
    static final class MapLookup implements DkimKeyLookup {
        private final Map<String, String> records = new HashMap<>();
        int queries;

        MapLookup with(String selector, String domain, String txt) {
            records.put(selector + "._domainkey." + domain, txt);
            return this;
        }

        @Override
        public Optional<String> txtRecord(String selector, String domain) {
            queries++;
            return Optional.ofNullable(records.get(selector + "._domainkey." + domain));
        }
    }
}

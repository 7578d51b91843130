package dev.coffer.mailauth.dkim;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A DKIM key record, the TXT record at {@code selector._domainkey.domain} (RFC 6376 §3.6.1).
 *
 * @param keyType k=, {@code rsa} by default, or {@code ed25519} (RFC 8463 §4)
 * @param hashes h=, the hash algorithms the key may be used with; empty means any
 * @param services s=, the service types; {@code *} by default
 * @param flags t=, e.g. {@code y} (testing) and {@code s} (i= must be exactly d=)
 * @param publicKeyData p=, decoded; empty when the key has been revoked
 */
public record DkimKeyRecord(String keyType, List<String> hashes, List<String> services,
                            List<String> flags, byte[] publicKeyData) {

    private static final String WHAT = "key record";

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4); the raw 32-octet key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    public DkimKeyRecord {
        hashes = List.copyOf(hashes);
        services = List.copyOf(services);
        flags = List.copyOf(flags);
        publicKeyData = publicKeyData.clone();
    }

    @Override
    public byte[] publicKeyData() {
        return publicKeyData.clone();
    }

    /** RFC 6376 §3.6.1 p=: "An empty value means that this public key has been revoked." */
    public boolean revoked() {
        return publicKeyData.length == 0;
    }

    public boolean testing() {
        return flags.contains("y");
    }

    /** RFC 6376 §3.6.1 t=s: the i= domain must equal d=, no subdomains. */
    public boolean strictIdentity() {
        return flags.contains("s");
    }

    public static DkimKeyRecord parse(String txt) throws DkimParseException {
        TagList tags = TagList.parse(txt, WHAT);
        // RFC 6376 §3.6.1 v=: if present it MUST be the first tag and equal "DKIM1"
        Optional<String> v = tags.get("v");
        if (v.isPresent()) {
            if (!v.get().equals("DKIM1")) {
                throw new DkimParseException("key record has v=" + TagList.abbreviate(v.get()) + "; expected DKIM1");
            }
            if (!tags.tags().keySet().iterator().next().equals("v")) {
                throw new DkimParseException("key record has v= but not as its first tag");
            }
        }
        String keyType = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
        List<String> hashes = colonList(tags.get("h").orElse(""));
        List<String> services = colonList(tags.get("s").orElse("*"));
        List<String> flags = colonList(tags.get("t").orElse(""));
        String p = tags.require("p", WHAT);
        byte[] keyData;
        try {
            keyData = Base64.getDecoder().decode(TagList.removeFws(p));
        } catch (IllegalArgumentException e) {
            throw new DkimParseException("key record p= is not valid base64: " + e.getMessage());
        }
        return new DkimKeyRecord(keyType, hashes, services, flags, keyData);
    }

    /**
     * The public key for {@code algorithm}; the record's k= must match it.
     *
     * @throws DkimParseException if k= is another type or p= does not hold such a key
     */
    public PublicKey publicKey(DkimAlgorithm algorithm) throws DkimParseException {
        if (!keyType.equals(algorithm.keyType())) {
            throw new DkimParseException("key record has k=" + keyType + " but the signature uses a="
                    + algorithm.tagValue());
        }
        try {
            return switch (algorithm) {
                case RSA_SHA256 -> rsaKey(publicKeyData);
                case ED25519_SHA256 -> ed25519Key(publicKeyData);
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DkimParseException("key record p= does not hold a valid " + keyType + " public key", e);
        }
    }

    /**
     * RFC 6376 §3.6.1 names the RSAPublicKey structure, but nearly everyone publishes the
     * SubjectPublicKeyInfo that {@code openssl rsa -pubout} writes; both are accepted.
     */
    private static PublicKey rsaKey(byte[] der) throws GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        try {
            return rsa.generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException spkiFailed) {
            org.bouncycastle.asn1.pkcs.RSAPublicKey pkcs1;
            try {
                pkcs1 = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
            } catch (RuntimeException notPkcs1) {
                throw spkiFailed;
            }
            return rsa.generatePublic(new RSAPublicKeySpec(pkcs1.getModulus(), pkcs1.getPublicExponent()));
        }
    }

    /** RFC 8463 §4.2: p= is the raw 32-octet Ed25519 public key, not a SubjectPublicKeyInfo. */
    static PublicKey ed25519Key(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key is 32 octets, not " + raw.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The raw 32-octet key from an Ed25519 SubjectPublicKeyInfo (the inverse of the above). */
    static byte[] rawEd25519(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] raw = new byte[32];
        System.arraycopy(spki, spki.length - 32, raw, 0, 32);
        return raw;
    }

    public static int rsaBits(PublicKey key) {
        BigInteger modulus = ((RSAPublicKey) key).getModulus();
        return modulus.bitLength();
    }

    private static List<String> colonList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(":")) {
            String s = TagList.stripFws(item);
            if (!s.isEmpty()) {
                items.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return items;
    }
}

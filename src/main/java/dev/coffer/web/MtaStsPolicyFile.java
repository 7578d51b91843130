package dev.coffer.web;

import dev.coffer.config.CofferConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MTA-STS policy every hosted domain publishes (RFC 8461 §3.2), and the id its
 * {@code _mta-sts} TXT record announces (§3.1), which changes whenever the policy does.
 *
 * @param mode          enforce, testing or none
 * @param mx            the host name receivers must find in the domain's MX records
 * @param maxAgeSeconds how long senders may cache the policy
 */
public record MtaStsPolicyFile(String mode, String mx, long maxAgeSeconds) {

    // RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year).
    static final long MAX_AGE_LIMIT = 31_557_600;

    public MtaStsPolicyFile {
        maxAgeSeconds = Math.min(maxAgeSeconds, MAX_AGE_LIMIT);
    }

    public static MtaStsPolicyFile from(CofferConfig config) {
        return new MtaStsPolicyFile(config.web().mtaStsMode(), config.hostname(), config.web().mtaStsMaxAgeSeconds());
    }

    /** RFC 8461 §3.2: "key: value" lines, CRLF-terminated, version first. */
    public String text() {
        return "version: STSv1\r\n"
                + "mode: " + mode + "\r\n"
                + "mx: " + mx + "\r\n"
                + "max_age: " + maxAgeSeconds + "\r\n";
    }

    /** RFC 8461 §3.1: 1–32 alphanumerics; here the first 16 hex digits of the policy's SHA-256. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The TXT record at {@code _mta-sts.DOMAIN} that announces this policy. */
    public String txtRecord() {
        return "v=STSv1; id=" + id();
    }
}

package dev.coffer.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The WKD name of a mail address's key: z-base-32 of SHA-1 of the lower-cased local part. */
public final class WkdHash {

    private WkdHash() {}

    /** draft-koch-openpgp-webkey-service §3.1: only ASCII upper-case letters are mapped to lower case. */
    public static String of(String localPart) {
        StringBuilder lower = new StringBuilder(localPart.length());
        localPart.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(lower.toString().getBytes(StandardCharsets.UTF_8));
            return ZBase32.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}

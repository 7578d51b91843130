package dev.coffer.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The bearer token of an app password for JMAP clients ({@code Authorization: Bearer},
 * RFC 6750): the address and the app password, {@code address:secret} in base64url without
 * padding. It is the app password itself, so revoking the app password revokes the token.
 */
public record AppToken(String address, String secret) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((address + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token; empty when it is not one. */
    public static Optional<AppToken> decode(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new AppToken(text.substring(0, colon), text.substring(colon + 1)));
    }
}

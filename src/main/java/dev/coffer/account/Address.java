package dev.coffer.account;

import java.util.Locale;

/**
 * A mail address split at its last {@code @}. Coffer treats local parts case-insensitively
 * (as Postfix and Dovecot do by default), so addresses are kept in lower case.
 */
public record Address(String localPart, String domain) {

    public static Address parse(String text) throws AccountException {
        String trimmed = text.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new AccountException("'" + text + "' is not an address of the form local@domain");
        }
        String local = trimmed.substring(0, at).toLowerCase(Locale.ROOT);
        String domain = Domains.normalize(trimmed.substring(at + 1));
        // RFC 5321 §4.5.3.1.1: a local part is at most 64 octets.
        if (local.length() > 64 || local.chars().anyMatch(c -> c <= ' ' || c == '@' || c == 0x7f)) {
            throw new AccountException("'" + text + "' has an unusable local part");
        }
        return new Address(local, domain);
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}

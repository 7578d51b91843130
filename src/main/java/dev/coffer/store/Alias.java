package dev.coffer.store;

/**
 * An alias {@code local@domain}, or a catch-all written {@code @domain}, delivering to an account.
 */
public record Alias(long id, String address, long targetAccountId, String targetAddress) {

    public boolean isCatchAll() {
        return address.startsWith("@");
    }
}

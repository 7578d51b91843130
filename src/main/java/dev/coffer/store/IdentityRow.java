package dev.coffer.store;

/**
 * A sending identity of an account: an address it may send from, with a display name and
 * signatures. {@code replyTo} and {@code bcc} are opaque text (the JMAP layer keeps JSON there).
 *
 * @param standing whether Coffer made it for the account's own address or an alias (it goes
 *                 when the alias goes, and the user cannot delete it)
 */
public record IdentityRow(long id, long accountId, String email, String name, String replyTo, String bcc,
                          String textSignature, String htmlSignature, boolean standing) {}

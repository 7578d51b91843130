package dev.coffer.filter.sieve;

/**
 * What a recipient's Sieve script runs on (RFC 5228 §2.4.2.1, §5.4).
 *
 * @param envelopeFrom the MAIL FROM address, empty for {@code <>}
 * @param envelopeTo   the RCPT TO address through which this recipient was reached, as given
 *                     (with any +detail, so the subaddress extension of RFC 5233 can see it)
 * @param message      the plaintext message, CRLF line endings, in memory only
 * @param junk         whether the filters judged it spam (it would go to Junk without a script)
 */
public record SieveInput(String envelopeFrom, String envelopeTo, byte[] message, boolean junk) {}

package dev.coffer.filter.sieve;

import java.util.function.Predicate;

/**
 * What one run of a script sees besides the script.
 *
 * @param rawMessage    the whole message, for the body test (RFC 5173)
 * @param envelopeFrom  MAIL FROM, empty for the null reverse-path
 * @param envelopeTo    the RCPT TO this recipient was reached through
 * @param separator     the subaddress separator (RFC 5233), e.g. "+"
 * @param mailboxExists whether the recipient has a mailbox of this name (RFC 5490 mailboxexists)
 */
record SieveContext(SieveMessage message, byte[] rawMessage, String envelopeFrom, String envelopeTo, String separator,
                    Predicate<String> mailboxExists, int maxRedirects) {}

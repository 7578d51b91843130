package dev.coffer.dns;

/**
 * One DNS record a domain should publish, as {@code coffer domain dns} prints it and
 * {@code coffer check-domain} expects it.
 *
 * @param name    the owner name, fully qualified, without the trailing dot
 * @param type    MX, TXT, TLSA, CAA, SRV, CNAME, A, AAAA …
 * @param value   the record data in zone-file presentation form (TXT without quotes)
 * @param purpose what the record is for, in a few words (printed as a zone-file comment)
 */
public record DnsRecord(String name, String type, String value, String purpose) {}

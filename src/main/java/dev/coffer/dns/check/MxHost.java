package dev.coffer.dns.check;

/** One MX record: preference and exchange host (no trailing dot, lower case). */
public record MxHost(int preference, String host) {}

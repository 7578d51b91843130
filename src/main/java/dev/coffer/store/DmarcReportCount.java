package dev.coffer.store;

/** Identical report rows counted together: one {@code record} of a DMARC aggregate report with its count. */
public record DmarcReportCount(DmarcReportRow row, long messages) {}

package dev.coffer.export;

/** mbox (mboxrd quoting, one file per mailbox) or one RFC 5322 {@code .eml} file per message. */
public enum ExportFormat {
    MBOX,
    EML
}

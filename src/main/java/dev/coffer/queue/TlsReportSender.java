package dev.coffer.queue;

import java.io.IOException;
import java.time.LocalDate;

/**
 * Sends one TLS-RPT report to the policy domain's {@code rua} (RFC 8460 §3, §5): the caller
 * looks up {@code _smtp._tls.DOMAIN}, gzips the JSON and mails or POSTs it.
 */
@FunctionalInterface
public interface TlsReportSender {

    void send(String policyDomain, String reportId, LocalDate day, byte[] json) throws IOException;
}

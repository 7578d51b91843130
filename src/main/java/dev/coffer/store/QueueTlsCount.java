package dev.coffer.store;

import java.util.List;

/**
 * How many TLS sessions with one policy ended one way on one day (RFC 8460 §4.4).
 *
 * @param policyType  {@code sts}, {@code tlsa} or {@code no-policy-found}
 * @param resultType  an RFC 8460 §4.3 result type, or null for successful sessions
 * @param receivingMx the MX host of a failure, null for successes
 */
public record QueueTlsCount(
        String policyType, List<String> policyStrings, List<String> mxPatterns, String resultType,
        String receivingMx, long sessions) {

    public QueueTlsCount {
        policyStrings = List.copyOf(policyStrings);
        mxPatterns = List.copyOf(mxPatterns);
    }
}

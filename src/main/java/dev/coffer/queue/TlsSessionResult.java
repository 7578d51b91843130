package dev.coffer.queue;

/**
 * The TLS part of one connection, for TLS-RPT (RFC 8460): the policy that applied and
 * whether the session met it.
 *
 * @param resultType an RFC 8460 §4.3 result type, or null for success
 * @param protocol   the negotiated TLS protocol, or null when the session stayed in clear
 */
public record TlsSessionResult(TlsRequirement requirement, String mxHost, String resultType, String protocol) {

    public boolean succeeded() {
        return resultType == null;
    }
}

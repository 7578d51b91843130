package dev.coffer.mailauth;

/** The {@code Authentication-Results} field of RFC 8601, as this server writes it. */
public interface ResultsHeader {

    /** The whole field, {@code Authentication-Results: authserv-id; ...}, folded, without the final CRLF. */
    String field(AuthenticationReport report);

    /**
     * RFC 8601 §5: the message without any {@code Authentication-Results} field that claims
     * this server's authserv-id (a forgery, since this server has not seen the message before).
     */
    byte[] withoutForgedResults(byte[] message);
}

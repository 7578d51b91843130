package dev.coffer.net;

/** A decoded RFC 4616 PLAIN message, as POP3 and SMTP submission receive it. */
public record SaslPlain(String authzid, String authcid, String password) {

    /** The decoded message does not have the form of a PLAIN response; the text says how. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    /**
     * RFC 4616 §2: {@code message = [authzid] UTF8NUL authcid UTF8NUL passwd}, once base64 is
     * decoded (which each protocol does in its own way).
     */
    public static SaslPlain parse(String message) throws MalformedException {
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            throw new MalformedException("Malformed PLAIN response: expected authzid NUL authcid NUL passwd");
        }
        String authcid = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (authcid.isEmpty() || password.isEmpty()) {
            throw new MalformedException("Malformed PLAIN response: empty user name or password");
        }
        return new SaslPlain(message.substring(0, first), authcid, password);
    }

    /** RFC 4616 §2: an empty authzid means "act as authcid"; we allow nothing else. */
    public boolean actsAsItself() {
        return authzid.isEmpty() || authzid.equalsIgnoreCase(authcid);
    }

    @Override
    public String toString() {
        return "SaslPlain[authzid=" + authzid + ", authcid=" + authcid + ", password=…]";
    }
}

package dev.coffer.jmap.mail;

/** An Email that was not created (import or set), with its SetError type (RFC 8620 §5.3). */
final class EmailRefused extends Exception {

    private final String type;

    EmailRefused(String type, String description) {
        super(description, null, false, false);
        this.type = type;
    }

    String type() {
        return type;
    }
}

package dev.coffer.imap;

/** A command the parser cannot accept; {@link #tag()} is null when not even the tag could be read. */
final class ImapSyntaxException extends Exception {

    private final String tag;

    ImapSyntaxException(String tag, String message) {
        super(message, null, false, false);
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}

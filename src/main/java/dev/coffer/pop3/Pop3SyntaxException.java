package dev.coffer.pop3;

/** A command line that cannot be accepted, with the precise reply that says why. */
public final class Pop3SyntaxException extends Exception {

    private final Pop3Reply reply;

    public Pop3SyntaxException(Pop3Reply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    public Pop3Reply reply() {
        return reply;
    }
}

package dev.coffer.smtp;

/** A command line that cannot be accepted, with the precise reply that says why. */
public final class SmtpSyntaxException extends Exception {

    private final SmtpReply reply;

    public SmtpSyntaxException(SmtpReply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    public SmtpReply reply() {
        return reply;
    }
}

package dev.coffer.smtp;

import java.util.OptionalLong;

/** One SMTP command line, parsed (RFC 5321 §4.1.1, with the extensions we implement). */
public sealed interface SmtpCommand {

    /** {@code EHLO domain} (extended) or {@code HELO domain}. */
    record Hello(String domain, boolean extended) implements SmtpCommand {}

    /**
     * {@code MAIL FROM:<reverse-path> [params]}.
     *
     * @param reversePath the mailbox, or the empty string for the null reverse-path {@code <>}
     * @param size        RFC 1870 {@code SIZE=}, when given
     * @param body        RFC 6152 {@code BODY=}, {@link Envelope.Body#SEVEN_BIT} when absent
     * @param smtpUtf8    RFC 6531 {@code SMTPUTF8} was given
     * @param requireTls  RFC 8689 {@code REQUIRETLS} was given
     * @param auth        RFC 4954 §5 {@code AUTH=} was given (its value is not used)
     */
    record Mail(String reversePath, OptionalLong size, Envelope.Body body, boolean smtpUtf8,
                boolean requireTls, boolean auth) implements SmtpCommand {

        /** Without REQUIRETLS and AUTH=. */
        public Mail(String reversePath, OptionalLong size, Envelope.Body body, boolean smtpUtf8) {
            this(reversePath, size, body, smtpUtf8, false, false);
        }
    }

    /** {@code RCPT TO:<forward-path>}; the address without angle brackets or source route. */
    record Rcpt(String forwardPath) implements SmtpCommand {}

    record Data() implements SmtpCommand {}

    /** RFC 3030 {@code BDAT chunk-size [LAST]}. */
    record Bdat(long size, boolean last) implements SmtpCommand {}

    record Rset() implements SmtpCommand {}

    record Noop() implements SmtpCommand {}

    record Quit() implements SmtpCommand {}

    record Vrfy(String argument) implements SmtpCommand {}

    record Expn(String argument) implements SmtpCommand {}

    record Help(String topic) implements SmtpCommand {}

    /** RFC 3207. */
    record StartTls() implements SmtpCommand {}

    /**
     * RFC 4954 §4: {@code AUTH mechanism [initial-response]}; offered on the submission listeners only.
     *
     * @param mechanism       the SASL mechanism name, upper case
     * @param initialResponse the base64 initial response ({@code =} for an empty one), or null when absent
     */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
        @Override
        public String toString() {
            // the initial response of PLAIN carries the password
            return "Auth[mechanism=" + mechanism + (initialResponse == null ? "" : ", initialResponse=…") + "]";
        }
    }

    /** A command from RFC 821 or an extension that this server knows but does not implement. */
    record NotImplemented(String verb) implements SmtpCommand {}

    /** The verb the command was parsed from, for logs. */
    default String verb() {
        return switch (this) {
            case Hello h -> h.extended() ? "EHLO" : "HELO";
            case Mail m -> "MAIL";
            case Rcpt r -> "RCPT";
            case Data d -> "DATA";
            case Bdat b -> "BDAT";
            case Rset r -> "RSET";
            case Noop n -> "NOOP";
            case Quit q -> "QUIT";
            case Vrfy v -> "VRFY";
            case Expn e -> "EXPN";
            case Help h -> "HELP";
            case StartTls s -> "STARTTLS";
            case Auth a -> "AUTH";
            case NotImplemented n -> n.verb();
        };
    }
}

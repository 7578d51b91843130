package dev.coffer.pop3;

import java.util.OptionalInt;

/** One POP3 command line, parsed (RFC 1939 §§4–7, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH). */
public sealed interface Pop3Command {

    /** {@code USER name}. */
    record User(String name) implements Pop3Command {}

    /** {@code PASS secret}: the rest of the line, spaces included. */
    record Pass(String secret) implements Pop3Command {
        @Override
        public String toString() {
            return "Pass[secret=…]";
        }
    }

    /**
     * RFC 5034 {@code AUTH [mechanism [initial-response]]}.
     *
     * @param mechanism       upper-cased, or null for a bare {@code AUTH} (lists the mechanisms)
     * @param initialResponse the base64 initial response ({@code =} for an empty one), or null when absent
     */
    record Auth(String mechanism, String initialResponse) implements Pop3Command {
        @Override
        public String toString() {
            return "Auth[mechanism=" + mechanism + ", initialResponse=" + (initialResponse == null ? "none" : "…") + "]";
        }
    }

    record Stat() implements Pop3Command {}

    /** {@code LIST [msg]}. */
    record List(OptionalInt message) implements Pop3Command {}

    /** {@code UIDL [msg]} (RFC 1939 §7). */
    record Uidl(OptionalInt message) implements Pop3Command {}

    record Retr(int message) implements Pop3Command {}

    /** {@code TOP msg n}: the header and the first {@code lines} lines of the body (RFC 1939 §7). */
    record Top(int message, int lines) implements Pop3Command {}

    record Dele(int message) implements Pop3Command {}

    record Rset() implements Pop3Command {}

    record Noop() implements Pop3Command {}

    record Quit() implements Pop3Command {}

    /** RFC 2449. */
    record Capa() implements Pop3Command {}

    /** RFC 2595 §4. */
    record Stls() implements Pop3Command {}

    /** A command this server knows but does not offer ({@code APOP}: our verifiers cannot compute its digest). */
    record NotSupported(String verb) implements Pop3Command {}

    /** The verb, for logs. */
    default String verb() {
        return switch (this) {
            case User u -> "USER";
            case Pass p -> "PASS";
            case Auth a -> "AUTH";
            case Stat s -> "STAT";
            case List l -> "LIST";
            case Uidl u -> "UIDL";
            case Retr r -> "RETR";
            case Top t -> "TOP";
            case Dele d -> "DELE";
            case Rset r -> "RSET";
            case Noop n -> "NOOP";
            case Quit q -> "QUIT";
            case Capa c -> "CAPA";
            case Stls s -> "STLS";
            case NotSupported n -> n.verb();
        };
    }
}

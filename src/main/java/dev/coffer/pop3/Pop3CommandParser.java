package dev.coffer.pop3;

import dev.coffer.net.SaslPlain;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalInt;

/** Parses POP3 command lines (without their CRLF) into {@link Pop3Command}s; pure, no I/O. */
public final class Pop3CommandParser {

    /** RFC 1939 §3: keywords are three or four characters; RFC 2449 §4 allows up to four. */
    private static final int MAX_KEYWORD = 4;

    /** RFC 2449 §4: arguments are at most 40 octets, except where a command says otherwise. */
    private static final int MAX_ARGUMENT_OCTETS = 40;

    private Pop3CommandParser() {}

    public static Pop3Command parse(byte[] line) throws Pop3SyntaxException {
        String text = new String(line, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        // RFC 1939 §3: keywords and arguments are separated by a single space; we accept more
        String rest = space < 0 ? "" : text.substring(space + 1);
        if (keyword.isEmpty()) {
            throw new Pop3SyntaxException(Pop3Reply.syntax("Empty command"));
        }
        if (keyword.length() > MAX_KEYWORD || !keyword.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new Pop3SyntaxException(Pop3Reply.syntax("Unknown command"));
        }
        return switch (keyword) {
            case "USER" -> new Pop3Command.User(oneArgument(keyword, rest, true));
            // RFC 1939 §7 PASS: the server may treat the rest of the line, spaces included, as the password
            case "PASS" -> {
                if (rest.isEmpty()) {
                    throw new Pop3SyntaxException(Pop3Reply.syntax("PASS needs a password"));
                }
                yield new Pop3Command.Pass(rest);
            }
            case "AUTH" -> auth(rest);
            case "STAT" -> noArgument(keyword, rest, new Pop3Command.Stat());
            case "LIST" -> new Pop3Command.List(optionalNumber(keyword, rest));
            case "UIDL" -> new Pop3Command.Uidl(optionalNumber(keyword, rest));
            case "RETR" -> new Pop3Command.Retr(number(keyword, oneArgument(keyword, rest, false)));
            case "DELE" -> new Pop3Command.Dele(number(keyword, oneArgument(keyword, rest, false)));
            case "TOP" -> top(rest);
            case "RSET" -> noArgument(keyword, rest, new Pop3Command.Rset());
            case "NOOP" -> noArgument(keyword, rest, new Pop3Command.Noop());
            case "QUIT" -> noArgument(keyword, rest, new Pop3Command.Quit());
            case "CAPA" -> noArgument(keyword, rest, new Pop3Command.Capa());
            case "STLS" -> noArgument(keyword, rest, new Pop3Command.Stls());
            case "APOP" -> new Pop3Command.NotSupported(keyword);
            default -> throw new Pop3SyntaxException(Pop3Reply.syntax("Unknown command"));
        };
    }

    /**
     * RFC 4616 §2: {@code [authzid] NUL authcid NUL passwd}, base64 encoded (RFC 5034 §4).
     * An authorization identity is accepted only when it names the authenticating user.
     */
    public static SaslPlain decodePlain(String base64) throws Pop3SyntaxException {
        byte[] decoded;
        try {
            // RFC 5034 §4: "=" is an empty initial response
            decoded = base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new Pop3SyntaxException(Pop3Reply.syntax("Invalid base64 in the authentication response"));
        }
        try {
            return SaslPlain.parse(new String(decoded, StandardCharsets.UTF_8));
        } catch (SaslPlain.MalformedException e) {
            throw new Pop3SyntaxException(Pop3Reply.syntax(e.getMessage()));
        }
    }

    private static Pop3Command auth(String rest) throws Pop3SyntaxException {
        String[] parts = rest.strip().split(" +");
        if (rest.isBlank()) {
            return new Pop3Command.Auth(null, null);
        }
        if (parts.length > 2) {
            throw new Pop3SyntaxException(Pop3Reply.syntax("AUTH takes a mechanism and an optional initial response"));
        }
        return new Pop3Command.Auth(parts[0].toUpperCase(Locale.ROOT), parts.length == 2 ? parts[1] : null);
    }

    private static Pop3Command top(String rest) throws Pop3SyntaxException {
        String[] parts = rest.strip().split(" +");
        if (rest.isBlank() || parts.length != 2) {
            throw new Pop3SyntaxException(Pop3Reply.syntax("TOP needs a message number and a line count"));
        }
        return new Pop3Command.Top(number("TOP", parts[0]), number("TOP", parts[1], true));
    }

    private static <T extends Pop3Command> T noArgument(String keyword, String rest, T command) throws Pop3SyntaxException {
        if (!rest.isBlank()) {
            throw new Pop3SyntaxException(Pop3Reply.syntax(keyword + " takes no argument"));
        }
        return command;
    }

    private static String oneArgument(String keyword, String rest, boolean mayBeLong) throws Pop3SyntaxException {
        String argument = rest.strip();
        if (argument.isEmpty() || argument.contains(" ")) {
            throw new Pop3SyntaxException(Pop3Reply.syntax(keyword + " needs exactly one argument"));
        }
        // USER names are addresses and may be longer than RFC 2449's 40 octets; the line limit bounds them
        if (!mayBeLong && argument.length() > MAX_ARGUMENT_OCTETS) {
            throw new Pop3SyntaxException(Pop3Reply.syntax("Argument too long"));
        }
        return argument;
    }

    private static OptionalInt optionalNumber(String keyword, String rest) throws Pop3SyntaxException {
        if (rest.isBlank()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(number(keyword, oneArgument(keyword, rest, false)));
    }

    private static int number(String keyword, String argument) throws Pop3SyntaxException {
        return number(keyword, argument, false);
    }

    /**
     * RFC 1939 §3: message numbers are decimal and start at 1; numbers too large for any
     * maildrop become {@link Integer#MAX_VALUE} (no such message) rather than a syntax error.
     */
    private static int number(String keyword, String argument, boolean zeroAllowed) throws Pop3SyntaxException {
        if (argument.isEmpty() || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Pop3SyntaxException(Pop3Reply.syntax(keyword + ": not a number: " + truncate(argument)));
        }
        String digits = argument.replaceFirst("^0+(?=.)", "");
        int value = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (value == 0 && !zeroAllowed) {
            throw new Pop3SyntaxException(Pop3Reply.syntax(keyword + ": message numbers start at 1"));
        }
        return value;
    }

    private static String truncate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}

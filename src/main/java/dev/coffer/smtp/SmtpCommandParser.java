package dev.coffer.smtp;

import dev.coffer.net.SaslPlain;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns one command line (without its CRLF) into an {@link SmtpCommand}, or explains
 * precisely why it cannot. Pure: no I/O, no session state beyond the one flag it is given.
 */
public final class SmtpCommandParser {

    // RFC 5321 §4.5.3.1.1-3
    static final int MAX_LOCAL_PART_OCTETS = 64;
    static final int MAX_DOMAIN_OCTETS = 255;
    static final int MAX_PATH_OCTETS = 256;

    private SmtpCommandParser() {}

    /**
     * @param line     the command line as received, without CRLF
     * @param smtpUtf8 whether the current transaction was opened with {@code SMTPUTF8}, so that
     *                 {@code RCPT TO} may name a UTF-8 address (RFC 6531 §3.3)
     */
    public static SmtpCommand parse(byte[] line, boolean smtpUtf8) throws SmtpSyntaxException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SmtpSyntaxException(new SmtpReply(500, "5.5.2", "Command is not valid UTF-8"));
        }
        return parse(text, smtpUtf8);
    }

    public static SmtpCommand parse(String line, boolean smtpUtf8) throws SmtpSyntaxException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new SmtpSyntaxException(new SmtpReply(500, "5.5.2", "Control character in command"));
            }
        }
        if (line.isBlank()) {
            throw new SmtpSyntaxException(new SmtpReply(500, "5.5.2", "Empty command"));
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1);
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Hello(helloDomain(verb, argument), true);
            case "HELO" -> new SmtpCommand.Hello(helloDomain(verb, argument), false);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument, smtpUtf8);
            case "DATA" -> noArgument(verb, argument, new SmtpCommand.Data());
            case "BDAT" -> bdat(argument);
            case "RSET" -> noArgument(verb, argument, new SmtpCommand.Rset());
            // RFC 5321 §4.1.1.9: NOOP may carry a string, which is ignored
            case "NOOP" -> new SmtpCommand.Noop();
            case "QUIT" -> noArgument(verb, argument, new SmtpCommand.Quit());
            case "VRFY" -> new SmtpCommand.Vrfy(required(verb, argument));
            case "EXPN" -> new SmtpCommand.Expn(required(verb, argument));
            case "HELP" -> new SmtpCommand.Help(argument.strip());
            case "STARTTLS" -> noArgument(verb, argument, new SmtpCommand.StartTls());
            case "AUTH" -> auth(argument);
            case "SEND", "SOML", "SAML", "TURN", "ETRN", "ATRN" -> new SmtpCommand.NotImplemented(verb);
            default -> throw new SmtpSyntaxException(new SmtpReply(500, "5.5.1", "Unknown command"));
        };
    }

    private static <T extends SmtpCommand> T noArgument(String verb, String argument, T command)
            throws SmtpSyntaxException {
        if (!argument.isEmpty()) {
            throw new SmtpSyntaxException(SmtpReply.syntax(verb + " takes no argument"));
        }
        return command;
    }

    private static String required(String verb, String argument) throws SmtpSyntaxException {
        if (argument.isBlank()) {
            throw new SmtpSyntaxException(SmtpReply.syntax(verb + " requires an argument"));
        }
        return argument.strip();
    }

    /** RFC 5321 §4.1.1.1: {@code "EHLO" SP ( Domain / address-literal )}. */
    private static String helloDomain(String verb, String argument) throws SmtpSyntaxException {
        String domain = argument.strip();
        if (domain.isEmpty()) {
            throw new SmtpSyntaxException(SmtpReply.syntax(verb + " requires a domain or address literal"));
        }
        // Lenient where it is harmless: underscores and U-labels appear in real client names.
        boolean valid = domain.startsWith("[")
                ? isAddressLiteral(domain)
                : isDomain(domain, true, true);
        if (!valid) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Invalid domain or address literal in " + verb));
        }
        return domain;
    }

    /** RFC 5321 §4.1.1.2: {@code "MAIL FROM:" Reverse-path [SP Mail-parameters]}. */
    private static SmtpCommand mail(String argument) throws SmtpSyntaxException {
        String rest = afterKeyword(argument, "FROM:", "MAIL FROM:<address>");
        int end = pathEnd(rest, "MAIL FROM:<address>");
        String path = rest.substring(0, end);
        String parameters = rest.substring(end);

        OptionalLong size = OptionalLong.empty();
        Envelope.Body body = Envelope.Body.SEVEN_BIT;
        boolean smtpUtf8 = false;
        boolean requireTls = false;
        boolean auth = false;
        Set<String> seen = new HashSet<>();
        for (Parameter parameter : parameters(parameters)) {
            if (!seen.add(parameter.keyword())) {
                throw new SmtpSyntaxException(SmtpReply.syntax("Duplicate parameter " + parameter.keyword()));
            }
            switch (parameter.keyword()) {
                // RFC 1870: size-value = 1*20DIGIT
                case "SIZE" -> {
                    String value = parameter.value();
                    if (value == null || value.isEmpty() || value.length() > 20 || !value.chars().allMatch(SmtpCommandParser::isDigit)) {
                        throw new SmtpSyntaxException(SmtpReply.syntax("SIZE requires a number of octets"));
                    }
                    size = OptionalLong.of(value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value));
                }
                // RFC 6152; BINARYMIME (RFC 3030) is not advertised
                case "BODY" -> body = switch (parameter.value() == null ? "" : parameter.value().toUpperCase(Locale.ROOT)) {
                    case "7BIT" -> Envelope.Body.SEVEN_BIT;
                    case "8BITMIME" -> Envelope.Body.EIGHT_BIT_MIME;
                    default -> throw new SmtpSyntaxException(SmtpReply.syntax("BODY must be 7BIT or 8BITMIME"));
                };
                // RFC 6531 §3.4: SMTPUTF8 takes no value
                case "SMTPUTF8" -> {
                    if (parameter.value() != null) {
                        throw new SmtpSyntaxException(SmtpReply.syntax("SMTPUTF8 takes no value"));
                    }
                    smtpUtf8 = true;
                }
                // RFC 8689 §4.1: REQUIRETLS takes no value; whether it may be used is the session's to decide
                case "REQUIRETLS" -> {
                    if (parameter.value() != null) {
                        throw new SmtpSyntaxException(SmtpReply.syntax("REQUIRETLS takes no value"));
                    }
                    requireTls = true;
                }
                // RFC 4954 §5: AUTH=<>|xtext names who submitted the message; we know that from the login
                case "AUTH" -> {
                    if (parameter.value() == null) {
                        throw new SmtpSyntaxException(SmtpReply.syntax("AUTH= requires a value"));
                    }
                    auth = true;
                }
                default -> throw unsupported(parameter);
            }
        }
        if (path.equals("<>")) {
            return new SmtpCommand.Mail("", size, body, smtpUtf8, requireTls, auth);
        }
        return new SmtpCommand.Mail(path(path, smtpUtf8, "5.1.7", "sender"), size, body, smtpUtf8, requireTls, auth);
    }

    /**
     * RFC 4954 §4: {@code "AUTH" SP sasl-mech [SP initial-response]}, where
     * {@code sasl-mech = 1*20(UPPER-ALPHA / DIGIT / "-" / "_")} (RFC 4422 §3.1, matched without
     * regard to case) and the initial response is base64 or {@code =}.
     */
    private static SmtpCommand auth(String argument) throws SmtpSyntaxException {
        String[] words = argument.split(" ", -1);
        if (argument.isEmpty() || words.length > 2) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Syntax: AUTH <mechanism> [initial-response]"));
        }
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        if (mechanism.isEmpty() || mechanism.length() > 20
                || !mechanism.chars().allMatch(c -> isAlpha(c) || isDigit(c) || c == '-' || c == '_')) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Invalid SASL mechanism name"));
        }
        String response = words.length == 2 ? words[1] : null;
        if (response != null && !response.equals("=") && !isBase64(response)) {
            // RFC 4954 §4: a response that cannot be decoded gets 501
            throw new SmtpSyntaxException(new SmtpReply(501, "5.5.2", "Cannot decode the initial response"));
        }
        return new SmtpCommand.Auth(mechanism, response);
    }

    /** RFC 4616 §2: {@code message = [authzid] UTF8NUL authcid UTF8NUL passwd}, base64-encoded (RFC 4954 §4). */
    public static SaslPlain decodePlain(String base64) throws SmtpSyntaxException {
        try {
            return SaslPlain.parse(decodeText(base64));
        } catch (SaslPlain.MalformedException e) {
            throw new SmtpSyntaxException(new SmtpReply(501, "5.5.2", e.getMessage()));
        }
    }

    /** A base64 SASL response as UTF-8 text; {@code =} is the empty response (RFC 4954 §4). */
    public static String decodeText(String base64) throws SmtpSyntaxException {
        if (base64.equals("=")) {
            return "";
        }
        if (!isBase64(base64)) {
            throw new SmtpSyntaxException(new SmtpReply(501, "5.5.2", "Cannot decode the response as base64"));
        }
        byte[] decoded = Base64.getDecoder().decode(base64);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SmtpSyntaxException(new SmtpReply(501, "5.5.2", "The response is not valid UTF-8"));
        }
    }

    /** RFC 4648 §4 base64 with padding, as RFC 4954 requires. */
    static boolean isBase64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) {
            return false;
        }
        int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        for (int i = 0; i < s.length() - padding; i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 §4.1.1.3: {@code "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters]}. */
    private static SmtpCommand rcpt(String argument, boolean smtpUtf8) throws SmtpSyntaxException {
        String rest = afterKeyword(argument, "TO:", "RCPT TO:<address>");
        int end = pathEnd(rest, "RCPT TO:<address>");
        String path = rest.substring(0, end);
        List<Parameter> parameters = parameters(rest.substring(end));
        if (!parameters.isEmpty()) {
            throw unsupported(parameters.getFirst());
        }
        if (path.equalsIgnoreCase("<postmaster>")) {
            return new SmtpCommand.Rcpt("postmaster");
        }
        if (path.equals("<>")) {
            throw new SmtpSyntaxException(SmtpReply.badAddress("The null path is not a recipient"));
        }
        return new SmtpCommand.Rcpt(path(path, smtpUtf8, "5.1.3", "recipient"));
    }

    /** RFC 3030 §2: {@code "BDAT" SP chunk-size [ SP end-marker ]}. */
    private static SmtpCommand bdat(String argument) throws SmtpSyntaxException {
        String[] words = argument.split(" ", -1);
        boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
        if (words.length > 2 || words.length == 2 && !last
                || words[0].isEmpty() || words[0].length() > 18 || !words[0].chars().allMatch(SmtpCommandParser::isDigit)) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Syntax: BDAT <chunk-size> [LAST]"));
        }
        return new SmtpCommand.Bdat(Long.parseLong(words[0]), last);
    }

    private static String afterKeyword(String argument, String keyword, String usage) throws SmtpSyntaxException {
        if (argument.length() < keyword.length() || !argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Syntax: " + usage));
        }
        // Not in the grammar, but sent by many clients: spaces after the colon.
        return argument.substring(keyword.length()).stripLeading();
    }

    /** The index just past the closing {@code >} of the path at the start of {@code s}, honouring quoted strings. */
    private static int pathEnd(String s, String usage) throws SmtpSyntaxException {
        if (!s.startsWith("<")) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Syntax: " + usage + " (the address must be in <>)"));
        }
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i + 1;
            }
        }
        throw new SmtpSyntaxException(SmtpReply.syntax("Syntax: " + usage + " (missing >)"));
    }

    private record Parameter(String keyword, String value) {}

    /** RFC 5321 §4.1.2: {@code esmtp-param *(SP esmtp-param)}, after the path. */
    private static List<Parameter> parameters(String s) throws SmtpSyntaxException {
        if (s.isEmpty()) {
            return List.of();
        }
        if (!s.startsWith(" ")) {
            throw new SmtpSyntaxException(SmtpReply.syntax("Parameters must follow the address after a space"));
        }
        List<Parameter> result = new ArrayList<>();
        for (String word : s.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            String keyword = (equals < 0 ? word : word.substring(0, equals)).toUpperCase(Locale.ROOT);
            String value = equals < 0 ? null : word.substring(equals + 1);
            // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
            if (keyword.isEmpty() || keyword.charAt(0) == '-'
                    || !keyword.chars().allMatch(c -> isAlpha(c) || isDigit(c) || c == '-')) {
                throw new SmtpSyntaxException(SmtpReply.syntax("Invalid parameter keyword"));
            }
            // esmtp-value = 1*(%d33-60 / %d62-126), plus UTF-8 under RFC 6531
            if (value != null && (value.isEmpty() || !value.chars().allMatch(c -> c >= 33 && c != '=' && c != 127))) {
                throw new SmtpSyntaxException(SmtpReply.syntax("Invalid value for parameter " + keyword));
            }
            result.add(new Parameter(keyword, value));
        }
        return result;
    }

    private static SmtpSyntaxException unsupported(Parameter parameter) {
        // RFC 5321 §4.1.1.11: unrecognized parameters get 555
        return new SmtpSyntaxException(new SmtpReply(555, "5.5.4", "Unsupported parameter " + parameter.keyword()));
    }

    /**
     * RFC 5321 §4.1.2: {@code Path = "<" [ A-d-l ":" ] Mailbox ">"}. The source route is
     * accepted and dropped (§C). Returns the mailbox.
     */
    private static String path(String path, boolean utf8, String enhanced, String role) throws SmtpSyntaxException {
        if (octets(path) > MAX_PATH_OCTETS) {
            throw new SmtpSyntaxException(new SmtpReply(501, enhanced, "Path too long (RFC 5321 §4.5.3.1.3)"));
        }
        String mailbox = path.substring(1, path.length() - 1);
        if (mailbox.startsWith("@")) {
            int colon = mailbox.indexOf(':');
            if (colon < 0) {
                throw new SmtpSyntaxException(new SmtpReply(501, enhanced, "Invalid source route in " + role + " path"));
            }
            for (String hop : mailbox.substring(0, colon).split(",", -1)) {
                if (!hop.startsWith("@") || !isDomain(hop.substring(1), false, false)) {
                    throw new SmtpSyntaxException(new SmtpReply(501, enhanced, "Invalid source route in " + role + " path"));
                }
            }
            mailbox = mailbox.substring(colon + 1);
        }
        if (!utf8 && !mailbox.chars().allMatch(c -> c < 128)) {
            // RFC 6531 §3.6 / RFC 6533: X.6.7 non-ASCII addresses not permitted
            throw new SmtpSyntaxException(new SmtpReply(553, "5.6.7", "Non-ASCII " + role + " address requires SMTPUTF8"));
        }
        String problem = mailboxProblem(mailbox, utf8);
        if (problem != null) {
            throw new SmtpSyntaxException(new SmtpReply(501, enhanced, "Bad " + role + " address syntax: " + problem));
        }
        return mailbox;
    }

    /** RFC 5321 §4.1.2 {@code Mailbox = Local-part "@" ( Domain / address-literal )}; null when valid. */
    static String mailboxProblem(String mailbox, boolean utf8) {
        int at = mailbox.lastIndexOf('@');
        if (at < 0) {
            return "missing @domain";
        }
        String local = mailbox.substring(0, at);
        String domain = mailbox.substring(at + 1);
        if (local.isEmpty()) {
            return "empty local part";
        }
        if (octets(local) > MAX_LOCAL_PART_OCTETS) {
            return "local part longer than 64 octets";
        }
        if (local.startsWith("\"") ? !isQuotedString(local, utf8) : !isDotString(local, utf8)) {
            return "invalid local part";
        }
        if (domain.isEmpty()) {
            return "empty domain";
        }
        if (domain.startsWith("[") ? !isAddressLiteral(domain) : !isDomain(domain, utf8, false)) {
            return "invalid domain";
        }
        return null;
    }

    /** {@code Dot-string = Atom *("." Atom)}, atext per RFC 5322 §3.2.3, plus UTF-8 under RFC 6531 §3.3. */
    static boolean isDotString(String s, boolean utf8) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.codePoints().allMatch(c -> c == '.' || isAtext(c) || utf8 && c >= 0x80);
    }

    /** {@code Quoted-string = DQUOTE *QcontentSMTP DQUOTE}. */
    static boolean isQuotedString(String s, boolean utf8) {
        if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                // quoted-pairSMTP = %d92 %d32-126
                if (i + 1 >= s.length() - 1) {
                    return false;
                }
                char next = s.charAt(++i);
                if (next < 32 || next > 126) {
                    return false;
                }
            } else if (c == '"') {
                return false;
            } else if (!(c >= 32 && c <= 126 || utf8 && c >= 0x80)) {
                // qtextSMTP = %d32-33 / %d35-91 / %d93-126
                return false;
            }
        }
        return true;
    }

    /**
     * {@code Domain = sub-domain *("." sub-domain)}, {@code sub-domain = Let-dig [Ldh-str]};
     * U-labels under RFC 6531 §3.3; underscores only where {@code lenient}.
     */
    static boolean isDomain(String domain, boolean utf8, boolean lenient) {
        if (domain.isEmpty() || octets(domain) > MAX_DOMAIN_OCTETS) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || octets(label) > 63) {
                return false;
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            boolean valid = label.codePoints().allMatch(c -> isAlpha(c) || isDigit(c) || c == '-'
                    || lenient && c == '_'
                    || utf8 && c >= 0x80 && (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK));
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 §4.1.3: IPv4, {@code IPv6:} or a general address literal, in brackets. */
    static boolean isAddressLiteral(String literal) {
        if (literal.length() < 3 || !literal.startsWith("[") || !literal.endsWith("]")) {
            return false;
        }
        String inner = literal.substring(1, literal.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String address = inner.substring(5);
            if (address.isEmpty() || !address.chars().allMatch(c -> isHex(c) || c == ':' || c == '.')) {
                return false;
            }
            try {
                Inet6Address.ofLiteral(address);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        int colon = inner.indexOf(':');
        if (colon > 0) {
            // General-address-literal = Standardized-tag ":" 1*dcontent
            String tag = inner.substring(0, colon);
            String content = inner.substring(colon + 1);
            return isDomain(tag, false, false) && !content.isEmpty()
                    && content.chars().allMatch(c -> c >= 33 && c <= 90 || c >= 94 && c <= 126);
        }
        return isIpv4(inner);
    }

    /** {@code IPv4-address-literal = Snum 3("." Snum)}, {@code Snum = 1*3DIGIT} up to 255. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(SmtpCommandParser::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(int c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static boolean isAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(int c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

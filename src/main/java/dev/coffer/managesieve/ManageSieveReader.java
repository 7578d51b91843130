package dev.coffer.managesieve;

import dev.coffer.net.ClientInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one command from the client (RFC 5804 §4): atoms, quoted strings and literals
 * ({n+} and {n}, which the client sends without waiting), across as many lines as the
 * literals need. Bounded by the line and literal limits.
 */
final class ManageSieveReader {

    private final ClientInput in;
    private final ManageSieveLimits limits;

    ManageSieveReader(ClientInput in, ManageSieveLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** The next command, or null when the client closed the connection. */
    ManageSieveRequest read() throws IOException, ManageSieveSyntaxException {
        List<ManageSieveRequest.Argument> tokens = new ArrayList<>();
        while (true) {
            ClientInput.Line line = in.readLine(limits.maxLineOctets());
            if (line == null) {
                return null;
            }
            if (line.tooLong()) {
                throw new ManageSieveSyntaxException("Line too long", false);
            }
            long literal = tokenize(text(line.bytes()), tokens);
            if (literal < 0) {
                break;
            }
            if (literal > limits.maxLiteralOctets()) {
                throw new ManageSieveSyntaxException("Literal of " + literal + " octets is larger than the limit of "
                        + limits.maxLiteralOctets(), true);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) literal);
            in.readExactly(literal, bytes::write);
            tokens.add(new ManageSieveRequest.Argument(text(bytes.toByteArray()), true));
        }
        if (tokens.isEmpty()) {
            throw new ManageSieveSyntaxException("Empty command", false);
        }
        ManageSieveRequest.Argument command = tokens.getFirst();
        if (command.string()) {
            throw new ManageSieveSyntaxException("A command starts with its name, not a string", false);
        }
        return new ManageSieveRequest(command.value(), List.copyOf(tokens.subList(1, tokens.size())));
    }

    /**
     * Adds the line's tokens; returns the length of a literal that ends the line (its
     * octets follow), or -1 when the command is complete.
     */
    static long tokenize(String line, List<ManageSieveRequest.Argument> tokens) throws ManageSieveSyntaxException {
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new ManageSieveSyntaxException("Quoted string is not closed", false);
                    }
                    char d = line.charAt(i++);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\') {
                        // RFC 5804 §4: only \" and \\ may be escaped in a quoted string
                        if (i >= line.length() || (line.charAt(i) != '"' && line.charAt(i) != '\\')) {
                            throw new ManageSieveSyntaxException("Only \\\" and \\\\ may be escaped in a quoted string", false);
                        }
                        d = line.charAt(i++);
                    }
                    value.append(d);
                }
                tokens.add(new ManageSieveRequest.Argument(value.toString(), true));
            } else if (c == '{') {
                int close = line.indexOf('}', i);
                if (close != line.length() - 1) {
                    throw new ManageSieveSyntaxException("A literal {n+} must end the line", false);
                }
                String length = line.substring(i + 1, close);
                if (length.endsWith("+")) {
                    length = length.substring(0, length.length() - 1);
                }
                if (length.isEmpty() || length.length() > 10 || !length.chars().allMatch(Character::isDigit)) {
                    throw new ManageSieveSyntaxException("Malformed literal length {" + length + "}", false);
                }
                return Long.parseLong(length);
            } else {
                int start = i;
                while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '"' && line.charAt(i) != '{') {
                    i++;
                }
                tokens.add(new ManageSieveRequest.Argument(line.substring(start, i), false));
            }
        }
        return -1;
    }

    /** RFC 5804 §4: strings are UTF-8; anything else is refused rather than guessed at. */
    private static String text(byte[] bytes) throws ManageSieveSyntaxException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ManageSieveSyntaxException("Strings must be UTF-8", false);
        }
    }
}

package dev.coffer.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Parses a message once, streaming (mime4j), to check its structure against the limits
 * and to pick out the top-level header fields that stay outside the encryption.
 */
public final class MessageParser {

    /** The fields {@link TopLevelHeaders} holds; the others are not unfolded at all. */
    private static final Set<String> KEPT =
            Set.of("from", "to", "cc", "date", "message-id", "in-reply-to", "references");
    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");

    private final MessageLimits limits;
    private final MimeConfig config;

    public MessageParser(MessageLimits limits) {
        this.limits = limits;
        this.config = MimeConfig.custom()
                .setMaxHeaderCount(limits.maxHeaderFields())
                .setMaxHeaderLen(limits.maxHeaderFieldLength())
                .setMaxLineLen(-1)
                .setMaxContentLen(-1)
                .build();
    }

    public TopLevelHeaders parse(byte[] message) throws MalformedMessageException {
        MimeTokenStream stream = new MimeTokenStream(config);
        stream.parse(new ByteArrayInputStream(message));
        Map<String, String> topLevel = new HashMap<>();
        boolean inTopHeader = true;
        int depth = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_FIELD -> {
                        if (inTopHeader) {
                            remember(topLevel, stream.getField());
                        }
                    }
                    case T_END_HEADER -> inTopHeader = false;
                    case T_START_MULTIPART, T_START_MESSAGE -> {
                        depth++;
                        if (depth > limits.maxMimeDepth()) {
                            throw new MalformedMessageException(
                                    "MIME structure nested deeper than " + limits.maxMimeDepth() + " levels");
                        }
                    }
                    case T_END_MULTIPART, T_END_MESSAGE -> depth--;
                    default -> { }
                }
            }
        } catch (MimeException e) {
            throw new MalformedMessageException("malformed message: " + e.getMessage());
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable message: " + e.getMessage());
        }
        return new TopLevelHeaders(topLevel.get("from"), topLevel.get("to"), topLevel.get("cc"),
                topLevel.get("date"), topLevel.get("message-id"), topLevel.get("in-reply-to"),
                topLevel.get("references"));
    }

    /** The first occurrence wins; RFC 5322 §3.6 allows at most one of each of these fields. */
    private static void remember(Map<String, String> topLevel, Field field) {
        String name = field.getName().toLowerCase(Locale.ROOT);
        if (KEPT.contains(name) && !topLevel.containsKey(name)) {
            topLevel.put(name, unfold(field.getRaw().toByteArray(), field.getName().length()));
        }
    }

    /** RFC 5322 §2.2.3: unfolding removes each CRLF that is followed by white space. */
    private static String unfold(byte[] raw, int nameLength) {
        String text = new String(raw, StandardCharsets.UTF_8);
        String body = text.substring(Math.min(text.length(), nameLength + 1));
        return body.indexOf('\n') < 0 ? body.strip() : FOLD.matcher(body).replaceAll("").strip();
    }
}

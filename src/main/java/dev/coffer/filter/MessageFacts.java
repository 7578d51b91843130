package dev.coffer.filter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * What the spam rules look at in one message, read in memory with mime4j: the top-level
 * header fields, the text of the text parts (bounded), the hosts of http(s) links, the
 * attachment file names, and which text types the message carries.
 *
 * @param headers      top-level fields by lower-case name, first occurrence, unfolded
 * @param text         the decoded text/plain and text/html content, at most {@link #MAX_TEXT} chars
 * @param linkHosts    the host names of http(s) links in the text, at most {@link #MAX_LINK_HOSTS}
 * @param attachments  the file names of attached parts, at most {@link #MAX_ATTACHMENTS}
 * @param hasPlainText whether any part is text/plain
 * @param hasHtml      whether any part is text/html
 * @param malformed    whether mime4j gave up on the structure
 */
public record MessageFacts(Map<String, String> headers, String text, Set<String> linkHosts, List<String> attachments,
                           boolean hasPlainText, boolean hasHtml, boolean malformed) {

    public static final int MAX_TEXT = 1024 * 1024;
    public static final int MAX_LINK_HOSTS = 100;
    public static final int MAX_ATTACHMENTS = 100;
    private static final int MAX_HEADER_FIELDS = 1000;
    private static final int MAX_HEADER_FIELD_LENGTH = 64 * 1024;
    private static final Pattern LINK = Pattern.compile("(?i)\\bhttps?://([^/\\s\"'<>?#\\\\]+)");
    private static final Pattern PORT = Pattern.compile(":[0-9]*$");
    private static final Pattern TRAILING_DOTS = Pattern.compile("\\.+$");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    private static final MimeConfig MIME_CONFIG = MimeConfig.custom()
            .setMaxHeaderCount(MAX_HEADER_FIELDS)
            .setMaxHeaderLen(MAX_HEADER_FIELD_LENGTH)
            .setMaxLineLen(-1)
            .setMaxContentLen(-1)
            .build();

    public MessageFacts {
        headers = Map.copyOf(headers);
        linkHosts = Set.copyOf(linkHosts);
        attachments = List.copyOf(attachments);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public static MessageFacts of(byte[] message) {
        MimeTokenStream stream = new MimeTokenStream(MIME_CONFIG, new DefaultBodyDescriptorBuilder());
        stream.parse(new ByteArrayInputStream(message));
        Map<String, String> headers = new HashMap<>();
        StringBuilder text = new StringBuilder();
        List<String> attachments = new ArrayList<>();
        boolean inTopHeader = true;
        boolean plain = false;
        boolean html = false;
        boolean malformed = false;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_FIELD -> {
                        if (inTopHeader) {
                            Field field = stream.getField();
                            headers.putIfAbsent(field.getName().toLowerCase(Locale.ROOT), unfold(field));
                        }
                    }
                    case T_END_HEADER -> inTopHeader = false;
                    case T_BODY -> {
                        MaximalBodyDescriptor part = (MaximalBodyDescriptor) stream.getBodyDescriptor();
                        String fileName = fileName(part);
                        if (fileName != null && attachments.size() < MAX_ATTACHMENTS) {
                            attachments.add(fileName);
                        }
                        String type = part.getMimeType().toLowerCase(Locale.ROOT);
                        boolean attached = fileName != null || "attachment".equalsIgnoreCase(part.getContentDispositionType());
                        if (!attached && (type.equals("text/plain") || type.equals("text/html"))) {
                            plain |= type.equals("text/plain");
                            html |= type.equals("text/html");
                            appendText(text, stream.getDecodedInputStream(), charset(part));
                        }
                    }
                    default -> { }
                }
            }
        } catch (MimeException | IOException e) {
            malformed = true;
        }
        String content = text.toString();
        return new MessageFacts(headers, content, linkHosts(content), attachments, plain, html, malformed);
    }

    private static String unfold(Field field) {
        String raw = new String(field.getRaw().toByteArray(), StandardCharsets.UTF_8);
        String body = raw.substring(Math.min(raw.length(), field.getName().length() + 1));
        return body.indexOf('\n') < 0 ? body.strip() : unfolded(body).strip();
    }

    /** RFC 5322 §2.2.3: each CRLF or bare LF before white space removed, as {@code \r?\n(?=[ \t])} would. */
    static String unfolded(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            boolean fold = c == '\n' && (next == ' ' || next == '\t');
            if (!fold) {
                out.append(c);
            } else if (i > 0 && text.charAt(i - 1) == '\r') {
                out.setLength(out.length() - 1);
            }
        }
        return out.toString();
    }

    private static String fileName(MaximalBodyDescriptor part) {
        String name = part.getContentDispositionFilename();
        if (name == null) {
            name = part.getContentTypeParameters().get("name");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT).strip();
        } catch (IllegalArgumentException e) {
            return name.strip();
        }
    }

    private static Charset charset(MaximalBodyDescriptor part) {
        try {
            return part.getCharset() == null ? StandardCharsets.US_ASCII : Charset.forName(part.getCharset());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private static void appendText(StringBuilder text, InputStream content, Charset charset) throws IOException {
        int room = MAX_TEXT - text.length();
        if (room <= 0) {
            return;
        }
        byte[] bytes = content.readNBytes(room);
        String decoded = new String(bytes, charset);
        text.append(decoded, 0, Math.min(decoded.length(), room)).append('\n');
    }

    private static Set<String> linkHosts(String text) {
        Set<String> hosts = new LinkedHashSet<>();
        if (!text.contains("://")) {
            return hosts; // no link can match, and the case-insensitive search is slow on long text
        }
        Matcher matcher = LINK.matcher(text);
        while (matcher.find() && hosts.size() < MAX_LINK_HOSTS) {
            String authority = matcher.group(1).toLowerCase(Locale.ROOT);
            // RFC 3986 §3.2: authority = [ userinfo "@" ] host [ ":" port ]
            String host = PORT.matcher(authority.substring(authority.lastIndexOf('@') + 1)).replaceFirst("");
            host = TRAILING_DOTS.matcher(host).replaceAll("");
            if (!host.isEmpty() && !DOTTED_NUMBERS.matcher(host).matches() && !host.startsWith("[")) {
                hosts.add(host);
            }
        }
        return hosts;
    }

}

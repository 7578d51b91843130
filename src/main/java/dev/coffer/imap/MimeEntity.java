package dev.coffer.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A MIME entity (RFC 2045/2046) located in the stored bytes: its header fields, its body
 * range, its parts (multipart) or the message it encapsulates (message/rfc822). FETCH
 * BODY[section], BODYSTRUCTURE and ENVELOPE read these; nothing is copied or decoded until asked.
 */
final class MimeEntity {

    /** Nesting deeper than this is served as an opaque part. */
    private static final int MAX_DEPTH = 40;
    private static final int MAX_PARTS = 10_000;

    /** One header field: its name and unfolded value, and where its raw lines lie. */
    record Field(String name, String value, int start, int end) {}

    final byte[] data;
    final int start;
    final int bodyStart;
    final int end;
    final List<Field> fields;
    final String type;
    final String subtype;
    final Map<String, String> parameters;
    final List<MimeEntity> parts;
    /** The encapsulated message of a message/rfc822 part, else null. */
    final MimeEntity message;

    private MimeEntity(byte[] data, int start, int end, boolean digest, int depth, int[] budget) {
        this(data, start, end, digest, depth, budget, false);
    }

    private MimeEntity(byte[] data, int start, int end, boolean digest, int depth, int[] budget, boolean headerOnly) {
        this.data = data;
        this.start = start;
        this.end = end;
        this.fields = new ArrayList<>();
        this.bodyStart = readHeader();
        ContentType contentType = ContentType.parse(field("Content-Type"), digest);
        boolean tooDeep = depth >= MAX_DEPTH || --budget[0] <= 0;
        this.type = contentType.type;
        this.subtype = contentType.subtype;
        this.parameters = contentType.parameters;
        List<MimeEntity> children = new ArrayList<>();
        MimeEntity encapsulated = null;
        if (headerOnly) {
            // only the header was asked for: no parts are looked for
        } else if (!tooDeep && type.equals("multipart") && parameters.get("boundary") != null) {
            for (int[] range : partRanges(parameters.get("boundary"))) {
                children.add(new MimeEntity(data, range[0], range[1], subtype.equals("digest"), depth + 1, budget));
            }
        } else if (!tooDeep && type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global"))) {
            encapsulated = new MimeEntity(data, bodyStart, end, false, depth + 1, budget);
        }
        this.parts = List.copyOf(children);
        this.message = encapsulated;
    }

    static MimeEntity parse(byte[] message) {
        return new MimeEntity(message, 0, message.length, false, 0, new int[] {MAX_PARTS});
    }

    /**
     * The top-level header only, for what needs nothing else (ENVELOPE): its fields are those
     * {@link #parse} gives, but the body is not searched for parts, so {@link #parts} is empty
     * and {@link #message} null whatever the type.
     */
    static MimeEntity parseHeader(byte[] message) {
        return new MimeEntity(message, 0, message.length, false, 0, new int[] {MAX_PARTS}, true);
    }

    /**
     * Where the body starts when {@code data} holds the whole top-level header and the
     * blank line that ends it, else -1: then {@link #parseHeader} of these bytes gives the
     * fields it gives for the whole message.
     */
    static int headerEnd(byte[] data) {
        int position = 0;
        while (position < data.length) {
            int lineEnd = position;
            while (lineEnd < data.length && data[lineEnd] != '\n') {
                lineEnd++;
            }
            if (lineEnd == data.length) {
                return -1;
            }
            if (lineEnd == position || (lineEnd == position + 1 && data[position] == '\r')) {
                return lineEnd + 1;
            }
            position = lineEnd + 1;
        }
        return -1;
    }

    boolean isMultipart() {
        return type.equals("multipart") && message == null && !parts.isEmpty();
    }

    /** The first field of this name, unfolded, or null. */
    String field(String name) {
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                return field.value;
            }
        }
        return null;
    }

    byte[] bytes() {
        return slice(start, end);
    }

    /** The header including its terminating blank line (RFC 9051 §6.4.5 HEADER). */
    byte[] header() {
        return slice(start, bodyStart);
    }

    byte[] body() {
        return slice(bodyStart, end);
    }

    int bodySize() {
        return end - bodyStart;
    }

    int bodyLines() {
        int lines = 0;
        for (int i = bodyStart; i < end; i++) {
            if (data[i] == '\n') {
                lines++;
            }
        }
        if (end > bodyStart && data[end - 1] != '\n') {
            lines++;
        }
        return lines;
    }

    /** HEADER.FIELDS and HEADER.FIELDS.NOT: the selected fields' raw lines, then a blank line. */
    byte[] headerFields(List<String> names, boolean not) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Field field : fields) {
            boolean listed = names.stream().anyMatch(name -> name.equalsIgnoreCase(field.name));
            if (listed != not) {
                out.write(data, field.start, field.end - field.start);
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * RFC 9051 §6.4.5 part numbering: a multipart's parts count from 1; a non-multipart
     * entity is its own part 1; a message/rfc822 part's numbers continue inside the message.
     */
    MimeEntity part(List<Integer> numbers) {
        MimeEntity current = this;
        for (int number : numbers) {
            if (current.message != null) {
                current = current.message;
            }
            if (current.isMultipart()) {
                if (number > current.parts.size()) {
                    return null;
                }
                current = current.parts.get(number - 1);
            } else if (number != 1) {
                return null;
            }
        }
        return current;
    }

    private byte[] slice(int from, int to) {
        return java.util.Arrays.copyOfRange(data, from, to);
    }

    /** Reads the fields up to the blank line; returns where the body starts. */
    private int readHeader() {
        int position = start;
        int fieldStart = -1;
        while (position < end) {
            int lineEnd = position;
            while (lineEnd < end && data[lineEnd] != '\n') {
                lineEnd++;
            }
            int next = Math.min(end, lineEnd + 1);
            boolean blank = lineEnd == position || (lineEnd == position + 1 && data[position] == '\r');
            if (blank && lineEnd < end) {
                addField(fieldStart, position);
                return next;
            }
            if (blank) {
                addField(fieldStart, position);
                return end;
            }
            boolean continuation = data[position] == ' ' || data[position] == '\t';
            if (!continuation) {
                addField(fieldStart, position);
                fieldStart = position;
            }
            position = next;
        }
        addField(fieldStart, end);
        return end;
    }

    private void addField(int from, int to) {
        if (from < 0 || fields.size() >= 1000) {
            return;
        }
        String raw = new String(data, from, to - from, StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = raw.substring(0, colon).strip();
        String value = raw.substring(colon + 1).replaceAll("\r?\n", "").strip();
        fields.add(new Field(name, value, from, to));
    }

    /** RFC 2046 §5.1.1: the ranges between the boundary delimiter lines. */
    private List<int[]> partRanges(String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        List<int[]> ranges = new ArrayList<>();
        int partStart = -1;
        int position = bodyStart;
        while (position < end) {
            int lineEnd = position;
            while (lineEnd < end && data[lineEnd] != '\n') {
                lineEnd++;
            }
            if (startsWith(position, lineEnd, delimiter)) {
                int after = position + delimiter.length;
                boolean close = after + 1 < lineEnd && data[after] == '-' && data[after + 1] == '-';
                if (partStart >= 0) {
                    // the line break before the delimiter belongs to the delimiter
                    int partEnd = position;
                    if (partEnd > partStart && data[partEnd - 1] == '\n') {
                        partEnd--;
                        if (partEnd > partStart && data[partEnd - 1] == '\r') {
                            partEnd--;
                        }
                    }
                    ranges.add(new int[] {partStart, Math.max(partStart, partEnd)});
                }
                if (close) {
                    return ranges;
                }
                partStart = Math.min(end, lineEnd + 1);
            }
            position = lineEnd + 1;
        }
        if (partStart >= 0 && partStart < end) {
            ranges.add(new int[] {partStart, end});
        }
        return ranges;
    }

    private boolean startsWith(int from, int lineEnd, byte[] prefix) {
        if (lineEnd - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2045 §5.1 Content-Type, lower-cased type, subtype and parameter names. */
    record ContentType(String type, String subtype, Map<String, String> parameters) {

        static ContentType parse(String value, boolean digest) {
            ContentType fallback = digest
                    ? new ContentType("message", "rfc822", new LinkedHashMap<>())
                    : new ContentType("text", "plain", new LinkedHashMap<>(Map.of("charset", "us-ascii")));
            if (value == null) {
                return fallback;
            }
            String text = stripComments(value);
            int semicolon = indexOutsideQuotes(text, ';', 0);
            String mediaType = (semicolon < 0 ? text : text.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            int slash = mediaType.indexOf('/');
            if (slash <= 0 || slash == mediaType.length() - 1) {
                return fallback;
            }
            return new ContentType(mediaType.substring(0, slash).strip(), mediaType.substring(slash + 1).strip(),
                    parameters(text, semicolon));
        }

        /** {@code ; name=value} pairs after a value such as a media type or a disposition. */
        static Map<String, String> parameters(String text, int from) {
            Map<String, String> parameters = new LinkedHashMap<>();
            int position = from;
            while (position >= 0 && position < text.length()) {
                int next = indexOutsideQuotes(text, ';', position + 1);
                String pair = (next < 0 ? text.substring(position + 1) : text.substring(position + 1, next)).strip();
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                    String parameterValue = pair.substring(equals + 1).strip();
                    if (parameterValue.length() >= 2 && parameterValue.startsWith("\"") && parameterValue.endsWith("\"")) {
                        parameterValue = parameterValue.substring(1, parameterValue.length() - 1)
                                .replaceAll("\\\\(.)", "$1");
                    }
                    parameters.putIfAbsent(name, parameterValue);
                }
                position = next;
            }
            return parameters;
        }

        static int indexOutsideQuotes(String text, char wanted, int from) {
            boolean quoted = false;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && quoted) {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == wanted && !quoted) {
                    return i;
                }
            }
            return -1;
        }

        static String stripComments(String text) {
            StringBuilder out = new StringBuilder();
            int depth = 0;
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    out.append(c);
                    if (c == '\\' && i + 1 < text.length()) {
                        out.append(text.charAt(++i));
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                } else if (depth == 0) {
                    if (c == '"') {
                        quoted = true;
                    }
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}

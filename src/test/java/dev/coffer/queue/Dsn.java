package dev.coffer.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DSN taken apart the way a mail client would: the report's parts and its delivery-status fields. */
record Dsn(String contentType, List<String> partTypes, Map<String, String> perMessage, List<Map<String, String>> perRecipient,
           String text) {

    static Dsn parse(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        String header = text.substring(0, text.indexOf("\r\n\r\n")).replace("\r\n\t", " ");
        String contentType = null;
        for (String line : header.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                contentType = line.substring(13).strip();
            }
        }
        Matcher boundary = Pattern.compile("boundary=\"([^\"]+)\"").matcher(contentType);
        if (!boundary.find()) {
            throw new IllegalArgumentException("no boundary");
        }
        String[] parts = text.split("\r\n--" + Pattern.quote(boundary.group(1)));
        List<String> partTypes = new ArrayList<>();
        Map<String, String> perMessage = null;
        List<Map<String, String>> perRecipient = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("--")) {
                break;
            }
            String partHeader = part.substring(2, part.indexOf("\r\n\r\n"));
            String type = partHeader.split("\r\n")[0].replaceFirst("(?i)Content-Type: *", "").split(";")[0];
            partTypes.add(type);
            if (type.equals("message/delivery-status")) {
                String[] blocks = part.substring(part.indexOf("\r\n\r\n") + 4).strip().split("\r\n\r\n");
                perMessage = fields(blocks[0]);
                for (int b = 1; b < blocks.length; b++) {
                    perRecipient.add(fields(blocks[b]));
                }
            }
        }
        return new Dsn(contentType, partTypes, perMessage, perRecipient, text);
    }

    private static Map<String, String> fields(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return fields;
    }
}

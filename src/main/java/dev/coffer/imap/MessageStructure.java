package dev.coffer.imap;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ENVELOPE and BODYSTRUCTURE (RFC 9051 §7.5.2) of a stored message. For Coffer's
 * PGP/MIME messages these describe the outer, readable header and the
 * multipart/encrypted structure — which is what clients need to decrypt.
 */
final class MessageStructure {

    private MessageStructure() {}

    /** An address as ENVELOPE lists it; group start and end markers have a null host. */
    record Address(String name, String route, String mailbox, String host) {}

    static void envelope(ByteArrayOutputStream out, MimeEntity message, boolean utf8) {
        out.write('(');
        ImapWriter.nstring(out, message.field("Date"), utf8);
        out.write(' ');
        ImapWriter.nstring(out, message.field("Subject"), utf8);
        List<Address> from = addresses(message.field("From"));
        List<Address> sender = addresses(message.field("Sender"));
        List<Address> replyTo = addresses(message.field("Reply-To"));
        for (List<Address> list : List.of(from, sender.isEmpty() ? from : sender, replyTo.isEmpty() ? from : replyTo,
                addresses(message.field("To")), addresses(message.field("Cc")), addresses(message.field("Bcc")))) {
            out.write(' ');
            addressList(out, list, utf8);
        }
        out.write(' ');
        ImapWriter.nstring(out, message.field("In-Reply-To"), utf8);
        out.write(' ');
        ImapWriter.nstring(out, message.field("Message-ID"), utf8);
        out.write(')');
    }

    private static void addressList(ByteArrayOutputStream out, List<Address> list, boolean utf8) {
        if (list.isEmpty()) {
            ImapWriter.ascii(out, "NIL");
            return;
        }
        out.write('(');
        for (Address address : list) {
            out.write('(');
            ImapWriter.nstring(out, address.name(), utf8);
            out.write(' ');
            ImapWriter.nstring(out, address.route(), utf8);
            out.write(' ');
            ImapWriter.nstring(out, address.mailbox(), utf8);
            out.write(' ');
            ImapWriter.nstring(out, address.host(), utf8);
            out.write(')');
        }
        out.write(')');
    }

    /** BODYSTRUCTURE ({@code extensible}) or BODY. */
    static void bodyStructure(ByteArrayOutputStream out, MimeEntity entity, boolean extensible, boolean utf8) {
        out.write('(');
        if (entity.isMultipart()) {
            for (MimeEntity part : entity.parts) {
                bodyStructure(out, part, extensible, utf8);
            }
            out.write(' ');
            ImapWriter.string(out, entity.subtype.toUpperCase(Locale.ROOT), utf8);
            if (extensible) {
                out.write(' ');
                parameterList(out, entity.parameters, utf8);
                extension(out, entity, utf8);
            }
            out.write(')');
            return;
        }
        ImapWriter.string(out, entity.type.toUpperCase(Locale.ROOT), utf8);
        out.write(' ');
        ImapWriter.string(out, entity.subtype.toUpperCase(Locale.ROOT), utf8);
        out.write(' ');
        parameterList(out, entity.parameters, utf8);
        out.write(' ');
        ImapWriter.nstring(out, entity.field("Content-ID"), utf8);
        out.write(' ');
        ImapWriter.nstring(out, entity.field("Content-Description"), utf8);
        out.write(' ');
        String encoding = entity.field("Content-Transfer-Encoding");
        ImapWriter.string(out, encoding == null ? "7BIT" : encoding.strip().toUpperCase(Locale.ROOT), utf8);
        ImapWriter.ascii(out, " " + entity.bodySize());
        if (entity.message != null) {
            out.write(' ');
            envelope(out, entity.message, utf8);
            out.write(' ');
            bodyStructure(out, entity.message, extensible, utf8);
            ImapWriter.ascii(out, " " + entity.bodyLines());
        } else if (entity.type.equals("text")) {
            ImapWriter.ascii(out, " " + entity.bodyLines());
        }
        if (extensible) {
            out.write(' ');
            ImapWriter.nstring(out, entity.field("Content-MD5"), utf8);
            extension(out, entity, utf8);
        }
        out.write(')');
    }

    /** body-fld-dsp SP body-fld-lang SP body-fld-loc. */
    private static void extension(ByteArrayOutputStream out, MimeEntity entity, boolean utf8) {
        out.write(' ');
        String disposition = entity.field("Content-Disposition");
        if (disposition == null) {
            ImapWriter.ascii(out, "NIL");
        } else {
            String text = MimeEntity.ContentType.stripComments(disposition);
            int semicolon = MimeEntity.ContentType.indexOutsideQuotes(text, ';', 0);
            String kind = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
            out.write('(');
            ImapWriter.string(out, kind.toUpperCase(Locale.ROOT), utf8);
            out.write(' ');
            parameterList(out, MimeEntity.ContentType.parameters(text, semicolon), utf8);
            out.write(')');
        }
        out.write(' ');
        String language = entity.field("Content-Language");
        ImapWriter.nstring(out, language == null ? null : language.strip(), utf8);
        out.write(' ');
        ImapWriter.nstring(out, entity.field("Content-Location"), utf8);
    }

    private static void parameterList(ByteArrayOutputStream out, Map<String, String> parameters, boolean utf8) {
        if (parameters.isEmpty()) {
            ImapWriter.ascii(out, "NIL");
            return;
        }
        out.write('(');
        boolean first = true;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!first) {
                out.write(' ');
            }
            first = false;
            ImapWriter.string(out, parameter.getKey().toUpperCase(Locale.ROOT), utf8);
            out.write(' ');
            ImapWriter.string(out, parameter.getValue(), utf8);
        }
        out.write(')');
    }

    // ------------------------------------------------------------ addresses

    /** RFC 5322 §3.4 address-list, leniently: mailboxes, angle addresses, groups; comments dropped. */
    static List<Address> addresses(String value) {
        List<Address> result = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return result;
        }
        List<String> tokens = tokens(value);
        int i = 0;
        boolean inGroup = false;
        while (i < tokens.size() && result.size() < 1000) {
            List<String> phrase = new ArrayList<>();
            while (i < tokens.size() && !List.of("<", ",", ";", ":").contains(tokens.get(i))) {
                phrase.add(tokens.get(i++));
            }
            String next = i < tokens.size() ? tokens.get(i) : null;
            if (":".equals(next)) {
                result.add(new Address(null, null, text(phrase, true), null));
                inGroup = true;
                i++;
                continue;
            }
            if ("<".equals(next)) {
                i++;
                List<String> spec = new ArrayList<>();
                while (i < tokens.size() && !tokens.get(i).equals(">")) {
                    spec.add(tokens.get(i++));
                }
                i++; // '>'
                String name = phrase.isEmpty() ? null : text(phrase, true);
                result.add(mailbox(name, text(spec, false)));
                while (i < tokens.size() && !tokens.get(i).equals(",") && !tokens.get(i).equals(";")) {
                    i++;
                }
                next = i < tokens.size() ? tokens.get(i) : null;
            } else if (!phrase.isEmpty()) {
                result.add(mailbox(null, text(phrase, false)));
            }
            if (";".equals(next) && inGroup) {
                result.add(new Address(null, null, null, null));
                inGroup = false;
            }
            i++;
        }
        if (inGroup) {
            result.add(new Address(null, null, null, null));
        }
        return result;
    }

    private static Address mailbox(String name, String spec) {
        String route = null;
        int colon = spec.indexOf(':');
        if (spec.startsWith("@") && colon > 0) {
            route = spec.substring(0, colon);
            spec = spec.substring(colon + 1);
        }
        int at = spec.lastIndexOf('@');
        if (at < 0) {
            return new Address(name, route, spec, "");
        }
        return new Address(name, route, spec.substring(0, at), spec.substring(at + 1));
    }

    private static String text(List<String> tokens, boolean spaced) {
        StringBuilder text = new StringBuilder();
        for (String token : tokens) {
            if (spaced && !text.isEmpty()) {
                text.append(' ');
            }
            text.append(token.startsWith("\"") ? token.substring(1) : token);
        }
        return text.toString();
    }

    /** Words, quoted strings (returned with a leading quote as a marker) and the specials {@code <>,;:}. */
    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                int depth = 0;
                do {
                    char d = value.charAt(i);
                    if (d == '\\') {
                        i++;
                    } else if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        depth--;
                    }
                    i++;
                } while (i < value.length() && depth > 0);
            } else if (c == '"') {
                StringBuilder quoted = new StringBuilder("\"");
                i++;
                while (i < value.length() && value.charAt(i) != '"') {
                    if (value.charAt(i) == '\\' && i + 1 < value.length()) {
                        i++;
                    }
                    quoted.append(value.charAt(i++));
                }
                i++;
                tokens.add(quoted.toString());
            } else if ("<>,;:".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < value.length() && !Character.isWhitespace(value.charAt(i))
                        && "<>,;:\"(".indexOf(value.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(value.substring(start, i));
            }
        }
        return tokens;
    }
}

package dev.coffer.imap;

import java.util.List;

/** One FETCH data item (RFC 9051 §6.4.5). */
public sealed interface FetchItem {

    record Flags() implements FetchItem {}

    record Uid() implements FetchItem {}

    record InternalDate() implements FetchItem {}

    record Rfc822Size() implements FetchItem {}

    record Envelope() implements FetchItem {}

    /** BODYSTRUCTURE ({@code extensible}) or the non-extensible BODY. */
    record Structure(boolean extensible) implements FetchItem {}

    /** RFC 7162. */
    record ModSeq() implements FetchItem {}

    /** RFC822, RFC822.HEADER, RFC822.TEXT (IMAP4rev1). */
    record Rfc822(String part) implements FetchItem {}

    /**
     * BODY[section]&lt;partial&gt; or BODY.PEEK; {@code partialLength} is -1 without a partial.
     */
    record Body(boolean peek, Section section, long partialStart, long partialLength) implements FetchItem {}

    /** RFC 3516 BINARY[part]&lt;partial&gt; and BINARY.PEEK. */
    record Binary(boolean peek, List<Integer> part, long partialStart, long partialLength) implements FetchItem {}

    /** RFC 3516 BINARY.SIZE[part]. */
    record BinarySize(List<Integer> part) implements FetchItem {}

    /**
     * A body section: part numbers then {@code HEADER}, {@code HEADER.FIELDS}, {@code HEADER.FIELDS.NOT},
     * {@code TEXT}, {@code MIME} or nothing ({@code text} null).
     */
    record Section(List<Integer> part, String text, List<String> fields) {

        /** The section as the response names it, e.g. {@code 1.2.HEADER.FIELDS (FROM TO)}. */
        String spec() {
            StringBuilder spec = new StringBuilder();
            for (int i = 0; i < part.size(); i++) {
                if (i > 0) {
                    spec.append('.');
                }
                spec.append(part.get(i));
            }
            if (text != null) {
                if (!part.isEmpty()) {
                    spec.append('.');
                }
                spec.append(text);
            }
            if (fields != null) {
                spec.append(" (");
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        spec.append(' ');
                    }
                    spec.append(ImapWriter.astringText(fields.get(i)));
                }
                spec.append(')');
            }
            return spec.toString();
        }
    }
}

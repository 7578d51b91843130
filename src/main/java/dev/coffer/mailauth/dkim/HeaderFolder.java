package dev.coffer.mailauth.dkim;

/**
 * Builds a folded header field: pieces are added whole, and a fold ({@code CRLF SP}) is put
 * before a piece that would run past the line limit. Base64 text may be split anywhere,
 * since RFC 6376 §3.5 lets FWS appear inside b= and bh=.
 *
 * <p>Folding only ever depends on what came before, so the field built up to "b=" is an
 * exact prefix of the finished field: the signer signs the first and emits the second.
 */
public final class HeaderFolder {

    /** RFC 5322 §2.1.1: lines SHOULD be no more than 78 characters, excluding the CRLF. */
    static final int LINE_LIMIT = 78;

    private final StringBuilder out = new StringBuilder(512);
    private int column;

    public HeaderFolder(String fieldName) {
        out.append(fieldName).append(':');
        column = out.length();
    }

    /** Appends {@code piece}, preceded by a space, or by a fold if the line would be too long. */
    public HeaderFolder word(String piece) {
        if (column > 1 && column + 1 + piece.length() > LINE_LIMIT) {
            fold();
        } else {
            out.append(' ');
            column++;
        }
        return raw(piece);
    }

    /** Appends {@code piece} directly, or after a fold if the line would be too long. */
    public HeaderFolder joined(String piece) {
        if (column > 1 && column + piece.length() > LINE_LIMIT) {
            fold();
        }
        return raw(piece);
    }

    /** Appends base64 text, filling each line and folding where it is full. */
    public HeaderFolder base64(String text) {
        int i = 0;
        while (i < text.length()) {
            // leave one column for a ";" that may follow
            int room = LINE_LIMIT - 1 - column;
            if (room <= 0) {
                fold();
                continue;
            }
            int n = Math.min(room, text.length() - i);
            raw(text.substring(i, i + n));
            i += n;
        }
        return this;
    }

    /** Appends without ever folding (";" after a value). */
    public HeaderFolder raw(String piece) {
        out.append(piece);
        column += piece.length();
        return this;
    }

    private void fold() {
        out.append("\r\n ");
        column = 1;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

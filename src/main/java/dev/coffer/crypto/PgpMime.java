package dev.coffer.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The PGP/MIME envelope (RFC 3156 §4) around an armored OpenPGP message. */
final class PgpMime {

    static final String BEGIN = "-----BEGIN PGP MESSAGE-----";
    static final String END = "-----END PGP MESSAGE-----";

    private PgpMime() {
    }

    static byte[] wrap(List<HeaderProtection.OuterField> outerFields, byte[] armored, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(armored.length + armored.length / 32 + 2048);
        for (HeaderProtection.OuterField field : outerFields) {
            out.writeBytes(ascii(field.name() + ":"));
            out.writeBytes(withCrlf(field.rawValue()));
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("MIME-Version: 1.0\r\n"
                // RFC 3156 §4: protocol parameter MUST be "application/pgp-encrypted"
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n"
                + " boundary=\"" + boundary + "\"\r\n"
                + "\r\n"
                + "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156).\r\n"
                + "--" + boundary + "\r\n"
                // RFC 3156 §4: the first part is application/pgp-encrypted with "Version: 1"
                + "Content-Type: application/pgp-encrypted\r\n"
                + "Content-Description: PGP/MIME version identification\r\n"
                + "\r\n"
                + "Version: 1\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                // RFC 3156 §4: the second part is application/octet-stream with the OpenPGP message
                + "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                + "Content-Description: OpenPGP encrypted message\r\n"
                + "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n"
                + "\r\n"));
        out.writeBytes(withCrlf(armored));
        if (armored.length == 0 || armored[armored.length - 1] != '\n') {
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("\r\n--" + boundary + "--\r\n"));
        return out.toByteArray();
    }

    /** The armored OpenPGP message inside a stored message, BEGIN and END lines included. */
    static String armoredPart(byte[] stored) {
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf(BEGIN);
        int end = begin < 0 ? -1 : text.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw new MessageFormatException("the stored message contains no armored OpenPGP message ("
                    + BEGIN + " ... " + END + ")");
        }
        return text.substring(begin, end + END.length()) + "\n";
    }

    /** Normalises line breaks to CRLF (RFC 5322 §2.1); other bytes are kept. */
    private static byte[] withCrlf(byte[] bytes) {
        int bare = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0) {
            return bytes;
        }
        byte[] out = new byte[bytes.length + bare];
        int o = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = b;
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

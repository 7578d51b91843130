package dev.coffer.web;

/**
 * z-base-32 (the human-oriented base-32 of Zooko O'Whielacronx), as WKD uses it to name a
 * key by the SHA-1 of its local part (draft-koch-openpgp-webkey-service §3.1).
 */
public final class ZBase32 {

    private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();

    private ZBase32() {}

    /** Encodes whole octets, most significant bit first; the last group is padded with zero bits. */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET[(buffer >>> bits) & 0x1f]);
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }
}

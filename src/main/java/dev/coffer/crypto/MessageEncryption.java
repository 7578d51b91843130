package dev.coffer.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.MessageEncryptionMechanism;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPEncryptionNegotiator;
import org.bouncycastle.openpgp.api.OpenPGPMessageGenerator;
import org.bouncycastle.openpgp.api.OpenPGPMessageOutputStream;
import org.bouncycastle.openpgp.api.exception.InvalidEncryptionKeyException;

/**
 * Encrypts delivered mail for storage (DESIGN §2 Inbound step 4): the whole original message,
 * header-protected per RFC 9788, inside a PGP/MIME message (RFC 3156 §4) whose outer header keeps
 * only what IMAP needs for listing. Thread-safe; meant to be one shared instance, which keeps the
 * parsed recipient certificates in a bounded cache.
 */
public final class MessageEncryption {

    public static final int DEFAULT_CACHE_SIZE = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ARMOR_BEGIN = "-----BEGIN PGP MESSAGE-----\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARMOR_END = "\r\n-----END PGP MESSAGE-----\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ARMOR_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\r', '\n'});

    /** SEIPDv1 (RFC 4880 §5.13) with AES-256: what GnuPG 2.2 decrypts, whatever the key advertises. */
    private static final OpenPGPEncryptionNegotiator SEIPD_V1_AES_256 = new OpenPGPEncryptionNegotiator() {
        @Override
        public MessageEncryptionMechanism negotiateEncryption(OpenPGPMessageGenerator generator) {
            return MessageEncryptionMechanism.integrityProtected(SymmetricKeyAlgorithmTags.AES_256);
        }
    };

    private final Map<String, OpenPGPCertificate> certificates;

    public MessageEncryption() {
        this(DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize how many parsed recipient certificates to keep (least recently used go first) */
    public MessageEncryption(int cacheSize) {
        this.certificates = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OpenPGPCertificate> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * Wraps a complete RFC 5322 message into a PGP/MIME message encrypted to the recipient.
     *
     * @param message                   the message exactly as received (CRLF or LF, 7- or 8-bit)
     * @param recipientPublicKeyArmored the recipient's armored certificate
     * @return the message to store; {@link MessageDecryption#decryptStored} gives back {@code message}
     * @throws KeyFormatException if the certificate cannot be read or has no usable encryption key
     */
    public byte[] encryptForStorage(byte[] message, String recipientPublicKeyArmored) {
        byte[] armored = encrypt(HeaderProtection.protect(message), certificate(recipientPublicKeyArmored));
        return PgpMime.wrap(HeaderProtection.outerFields(message), armored, newBoundary());
    }

    /**
     * True when the top-level Content-Type is {@code multipart/encrypted} with protocol
     * {@code application/pgp-encrypted} (RFC 3156 §4). Such messages are stored as they came.
     */
    public static boolean isPgpMimeEncrypted(byte[] message) {
        return HeaderBlock.parse(message).first("Content-Type")
                .map(field -> MediaType.parse(field.unfoldedValue(message)))
                .filter(type -> type.is("multipart", "encrypted"))
                .flatMap(type -> type.parameter("protocol"))
                .map(protocol -> protocol.toLowerCase(Locale.ROOT).equals("application/pgp-encrypted"))
                .orElse(false);
    }

    private static byte[] encrypt(byte[] cleartext, OpenPGPCertificate recipient) {
        OpenPGPMessageGenerator generator = new OpenPGPMessageGenerator(OpenPgp.IMPLEMENTATION)
                .setPublicKeyBasedEncryptionNegotiator(SEIPD_V1_AES_256)
                .setAllowPadding(false)
                .setArmored(false);
        try {
            // OpenPGPCertificate memoizes signature checks without locking: one caller at a time
            synchronized (recipient) {
                generator.addEncryptionCertificate(recipient);
            }
            ByteSink binary = new ByteSink(cleartext.length + 1024);
            try (OpenPGPMessageOutputStream out = generator.open(binary)) {
                out.write(cleartext);
            }
            return armor(binary.toByteArray());
        } catch (InvalidEncryptionKeyException e) {
            throw new KeyFormatException("the recipient's OpenPGP key has no valid encryption subkey: " + e.getMessage(), e);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("OpenPGP encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * ASCII armor (RFC 9580 §6.2): no armor headers, 64 columns, CRLF line ends, written directly
     * (BouncyCastle's ArmoredOutputStream takes a call per output byte and per line), with the CRC
     * line of RFC 4880 §6.1: RFC 9580 no longer asks for it, but GnuPG 2.2 finds the end of a
     * block whose base64 ends without padding only by that line.
     */
    private static byte[] armor(byte[] binary) {
        byte[] body = ARMOR_BASE64.encode(binary);
        byte[] checksum = crcLine(binary);
        byte[] out = new byte[ARMOR_BEGIN.length + body.length + checksum.length + ARMOR_END.length];
        int at = 0;
        for (byte[] part : new byte[][] {ARMOR_BEGIN, body, checksum, ARMOR_END}) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** CRLF, "=", and the base64 of the 24-bit CRC of the binary data (RFC 4880 §6.1). */
    private static byte[] crcLine(byte[] binary) {
        int value = Crc24.of(binary);
        byte[] bytes = {(byte) (value >> 16), (byte) (value >> 8), (byte) value};
        return ("\r\n=" + Base64.getEncoder().encodeToString(bytes)).getBytes(StandardCharsets.US_ASCII);
    }

    private OpenPGPCertificate certificate(String armored) {
        synchronized (certificates) {
            OpenPGPCertificate cached = certificates.get(armored);
            if (cached != null) {
                return cached;
            }
        }
        OpenPGPCertificate parsed = OpenPgp.readCertificate(armored);
        synchronized (certificates) {
            return certificates.computeIfAbsent(armored, key -> parsed);
        }
    }

    private static String newBoundary() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return "coffer-" + HexFormat.of().formatHex(random);
    }
}

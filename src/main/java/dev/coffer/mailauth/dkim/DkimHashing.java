package dev.coffer.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/** The hash and signature computation shared by the signer and the verifier (RFC 6376 §3.7). */
public final class DkimHashing {

    private DkimHashing() {}

    /** The canonicalized body as far as {@code limit} reaches, if given (RFC 6376 §3.4.5, l=). */
    public static byte[] bodyHash(byte[] canonicalBody, long limit) {
        MessageDigest sha256 = sha256();
        int length = (int) Math.min(canonicalBody.length, Math.max(0, limit));
        sha256.update(canonicalBody, 0, length);
        return sha256.digest();
    }

    /**
     * RFC 6376 §5.4.2: for each name in h=, the next instance of that field from the bottom
     * of the header up; a name with no instance left contributes nothing (§5.4), which is
     * what makes oversigning work. {@code beingVerified}, the signature's own field, is
     * never selected: an h= entry "DKIM-Signature" means another signature (§5.4).
     */
    public static List<DkimMessage.Field> selectFields(List<DkimMessage.Field> fields, List<String> names,
                                                DkimMessage.Field beingVerified) {
        List<DkimMessage.Field> selected = new ArrayList<>(names.size());
        boolean[] used = new boolean[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            used[i] = fields.get(i) == beingVerified;
        }
        for (String name : names) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (!used[i] && fields.get(i).hasName(name)) {
                    used[i] = true;
                    selected.add(fields.get(i));
                    break;
                }
            }
        }
        return selected;
    }

    /**
     * RFC 6376 §3.7: the selected fields, each canonicalized and followed by CRLF, then the
     * DKIM-Signature field with an empty b=, canonicalized, without a trailing CRLF.
     */
    public static byte[] headerData(List<DkimMessage.Field> selected, String signatureFieldWithoutB,
                             DkimCanonicalization canonicalization) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(1024);
        for (DkimMessage.Field field : selected) {
            data.writeBytes(latin1(canonicalization.header(field.raw())));
            data.writeBytes(new byte[] {'\r', '\n'});
        }
        data.writeBytes(latin1(canonicalization.header(signatureFieldWithoutB)));
        return data.toByteArray();
    }

    public static byte[] sign(DkimAlgorithm algorithm, PrivateKey key, byte[] headerData) throws GeneralSecurityException {
        Signature signer = signature(algorithm);
        signer.initSign(key);
        signer.update(input(algorithm, headerData));
        return signer.sign();
    }

    public static boolean verify(DkimAlgorithm algorithm, PublicKey key, byte[] headerData, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = signature(algorithm);
        verifier.initVerify(key);
        verifier.update(input(algorithm, headerData));
        return verifier.verify(signature);
    }

    private static Signature signature(DkimAlgorithm algorithm) throws NoSuchAlgorithmException {
        return switch (algorithm) {
            // RFC 6376 §3.3.1: RSASSA-PKCS1-v1_5 with SHA-256 over the header data
            case RSA_SHA256 -> Signature.getInstance("SHA256withRSA");
            // RFC 8463 §3: PureEdDSA over the SHA-256 hash of the header data
            case ED25519_SHA256 -> Signature.getInstance("Ed25519");
        };
    }

    private static byte[] input(DkimAlgorithm algorithm, byte[] headerData) {
        return switch (algorithm) {
            case RSA_SHA256 -> headerData;
            case ED25519_SHA256 -> sha256().digest(headerData);
        };
    }

    /**
     * The DKIM-Signature field with the b= value deleted, surrounding whitespace included
     * (RFC 6376 §3.5 b= and §3.7): everything between "b=" and the next ";" goes.
     */
    public static String withoutSignatureValue(String rawField) {
        int colon = rawField.indexOf(':');
        int pos = colon + 1;
        while (pos < rawField.length()) {
            int semicolon = rawField.indexOf(';', pos);
            int end = semicolon < 0 ? rawField.length() : semicolon;
            String spec = rawField.substring(pos, end);
            int eq = spec.indexOf('=');
            if (eq >= 0 && TagList.stripFws(spec.substring(0, eq)).equals("b")) {
                return rawField.substring(0, pos + eq + 1) + rawField.substring(end);
            }
            pos = end + 1;
        }
        return rawField;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}

package dev.coffer.crypto;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyGenerator;
import org.bouncycastle.openpgp.api.SignatureParameters;
import org.bouncycastle.openpgp.api.SignatureSubpacketsFunction;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptorFactory;
import org.bouncycastle.openpgp.operator.PGPKeyPairGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * The account's OpenPGP key (DESIGN §4): one v4 key that GnuPG 2.2, Thunderbird, OpenPGP.js and
 * Proton all read — Ed25519 (legacy EdDSA) primary for certify+sign, Curve25519 (legacy ECDH)
 * encryption subkey, one user ID per address.
 */
public final class AccountKeys {

    /**
     * RFC 4880 §3.7.1.3 coded count 0xC0: 4 MiB hashed per unlock (about 15 ms). Stored keys are
     * locked with a 256-bit key (see {@link PasswordKeys#keyPassphrase()}), so the count only matters
     * for exports under a human passphrase, and must stay cheap enough to unlock per message.
     */
    static final int S2K_COUNT = 0xC0;

    private AccountKeys() {
    }

    /**
     * Generates the account key. The secret key is protected with iterated+salted SHA-256 S2K and
     * AES-256 CFB with a SHA-1 checksum (RFC 4880 §5.5.3, usage 254): the v4 protection that
     * GnuPG 2.2 imports, where RFC 9580 Argon2/AEAD protection would be rejected.
     *
     * @param addresses  the account's addresses; the first becomes the primary user ID
     * @param passphrase the secret-key passphrase (not modified)
     */
    public static AccountKeyPair generate(List<String> addresses, char[] passphrase) {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("an account key needs at least one address for its user ID");
        }
        try {
            OpenPGPKeyGenerator generator = new OpenPGPKeyGenerator(
                    OpenPgp.IMPLEMENTATION,
                    PublicKeyPacket.VERSION_4,
                    OpenPgp.IMPLEMENTATION.pgpKeyPairGeneratorProvider(),
                    OpenPgp.IMPLEMENTATION.pgpDigestCalculatorProvider(),
                    keyProtection(),
                    OpenPgp.IMPLEMENTATION.keyFingerPrintCalculator(),
                    new Date());
            OpenPGPKeyGenerator.WithPrimaryKey builder = generator.withPrimaryKey(
                    PGPKeyPairGenerator::generateLegacyEd25519KeyPair,
                    withSubpackets(AccountKeys::selfSignatureSubpackets));
            for (int i = 0; i < addresses.size(); i++) {
                boolean primary = i == 0;
                builder.addUserId("<" + addresses.get(i) + ">",
                        withSubpackets(subpackets -> userIdSubpackets(subpackets, primary)));
            }
            builder.addEncryptionSubkey(PGPKeyPairGenerator::generateLegacyX25519KeyPair);
            OpenPGPKey key = builder.build(passphrase.clone());
            return new AccountKeyPair(OpenPgp.armor(key.toCertificate()), OpenPgp.armor(key), OpenPgp.fingerprint(key));
        } catch (PGPException e) {
            throw new IllegalStateException("OpenPGP key generation failed: " + e.getMessage(), e);
        }
    }

    /**
     * Re-encrypts every secret key packet under a new passphrase: on password change, and for
     * export under a passphrase the user chooses.
     *
     * @throws WrongPassphraseException if {@code oldPassphrase} does not unlock the key
     */
    public static String reprotect(String secretKeyArmored, char[] oldPassphrase, char[] newPassphrase) {
        PGPSecretKeyRing ring = OpenPgp.readKey(secretKeyArmored).getPGPSecretKeyRing();
        PBESecretKeyDecryptor decryptor = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(oldPassphrase);
        List<PGPSecretKey> reprotected = new ArrayList<>();
        for (PGPSecretKey secretKey : ring) {
            unlockable(secretKey, decryptor);
            try {
                PBESecretKeyEncryptor encryptor = keyProtection().build(newPassphrase, secretKey.getPublicKey().getPublicKeyPacket());
                reprotected.add(PGPSecretKey.copyWithNewPassword(secretKey, decryptor, encryptor));
            } catch (PGPException e) {
                throw new KeyFormatException("cannot re-encrypt the OpenPGP secret key: " + e.getMessage(), e);
            }
        }
        return OpenPgp.armor(new OpenPGPKey(new PGPSecretKeyRing(reprotected), OpenPgp.IMPLEMENTATION));
    }

    /** The v4 fingerprint of an armored certificate (or secret key), 40 uppercase hex digits. */
    public static String fingerprint(String publicKeyArmored) {
        return OpenPgp.fingerprint(OpenPgp.readCertificate(publicKeyArmored));
    }

    static PBESecretKeyEncryptorFactory keyProtection() {
        try {
            return OpenPgp.IMPLEMENTATION.pbeSecretKeyEncryptorFactory(false, SymmetricKeyAlgorithmTags.AES_256, S2K_COUNT);
        } catch (PGPException e) {
            throw new IllegalStateException("no CFB secret key protection available: " + e.getMessage(), e);
        }
    }

    private static SignatureParameters.Callback withSubpackets(SignatureSubpacketsFunction hashed) {
        return new SignatureParameters.Callback() {
            @Override
            public SignatureParameters apply(SignatureParameters parameters) {
                return parameters.setHashedSubpacketsFunction(hashed);
            }
        };
    }

    private static void unlockable(PGPSecretKey secretKey, PBESecretKeyDecryptor decryptor) {
        try {
            secretKey.extractPrivateKey(decryptor);
        } catch (PGPException e) {
            throw new WrongPassphraseException(e);
        }
    }

    private static PGPSignatureSubpacketGenerator selfSignatureSubpackets(PGPSignatureSubpacketGenerator subpackets) {
        preferences(subpackets);
        subpackets.removePacketsOfType(SignatureSubpacketTags.KEY_EXPIRE_TIME);
        return subpackets;
    }

    static PGPSignatureSubpacketGenerator userIdSubpackets(PGPSignatureSubpacketGenerator subpackets, boolean primary) {
        preferences(subpackets);
        subpackets.removePacketsOfType(SignatureSubpacketTags.PRIMARY_USER_ID);
        if (primary) {
            subpackets.setPrimaryUserID(false, true);
        }
        return subpackets;
    }

    /**
     * GnuPG 2.2 takes algorithm preferences from the user-ID self-signature (RFC 4880 §5.2.3.3), so
     * they go on every self-signature: AES and SHA-2 only, and Features = MDC only (RFC 4880
     * §5.2.3.24), so that senders use SEIPDv1, never the RFC 9580 SEIPDv2 GnuPG 2.2 cannot read.
     */
    private static void preferences(PGPSignatureSubpacketGenerator subpackets) {
        subpackets.removePacketsOfType(SignatureSubpacketTags.KEY_FLAGS);
        subpackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
        subpackets.removePacketsOfType(SignatureSubpacketTags.FEATURES);
        subpackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
        subpackets.removePacketsOfType(SignatureSubpacketTags.PREFERRED_SYM_ALGS);
        subpackets.setPreferredSymmetricAlgorithms(false,
                new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
        subpackets.removePacketsOfType(SignatureSubpacketTags.PREFERRED_HASH_ALGS);
        subpackets.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
        subpackets.removePacketsOfType(SignatureSubpacketTags.PREFERRED_COMP_ALGS);
        subpackets.setPreferredCompressionAlgorithms(false, new int[] {
            CompressionAlgorithmTags.ZLIB, CompressionAlgorithmTags.ZIP, CompressionAlgorithmTags.UNCOMPRESSED});
        subpackets.removePacketsOfType(SignatureSubpacketTags.PREFERRED_AEAD_ALGORITHMS);
        subpackets.removePacketsOfType(SignatureSubpacketTags.LIBREPGP_PREFERRED_ENCRYPTION_MODES);
    }
}

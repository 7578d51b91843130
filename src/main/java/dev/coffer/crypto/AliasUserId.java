package dev.coffer.crypto;

import java.io.IOException;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * A user ID for an alias on the account's key. Only the key's owner can add one (the server has
 * no secret key): the client certifies it ({@link #certify}), and the server checks the upload
 * ({@link #verified}) before it publishes the alias in WKD.
 */
public final class AliasUserId {

    // RFC 4880 §5.2.1: the four kinds of user ID certification.
    private static final Set<Integer> CERTIFICATIONS = Set.of(PGPSignature.DEFAULT_CERTIFICATION,
            PGPSignature.NO_CERTIFICATION, PGPSignature.CASUAL_CERTIFICATION, PGPSignature.POSITIVE_CERTIFICATION);

    private AliasUserId() {}

    /**
     * Client side: the account's public key with the user ID {@code <address>} added, self-signed
     * by the primary key (a positive certification, RFC 4880 §5.2.1 0x13).
     *
     * @throws WrongPassphraseException if the passphrase does not unlock the secret key
     */
    public static String certify(String publicKeyArmored, String secretKeyArmored, char[] passphrase, String address) {
        PGPPublicKeyRing ring = OpenPgp.readCertificate(publicKeyArmored).getPGPPublicKeyRing();
        PGPSecretKey secret = OpenPgp.readKey(secretKeyArmored).getPGPSecretKeyRing().getSecretKey();
        PGPPublicKey primary = ring.getPublicKey();
        if (secret.getKeyID() != primary.getKeyID()) {
            throw new KeyFormatException("the secret key is not the account's key");
        }
        try {
            PGPPrivateKey privateKey = unlock(secret, passphrase);
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(primary.getAlgorithm(), HashAlgorithmTags.SHA512), primary);
            generator.init(PGPSignature.POSITIVE_CERTIFICATION, privateKey);
            PGPSignatureSubpacketGenerator hashed = AccountKeys.userIdSubpackets(new PGPSignatureSubpacketGenerator(), false);
            hashed.setSignatureCreationTime(true, new Date());
            hashed.setIssuerFingerprint(false, primary);
            generator.setHashedSubpackets(hashed.generate());
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, primary.getKeyID());
            generator.setUnhashedSubpackets(unhashed.generate());
            String userId = "<" + address + ">";
            PGPSignature certification = generator.generateCertification(userId, primary);
            PGPPublicKey certified = PGPPublicKey.addCertification(primary, userId, certification);
            return armor(PGPPublicKeyRing.insertPublicKey(ring, certified));
        } catch (PGPException e) {
            throw new KeyFormatException("cannot certify the user ID <" + address + ">: " + e.getMessage(), e);
        }
    }

    /**
     * Server side: checks that {@code uploadedArmored} is the account's key (the same primary
     * fingerprint) and carries a user ID for {@code address} with a valid certification by that
     * primary key; returns the account's own key with just that user ID and certification added,
     * so nothing else of the upload (other subkeys, other user IDs) is taken over.
     *
     * @throws KeyFormatException naming what is wrong
     */
    public static String verified(String accountPublicKeyArmored, String uploadedArmored, String address) {
        OpenPGPCertificate account = OpenPgp.readCertificate(accountPublicKeyArmored);
        OpenPGPCertificate uploaded = OpenPgp.readCertificate(uploadedArmored);
        if (!OpenPgp.fingerprint(account).equals(OpenPgp.fingerprint(uploaded))) {
            throw new KeyFormatException("the key " + OpenPgp.fingerprint(uploaded) + " is not the account's key "
                    + OpenPgp.fingerprint(account));
        }
        PGPPublicKeyRing ring = account.getPGPPublicKeyRing();
        PGPPublicKey primary = ring.getPublicKey();
        PGPPublicKey uploadedPrimary = uploaded.getPGPPublicKeyRing().getPublicKey();
        String userId = userIdFor(uploadedPrimary, address).orElseThrow(() ->
                new KeyFormatException("the key has no user ID for " + address));
        PGPSignature certification = validCertification(uploadedPrimary, primary, userId).orElseThrow(() ->
                new KeyFormatException("the user ID " + userId + " is not certified by the account's primary key"));
        PGPPublicKey withAlias = PGPPublicKey.addCertification(primary, userId, certification);
        return armor(PGPPublicKeyRing.insertPublicKey(ring, withAlias));
    }

    private static Optional<String> userIdFor(PGPPublicKey primary, String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
            String id = ids.next();
            if (PublishedCertificate.addressOf(id).equals(wanted)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static Optional<PGPSignature> validCertification(PGPPublicKey uploaded, PGPPublicKey primary, String userId) {
        Date now = new Date();
        for (Iterator<PGPSignature> signatures = uploaded.getSignaturesForID(userId); signatures.hasNext(); ) {
            PGPSignature signature = signatures.next();
            if (CERTIFICATIONS.contains(signature.getSignatureType()) && signature.getKeyID() == primary.getKeyID()
                    && !signature.getCreationTime().after(now) && verifies(signature, primary, userId)) {
                return Optional.of(signature);
            }
        }
        return Optional.empty();
    }

    private static boolean verifies(PGPSignature signature, PGPPublicKey primary, String userId) {
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
            return signature.verifyCertification(userId, primary);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    private static PGPPrivateKey unlock(PGPSecretKey secret, char[] passphrase) {
        try {
            return secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase));
        } catch (PGPException e) {
            throw new WrongPassphraseException(e);
        }
    }

    private static String armor(PGPPublicKeyRing ring) {
        return OpenPgp.armor(new OpenPGPCertificate(ring, OpenPgp.IMPLEMENTATION));
    }
}

package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountKeysTest {

    private static final char[] PASSPHRASE = "k3y-passphrase".toCharArray();
    private static AccountKeyPair pair;

    @BeforeAll
    static void generate() {
        pair = AccountKeys.generate(List.of("alice@example.org", "a@example.net"), PASSPHRASE);
    }

    @Test
    void generatesV4Ed25519PrimaryWithCv25519EncryptionSubkey() {
        PGPPublicKeyRing ring = OpenPgp.readCertificate(pair.publicKeyArmored()).getPGPPublicKeyRing();
        List<PGPPublicKey> keys = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).getVersion()).isEqualTo(PublicKeyPacket.VERSION_4);
        assertThat(keys.get(0).getAlgorithm()).isEqualTo(PublicKeyAlgorithmTags.EDDSA_LEGACY);
        assertThat(keys.get(1).getVersion()).isEqualTo(PublicKeyPacket.VERSION_4);
        assertThat(keys.get(1).getAlgorithm()).isEqualTo(PublicKeyAlgorithmTags.ECDH);
        assertThat(keys.get(1).isEncryptionKey()).isTrue();
    }

    @Test
    void hasOneUserIdPerAddressFirstIsPrimary() {
        PGPPublicKey primary = OpenPgp.readCertificate(pair.publicKeyArmored()).getPGPPublicKeyRing().getPublicKey();
        List<String> userIds = new ArrayList<>();
        primary.getUserIDs().forEachRemaining(userIds::add);
        assertThat(userIds).containsExactly("<alice@example.org>", "<a@example.net>");
        assertThat(selfSignature(primary, "<alice@example.org>").isPrimaryUserID()).isTrue();
        assertThat(selfSignature(primary, "<a@example.net>").isPrimaryUserID()).isFalse();
    }

    @Test
    void userIdSelfSignaturesCarryGnupgCompatiblePreferences() {
        PGPPublicKey primary = OpenPgp.readCertificate(pair.publicKeyArmored()).getPGPPublicKeyRing().getPublicKey();
        for (String userId : List.of("<alice@example.org>", "<a@example.net>")) {
            PGPSignatureSubpacketVector hashed = selfSignature(primary, userId);
            assertThat(hashed.getPreferredSymmetricAlgorithms())
                    .containsExactly(SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128);
            assertThat(hashed.getPreferredHashAlgorithms()).containsExactly(HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256);
            assertThat(hashed.getFeatures().getFeatures()).isEqualTo(Features.FEATURE_MODIFICATION_DETECTION);
            assertThat(hashed.getKeyFlags()).isEqualTo(KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            assertThat(hashed.getKeyExpirationTime()).isZero();
        }
    }

    @Test
    void secretKeysUseV4CompatibleProtection() {
        for (PGPSecretKey secretKey : OpenPgp.readKey(pair.secretKeyArmored()).getPGPSecretKeyRing()) {
            assertThat(secretKey.getS2KUsage()).isEqualTo(SecretKeyPacket.USAGE_SHA1);
            assertThat(secretKey.getKeyEncryptionAlgorithm()).isEqualTo(SymmetricKeyAlgorithmTags.AES_256);
            assertThat(secretKey.getS2K().getType()).isEqualTo(S2K.SALTED_AND_ITERATED);
            assertThat(secretKey.getS2K().getHashAlgorithm()).isEqualTo(HashAlgorithmTags.SHA256);
        }
    }

    @Test
    void passphraseUnlocksEverySecretKey() {
        OpenPGPKey key = OpenPgp.readKey(pair.secretKeyArmored());
        assertThat(key.getSecretKeys().values()).hasSize(2)
                .allSatisfy(secretKey -> assertThat(secretKey.isPassphraseCorrect(PASSPHRASE)).isTrue());
    }

    @Test
    void leavesTheCallersPassphraseIntact() {
        char[] passphrase = "intact".toCharArray();
        AccountKeys.generate(List.of("b@example.org"), passphrase);
        assertThat(new String(passphrase)).isEqualTo("intact");
    }

    @Test
    void fingerprintIsUppercaseHexOfTheV4Fingerprint() {
        assertThat(pair.fingerprint()).matches("[0-9A-F]{40}");
        assertThat(AccountKeys.fingerprint(pair.publicKeyArmored())).isEqualTo(pair.fingerprint());
        assertThat(AccountKeys.fingerprint(pair.secretKeyArmored())).isEqualTo(pair.fingerprint());
    }

    @Test
    void reprotectedKeyOpensOnlyWithTheNewPassphrase() {
        String reprotected = AccountKeys.reprotect(pair.secretKeyArmored(), PASSPHRASE, "new-pass".toCharArray());
        OpenPGPKey key = OpenPgp.readKey(reprotected);
        assertThat(key.getSecretKeys().values()).hasSize(2).allSatisfy(secretKey -> {
            assertThat(secretKey.isPassphraseCorrect("new-pass".toCharArray())).isTrue();
            assertThat(secretKey.isPassphraseCorrect(PASSPHRASE)).isFalse();
        });
        assertThat(AccountKeys.fingerprint(reprotected)).isEqualTo(pair.fingerprint());
    }

    @Test
    void reprotectRejectsAWrongOldPassphrase() {
        assertThatThrownBy(() -> AccountKeys.reprotect(pair.secretKeyArmored(), "wrong".toCharArray(), "x".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessage("the password does not unlock this key");
    }

    @Test
    void unreadableKeyIsAKeyFormatException() {
        assertThatThrownBy(() -> AccountKeys.fingerprint("not a key"))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageStartingWith("cannot read the OpenPGP public key");
    }

    private static PGPSignatureSubpacketVector selfSignature(PGPPublicKey primary, String userId) {
        PGPSignature signature = primary.getSignaturesForID(userId).next();
        return signature.getHashedSubPackets();
    }
}

package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.junit.jupiter.api.Test;

/** The owner certifies an alias user ID; the server takes only a certification its primary key made. */
class AliasUserIdTest {

    private static final char[] PASSPHRASE = "key passphrase".toCharArray();
    private static final String ALIAS = "info@example.org";
    private static final AccountKeyPair ACCOUNT = AccountKeys.generate(List.of("joe@example.org"), PASSPHRASE);
    private static final AccountKeyPair OTHER = AccountKeys.generate(List.of("eve@example.org"), PASSPHRASE);

    @Test
    void theOwnersCertificationOfTheAliasIsAcceptedAndPublishedAlone() {
        String uploaded = AliasUserId.certify(ACCOUNT.publicKeyArmored(), ACCOUNT.secretKeyArmored(), PASSPHRASE, ALIAS);

        String verified = AliasUserId.verified(ACCOUNT.publicKeyArmored(), uploaded, ALIAS);

        assertThat(userIds(verified)).containsExactly("<joe@example.org>", "<" + ALIAS + ">");
        assertThat(AccountKeys.fingerprint(verified)).isEqualTo(ACCOUNT.fingerprint());
        byte[] published = PublishedCertificate.forAddress(verified, ALIAS).orElseThrow();
        assertThat(userIds(OpenPgp.armor(certificate(published)))).containsExactly("<" + ALIAS + ">");
    }

    @Test
    void theAliasIsMatchedIgnoringCase() {
        String uploaded = AliasUserId.certify(ACCOUNT.publicKeyArmored(), ACCOUNT.secretKeyArmored(), PASSPHRASE, ALIAS);

        assertThat(userIds(AliasUserId.verified(ACCOUNT.publicKeyArmored(), uploaded, "Info@Example.org")))
                .contains("<" + ALIAS + ">");
    }

    @Test
    void refusesAnotherKey() {
        String uploaded = AliasUserId.certify(OTHER.publicKeyArmored(), OTHER.secretKeyArmored(), PASSPHRASE, ALIAS);

        assertThatThrownBy(() -> AliasUserId.verified(ACCOUNT.publicKeyArmored(), uploaded, ALIAS))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("not the account's key");
    }

    @Test
    void refusesAKeyWithoutTheAlias() {
        assertThatThrownBy(() -> AliasUserId.verified(ACCOUNT.publicKeyArmored(), ACCOUNT.publicKeyArmored(), ALIAS))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("no user ID for " + ALIAS);
    }

    @Test
    void refusesAnAliasUserIdCertifiedByAnotherKey() {
        String foreign = AliasUserId.certify(OTHER.publicKeyArmored(), OTHER.secretKeyArmored(), PASSPHRASE, ALIAS);
        PGPPublicKey foreignPrimary = certificate(foreign).getPGPPublicKeyRing().getPublicKey();
        PGPSignature foreignSignature = foreignPrimary.getSignaturesForID("<" + ALIAS + ">").next();
        PGPPublicKeyRing ring = OpenPgp.readCertificate(ACCOUNT.publicKeyArmored()).getPGPPublicKeyRing();
        PGPPublicKey grafted = PGPPublicKey.addCertification(ring.getPublicKey(), "<" + ALIAS + ">", foreignSignature);
        String forged = OpenPgp.armor(new OpenPGPCertificate(PGPPublicKeyRing.insertPublicKey(ring, grafted),
                OpenPgp.IMPLEMENTATION));

        assertThatThrownBy(() -> AliasUserId.verified(ACCOUNT.publicKeyArmored(), forged, ALIAS))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("not certified");
    }

    @Test
    void refusesTheWrongPassphrase() {
        assertThatThrownBy(() -> AliasUserId.certify(ACCOUNT.publicKeyArmored(), ACCOUNT.secretKeyArmored(),
                "wrong".toCharArray(), ALIAS)).isInstanceOf(WrongPassphraseException.class);
    }

    private static OpenPGPCertificate certificate(String armored) {
        return OpenPgp.readCertificate(armored);
    }

    private static OpenPGPCertificate certificate(byte[] binary) {
        return new OpenPGPCertificate(readRing(binary), OpenPgp.IMPLEMENTATION);
    }

    private static PGPPublicKeyRing readRing(byte[] binary) {
        try {
            return new PGPPublicKeyRing(binary, OpenPgp.IMPLEMENTATION.keyFingerPrintCalculator());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> userIds(String armored) {
        List<String> ids = new ArrayList<>();
        certificate(armored).getPGPPublicKeyRing().getPublicKey().getUserIDs().forEachRemaining(ids::add);
        return ids;
    }
}

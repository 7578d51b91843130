package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.junit.jupiter.api.Test;

class PublishedCertificateTest {

    static final AccountKeyPair KEY = AccountKeys.generate(
            List.of("alice@example.org", "a.smith@example.org", "alice@other.example"), "passphrase".toCharArray());

    @Test
    void keepsOnlyTheUserIdOfTheRequestedAddressWithItsValidSelfSignature() throws Exception {
        byte[] published = PublishedCertificate.forAddress(KEY.publicKeyArmored(), "A.Smith@example.org").orElseThrow();

        PGPPublicKeyRing ring = new PGPPublicKeyRing(published, new BcKeyFingerprintCalculator());
        PGPPublicKey primary = ring.getPublicKey();
        List<String> ids = new ArrayList<>();
        primary.getUserIDs().forEachRemaining(ids::add);
        assertThat(ids).containsExactly("<a.smith@example.org>");
        PGPSignature certification = primary.getSignaturesForID("<a.smith@example.org>").next();
        certification.init(new BcPGPContentVerifierBuilderProvider(), primary);
        assertThat(certification.verifyCertification("<a.smith@example.org>", primary)).isTrue();
        assertThat(HexFormat.of().withUpperCase().formatHex(primary.getFingerprint())).isEqualTo(KEY.fingerprint());
        assertThat(ring.getPublicKeys()).toIterable().hasSize(2);
    }

    @Test
    void isEmptyForAnAddressTheKeyDoesNotName() {
        assertThat(PublishedCertificate.forAddress(KEY.publicKeyArmored(), "bob@example.org")).isEmpty();
    }
}

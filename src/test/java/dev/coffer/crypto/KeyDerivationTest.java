package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {

    private static final KdfParams CHEAP = new KdfParams(1024, 1, 1);
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void argon2idMatchesRfc9106TestVector() {
        // RFC 9106 §5.3
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] ad = filled(12, 0x04);
        byte[] tag = KeyDerivation.argon2id(password, salt, secret, ad, new KdfParams(32, 3, 4), 32);
        assertThat(HEX.formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void hkdfMatchesRfc5869TestCaseWithEmptySaltAndInfo() {
        // RFC 5869 Appendix A.3
        byte[] okm = KeyDerivation.hkdfSha256(filled(22, 0x0b), new byte[0], new byte[0], 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void hkdfMatchesRfc5869BasicTestCase() {
        // RFC 5869 Appendix A.1
        byte[] okm = KeyDerivation.hkdfSha256(filled(22, 0x0b), HEX.parseHex("000102030405060708090a0b0c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void derivesTheSpecifiedConstruction() {
        byte[] salt = filled(16, 0x07);
        char[] password = "correct horse ünïcode".toCharArray();
        byte[] master = KeyDerivation.argon2id("correct horse ünïcode".getBytes(StandardCharsets.UTF_8), salt,
                new byte[0], new byte[0], CHEAP, 32);
        PasswordKeys keys = KeyDerivation.derive(password, salt, CHEAP);
        assertThat(keys.authKey()).isEqualTo(KeyDerivation.hkdfSha256(master, new byte[0],
                "coffer auth".getBytes(StandardCharsets.US_ASCII), 32));
        assertThat(keys.keyKey()).isEqualTo(KeyDerivation.hkdfSha256(master, new byte[0],
                "coffer key".getBytes(StandardCharsets.US_ASCII), 32));
    }

    @Test
    void derivationIsDeterministic() {
        byte[] salt = KeyDerivation.newSalt();
        PasswordKeys first = KeyDerivation.derive("pw".toCharArray(), salt, CHEAP);
        PasswordKeys second = KeyDerivation.derive("pw".toCharArray(), salt, CHEAP);
        assertThat(first.authKey()).isEqualTo(second.authKey());
        assertThat(first.keyKey()).isEqualTo(second.keyKey());
    }

    @Test
    void differentSaltsGiveDifferentKeys() {
        PasswordKeys first = KeyDerivation.derive("pw".toCharArray(), KeyDerivation.newSalt(), CHEAP);
        PasswordKeys second = KeyDerivation.derive("pw".toCharArray(), KeyDerivation.newSalt(), CHEAP);
        assertThat(first.authKey()).isNotEqualTo(second.authKey());
        assertThat(first.keyKey()).isNotEqualTo(second.keyKey());
    }

    @Test
    void authKeyAndKeyKeyAreIndependent() {
        PasswordKeys keys = KeyDerivation.derive("pw".toCharArray(), KeyDerivation.newSalt(), CHEAP);
        assertThat(keys.authKey()).hasSize(32).isNotEqualTo(keys.keyKey());
        assertThat(keys.keyKey()).hasSize(32);
    }

    @Test
    void newSaltIsSixteenRandomBytes() {
        assertThat(KeyDerivation.newSalt()).hasSize(16).isNotEqualTo(KeyDerivation.newSalt());
    }

    @Test
    void keyPassphraseIsPaddedBase64OfKeyKey() {
        byte[] keyKey = filled(32, 0xfb);
        char[] passphrase = new PasswordKeys(new byte[32], keyKey).keyPassphrase();
        assertThat(new String(passphrase)).isEqualTo(Base64.getEncoder().encodeToString(keyKey)).hasSize(44).endsWith("=");
    }

    @Test
    void defaultParametersAreSixtyFourMebibytesThreePassesOneLane() {
        assertThat(KdfParams.DEFAULT).isEqualTo(new KdfParams(65536, 3, 1));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

package dev.coffer.crypto;

import java.io.IOException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.HexFormat;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.PacketFormat;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPImplementation;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/** The one Bouncy Castle OpenPGP configuration the package shares, and key parsing. */
final class OpenPgp {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Asked by name, not found by a search of every installed provider for each message. */
    private static final Provider JDK_CIPHERS = Security.getProvider("SunJCE");

    static {
        // Bouncy Castle's key generators (the ephemeral X25519 key of each message) would otherwise make a new one each time
        CryptoServicesRegistrar.setSecureRandom(RANDOM);
    }

    /**
     * Bouncy Castle's lightweight implementation, except that bulk data encryption runs on the
     * JDK's AES (hardware accelerated: about 4x faster for a 1 MB message).
     */

    static final OpenPGPImplementation IMPLEMENTATION = new BcOpenPGPImplementation() {
        @Override
        public PGPDataEncryptorBuilder pgpDataEncryptorBuilder(int symmetricKeyAlgorithm) {
            // one shared generator: the builder would otherwise seed a new SecureRandom per message
            return new JcePGPDataEncryptorBuilder(symmetricKeyAlgorithm).setProvider(JDK_CIPHERS).setSecureRandom(RANDOM);
        }
    };

    private OpenPgp() {
    }

    static OpenPGPCertificate readCertificate(String armored) {
        if (armored == null || armored.isBlank()) {
            throw new KeyFormatException("no OpenPGP public key given");
        }
        try {
            return new OpenPGPKeyReader(IMPLEMENTATION).parseCertificateOrKey(armored);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("cannot read the OpenPGP public key: " + e.getMessage(), e);
        }
    }

    static OpenPGPKey readKey(String armored) {
        if (armored == null || armored.isBlank()) {
            throw new KeyFormatException("no OpenPGP secret key given");
        }
        try {
            return new OpenPGPKeyReader(IMPLEMENTATION).parseKey(armored);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("cannot read the OpenPGP secret key: " + e.getMessage(), e);
        }
    }

    static String fingerprint(OpenPGPCertificate certificate) {
        return HexFormat.of().withUpperCase().formatHex(certificate.getFingerprint());
    }

    /**
     * ASCII armor with the CRC line (RFC 4880 §6.1): RFC 9580 §6.2 no longer asks for it, but
     * GnuPG 2.2 finds the end of a block whose base64 ends without padding only by that line.
     */
    static String armor(OpenPGPCertificate certificateOrKey) {
        try {
            return certificateOrKey.toAsciiArmoredString(PacketFormat.ROUNDTRIP,
                    ArmoredOutputStream.builder().enableCRC(true));
        } catch (IOException e) {
            throw new KeyFormatException("cannot armor the OpenPGP key: " + e.getMessage(), e);
        }
    }
}

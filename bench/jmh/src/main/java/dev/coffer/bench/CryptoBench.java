package dev.coffer.bench;

import dev.coffer.crypto.AccountKeyPair;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.mailauth.dkim.DkimKeys;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dkim.DkimSigner;
import dev.coffer.mailauth.dkim.DkimVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Coffer's per-message crypto next to the raw cost of what it is made of:
 * encrypt-at-rest (OpenPGP, X25519 + AES-256) against one X25519 agreement plus
 * AES-256-GCM over the same bytes with the JDK's providers; DKIM sign and verify.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBench {

    static byte[] message(int size) {
        StringBuilder header = new StringBuilder()
                .append("From: Alice <alice@example.org>\r\n")
                .append("To: Demo <demo@coffer.test>\r\n")
                .append("Subject: benchmark message\r\n")
                .append("Date: Fri, 28 Nov 2025 12:00:00 +0000\r\n")
                .append("Message-ID: <bench@example.org>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        StringBuilder body = new StringBuilder(size);
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (header.length() + body.length() < size) {
            body.append(line);
        }
        body.setLength(size - header.length());
        return (header.toString() + body).getBytes(StandardCharsets.US_ASCII);
    }

    @State(Scope.Benchmark)
    public static class Encryption {
        @Param({"10240", "1048576"})
        public int size;
        byte[] message;
        String publicKey;
        MessageEncryption encryption;
        PublicKey recipientX25519;
        SecureRandom random;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            message = message(size);
            AccountKeyPair keys = AccountKeys.generate(List.of("a@b"), "pass".toCharArray());
            publicKey = keys.publicKeyArmored();
            encryption = new MessageEncryption();
            recipientX25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
            random = new SecureRandom();
        }
    }

    /** What Coffer does per stored message: OpenPGP encryption to the account's key. */
    @Benchmark
    public byte[] encryptForStorage(Encryption s) {
        return s.encryption.encryptForStorage(s.message, s.publicKey);
    }

    /** The floor: an ephemeral X25519 agreement, SHA-256 as KDF, AES-256-GCM (JDK providers). */
    @Benchmark
    public byte[] rawX25519AesGcm(Encryption s) throws Exception {
        KeyPair ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(s.recipientX25519, true);
        byte[] key = MessageDigest.getInstance("SHA-256").digest(agreement.generateSecret());
        byte[] iv = new byte[12];
        s.random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return cipher.doFinal(s.message);
    }

    /** AES-256-GCM alone over the message (no key agreement). */
    @Benchmark
    public byte[] rawAesGcmOnly(Encryption s) throws Exception {
        byte[] iv = new byte[12];
        s.random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(iv, 32), "AES"),
                new GCMParameterSpec(128, iv));
        return cipher.doFinal(s.message);
    }

    @State(Scope.Benchmark)
    public static class Dkim {
        @Param({"ed25519", "rsa"})
        public String algorithm;
        byte[] message;
        byte[] signed;
        DkimSigner signer;
        DkimVerifier verifier;

        @Setup(Level.Trial)
        public void setUp() {
            message = message(10240);
            KeyPair pair = "rsa".equals(algorithm) ? DkimKeys.generateRsa() : DkimKeys.generateEd25519();
            signer = new DkimSigner("example.org", "bench", pair.getPrivate(), Clock.systemUTC());
            String record = DkimKeys.dnsRecord(pair.getPublic());
            verifier = new DkimVerifier((selector, domain) -> Optional.of(record), Clock.systemUTC());
            byte[] header = signer.sign(message).getBytes(StandardCharsets.US_ASCII);
            signed = new byte[header.length + message.length];
            System.arraycopy(header, 0, signed, 0, header.length);
            System.arraycopy(message, 0, signed, header.length, message.length);
            List<DkimResult> results = verifier.verify(signed);
            if (results.isEmpty() || !(results.get(0) instanceof DkimResult.Pass)) {
                throw new IllegalStateException("the benchmark's own signature does not verify: " + results);
            }
        }
    }

    /** DKIM-sign a 10 KB message (relaxed/relaxed). */
    @Benchmark
    public String dkimSign(Dkim s) {
        return s.signer.sign(s.message);
    }

    /** DKIM-verify a 10 KB message (the key lookup is an in-memory answer). */
    @Benchmark
    public List<DkimResult> dkimVerify(Dkim s) {
        return s.verifier.verify(s.signed);
    }
}

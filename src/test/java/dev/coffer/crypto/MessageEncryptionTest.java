package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageEncryptionTest {

    private static final char[] PASSPHRASE = "key-pass".toCharArray();
    private static final String ORIGINAL = "Received: from mx.example.net\r\n"
            + "From: Jörg <joerg@example.net>\r\nTo: alice@example.org\r\nCc: bob@example.org\r\n"
            + "Subject: The secret plan\r\nDate: Tue, 2 Jan 2024 10:00:00 +0100\r\n"
            + "Message-ID: <42@example.net>\r\nIn-Reply-To: <41@example.net>\r\n"
            + "References: <40@example.net>\r\n <41@example.net>\r\n"
            + "X-Private: yes\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
            + "\r\nGrüße, the plan is in the body.\r\n";

    private static AccountKeyPair keys;
    private static final MessageEncryption ENCRYPTION = new MessageEncryption();

    @BeforeAll
    static void generateKey() {
        keys = AccountKeys.generate(List.of("alice@example.org"), PASSPHRASE);
    }

    @Test
    void decryptsWhatItEncrypted() {
        byte[] original = ORIGINAL.getBytes(StandardCharsets.UTF_8);
        byte[] stored = ENCRYPTION.encryptForStorage(original, keys.publicKeyArmored());
        assertThat(MessageDecryption.decryptStored(stored, keys.secretKeyArmored(), PASSPHRASE)).isEqualTo(original);
    }

    @Test
    void decryptsMessagesWithoutContentTypeAndWithLfLineEnds() {
        byte[] original = "From: a@example.net\nSubject: bare\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
        byte[] stored = ENCRYPTION.encryptForStorage(original, keys.publicKeyArmored());
        assertThat(MessageDecryption.decryptStored(stored, keys.secretKeyArmored(), PASSPHRASE)).isEqualTo(original);
    }

    @Test
    void storedMessageIsPgpMimeWithOnlyListingHeadersOutside() throws Exception {
        byte[] stored = ENCRYPTION.encryptForStorage(ORIGINAL.getBytes(StandardCharsets.UTF_8), keys.publicKeyArmored());
        String text = new String(stored, StandardCharsets.UTF_8);
        String header = text.substring(0, text.indexOf("\r\n\r\n"));
        assertThat(header).contains("From: Jörg <joerg@example.net>", "To: alice@example.org", "Cc: bob@example.org",
                "Date: Tue, 2 Jan 2024 10:00:00 +0100", "Message-ID: <42@example.net>", "In-Reply-To: <41@example.net>",
                "References: <40@example.net>\r\n <41@example.net>", "Subject: [...]", "MIME-Version: 1.0",
                "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"");
        assertThat(text).doesNotContain("secret plan", "X-Private", "Received", "the plan is in the body");
        assertThat(MessageEncryption.isPgpMimeEncrypted(stored)).isTrue();

        Message parsed = new DefaultMessageBuilder().parseMessage(new java.io.ByteArrayInputStream(stored));
        assertThat(parsed.getMimeType()).isEqualTo("multipart/encrypted");
        Multipart multipart = (Multipart) parsed.getBody();
        assertThat(multipart.getBodyParts()).hasSize(2);
        assertThat(multipart.getBodyParts().get(0).getMimeType()).isEqualTo("application/pgp-encrypted");
        assertThat(multipart.getBodyParts().get(1).getMimeType()).isEqualTo("application/octet-stream");
        assertThat(multipart.getBodyParts().get(1).getFilename()).isEqualTo("encrypted.asc");
        assertThat(text).contains("Version: 1\r\n", "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----");
    }

    @Test
    void recognisesPgpMimeEncryptedMessages() {
        assertThat(MessageEncryption.isPgpMimeEncrypted(bytes("Subject: x\r\nContent-Type: Multipart/Encrypted;\r\n"
                + "\tboundary=\"b\"; PROTOCOL=\"Application/PGP-Encrypted\"\r\n\r\n"))).isTrue();
        assertThat(MessageEncryption.isPgpMimeEncrypted(bytes("content-type: multipart/encrypted; "
                + "protocol=application/pgp-encrypted; boundary=b\n\n"))).isTrue();
    }

    @Test
    void doesNotMistakeOtherMessagesForPgpMime() {
        assertThat(MessageEncryption.isPgpMimeEncrypted(bytes("Content-Type: text/plain\r\n\r\n"
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"\r\n"))).isFalse();
        assertThat(MessageEncryption.isPgpMimeEncrypted(bytes("Content-Type: multipart/encrypted; "
                + "protocol=\"application/pkcs7-mime\"\r\n\r\n"))).isFalse();
        assertThat(MessageEncryption.isPgpMimeEncrypted(bytes("Subject: x\r\n\r\nbody"))).isFalse();
        assertThat(MessageEncryption.isPgpMimeEncrypted(new byte[0])).isFalse();
    }

    @Test
    void wrongPassphraseIsReportedAsSuch() {
        byte[] stored = ENCRYPTION.encryptForStorage(bytes("Subject: x\r\n\r\ny"), keys.publicKeyArmored());
        assertThatThrownBy(() -> MessageDecryption.decryptStored(stored, keys.secretKeyArmored(), "nope".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessage("the password does not unlock this key");
    }

    @Test
    void malformedStoredMessageIsAMessageFormatException() {
        assertThatThrownBy(() -> MessageDecryption.decryptStored(bytes("Subject: x\r\n\r\nnot encrypted"),
                keys.secretKeyArmored(), PASSPHRASE))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("no armored OpenPGP message");
        assertThatThrownBy(() -> MessageDecryption.decryptStored(bytes("-----BEGIN PGP MESSAGE-----\n\nAAAA\n"
                + "-----END PGP MESSAGE-----\n"), keys.secretKeyArmored(), PASSPHRASE))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageStartingWith("cannot decrypt the stored message");
    }

    @Test
    void messageForAnotherKeyDoesNotDecrypt() {
        AccountKeyPair other = AccountKeys.generate(List.of("eve@example.org"), PASSPHRASE);
        byte[] stored = ENCRYPTION.encryptForStorage(bytes("Subject: x\r\n\r\ny"), other.publicKeyArmored());
        assertThatThrownBy(() -> MessageDecryption.decryptStored(stored, keys.secretKeyArmored(), PASSPHRASE))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void unreadableRecipientKeyIsAKeyFormatException() {
        assertThatThrownBy(() -> ENCRYPTION.encryptForStorage(bytes("Subject: x\r\n\r\ny"), "garbage"))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void oneSharedInstanceEncryptsConcurrently() throws Exception {
        MessageEncryption shared = new MessageEncryption(2);
        AccountKeyPair second = AccountKeys.generate(List.of("b@example.org"), PASSPHRASE);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                AccountKeyPair recipient = i % 2 == 0 ? keys : second;
                byte[] original = bytes("Subject: n" + i + "\r\n\r\nbody " + i);
                results.add(executor.submit(() -> java.util.Arrays.equals(original, MessageDecryption.decryptStored(
                        shared.encryptForStorage(original, recipient.publicKeyArmored()),
                        recipient.secretKeyArmored(), PASSPHRASE))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.coffer.export;

import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.MessageDecryption;
import dev.coffer.crypto.PasswordKeys;
import dev.coffer.store.Account;
import dev.coffer.store.Mailbox;
import dev.coffer.store.Store;
import dev.coffer.store.StoredMessage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exports an account's mail in the clear for the user who owns it. Runs on the client
 * side of the zero-access line: the password is turned into the key passphrase here, in
 * this process, and the decrypted messages go only to the files the user asked for.
 */
public final class MailExport {

    private static final Pattern RETURN_PATH = Pattern.compile("\\AReturn-Path:[ \\t]*<([^>\\r\\n]*)>");

    private final Store store;

    public MailExport(Store store) {
        this.store = store;
    }

    /** How many messages went out, per run. */
    public record Result(int messages, int mailboxes) {}

    /**
     * @param mailboxName one mailbox, or null for all of them
     * @param out with one mailbox and mbox format, the mbox file; otherwise a directory
     *            holding {@code NAME.mbox} files or {@code NAME/UID.eml} files
     */
    public Result export(Account account, char[] password, ExportFormat format, Path out, String mailboxName)
            throws IOException {
        char[] passphrase = keyPassphrase(account, password);
        List<Mailbox> mailboxes = store.mailboxes().list(account.id()).stream()
                .filter(mailbox -> mailboxName == null || mailbox.name().equals(mailboxName))
                .toList();
        if (mailboxes.isEmpty()) {
            throw new IOException("no mailbox named '" + mailboxName + "' in " + account.address());
        }
        int count = 0;
        for (Mailbox mailbox : mailboxes) {
            List<StoredMessage> messages = store.messages().list(mailbox.id());
            if (format == ExportFormat.MBOX) {
                Path file = mailboxName != null ? out : out.resolve(fileName(mailbox.name()) + ".mbox");
                writeMbox(account, passphrase, messages, file);
            } else {
                writeEml(account, passphrase, messages, out.resolve(fileName(mailbox.name())));
            }
            count += messages.size();
        }
        return new Result(count, mailboxes.size());
    }

    private void writeMbox(Account account, char[] passphrase, List<StoredMessage> messages, Path file)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            MboxWriter mbox = new MboxWriter(out);
            for (StoredMessage message : messages) {
                byte[] original = original(account, passphrase, message);
                mbox.write(returnPath(original), message.internalDate(), original);
            }
        }
    }

    private void writeEml(Account account, char[] passphrase, List<StoredMessage> messages, Path directory)
            throws IOException {
        Files.createDirectories(directory);
        for (StoredMessage message : messages) {
            Files.write(directory.resolve(message.uid() + ".eml"), original(account, passphrase, message));
        }
    }

    private byte[] original(Account account, char[] passphrase, StoredMessage message) throws IOException {
        byte[] stored = store.blobs().get(message.blobId());
        if (message.keptAsReceived()) {
            return stored;
        }
        return MessageDecryption.decryptStored(stored, account.secretKey(), passphrase);
    }

    private static char[] keyPassphrase(Account account, char[] password) throws IOException {
        if (account.secretKey() == null) {
            throw new IOException(account.address() + " keeps its secret key off this server; export the"
                    + " mail through IMAP and decrypt it with your own key");
        }
        Account.Credentials credentials = account.credentials();
        KdfParams kdf = new KdfParams(credentials.kdfMemoryKiB(), credentials.kdfIterations(),
                credentials.kdfParallelism());
        PasswordKeys keys = KeyDerivation.derive(password, Base64.getDecoder().decode(credentials.kdfSalt()), kdf);
        return keys.keyPassphrase();
    }

    private static String returnPath(byte[] message) {
        int headLength = Math.min(message.length, 1024);
        Matcher matcher = RETURN_PATH.matcher(new String(message, 0, headLength, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Mailbox names become file names: separators, control characters and leading dots are replaced. */
    static String fileName(String mailboxName) {
        return mailboxName.replaceAll("[/\\\\\\x00-\\x1f]", "_").replaceFirst("^\\.", "_");
    }
}

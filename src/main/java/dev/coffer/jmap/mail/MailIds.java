package dev.coffer.jmap.mail;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * JMAP ids of mail objects (RFC 8620 §1.2: immutable, {@code [A-Za-z0-9_-]}). An Email's id is
 * its stored blob's id: IMAP COPY and MOVE share the blob, so one Email in several mailboxes
 * keeps one id, and the blob never changes. Coffer does not group Emails into conversations
 * (the subjects it would need are encrypted), so each Email is its own Thread.
 */
final class MailIds {

    private static final Pattern BLOB = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");

    private MailIds() {}

    static String mailbox(long id) {
        return "M" + id;
    }

    static OptionalLong mailbox(String id) {
        if (id == null || !id.startsWith("M") || !NUMBER.matcher(id.substring(1)).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(id.substring(1)));
    }

    static String email(String blobId) {
        return "E" + blobId;
    }

    static String thread(String blobId) {
        return "T" + blobId;
    }

    static String blob(String blobId) {
        return "B" + blobId;
    }

    /** The store blob id inside an Email, Thread or blob id with this prefix. */
    static Optional<String> storeBlob(String id, char prefix) {
        if (id == null || id.length() != 33 || id.charAt(0) != prefix || !BLOB.matcher(id.substring(1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(id.substring(1));
    }
}

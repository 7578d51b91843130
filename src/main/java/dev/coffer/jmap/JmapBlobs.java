package dev.coffer.jmap;

import dev.coffer.store.Account;
import java.util.Optional;

/** Where the download endpoint (RFC 8620 §6.2) finds the blobs of a data type, such as an Email's stored bytes. */
public interface JmapBlobs {

    /** The blob's bytes and media type, or empty when this account has no such blob here. */
    Optional<Blob> read(Account account, String blobId);

    record Blob(byte[] content, String type) {}
}

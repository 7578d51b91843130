package dev.coffer.store;

import java.io.IOException;
import java.util.Arrays;

/**
 * Where encrypted message bodies live; blobs are immutable once written. A blob's content
 * is durable when {@link #put} returns, its name once {@link #syncNames} has run after that:
 * the database calls {@code syncNames} before every commit, so no committed row ever names
 * a blob that a crash could lose (DESIGN §1.4).
 */
public interface BlobStore {

    /** Stores the bytes, durably, and returns the new blob's id. */
    String put(byte[] content) throws IOException;

    /**
     * Makes durable the names of every blob put before this call. Cheap when there is nothing
     * to do; one call serves all the blobs put since the last one.
     */
    void syncNames() throws IOException;

    byte[] get(String blobId) throws IOException;

    /** The first {@code maxOctets} octets of a blob, or all of it when it is shorter. */
    default byte[] prefix(String blobId, int maxOctets) throws IOException {
        byte[] content = get(blobId);
        return content.length <= maxOctets ? content : Arrays.copyOf(content, maxOctets);
    }

    void delete(String blobId) throws IOException;
}

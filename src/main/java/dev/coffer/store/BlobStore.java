package dev.coffer.store;

import java.io.IOException;

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

    void delete(String blobId) throws IOException;
}

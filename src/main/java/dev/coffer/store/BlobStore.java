package dev.coffer.store;

import java.io.IOException;

/**
 * Where encrypted message bodies live. Implementations make a blob durable before
 * {@link #put} returns; blobs are immutable once written.
 */
public interface BlobStore {

    /** Stores the bytes durably and returns the new blob's id. */
    String put(byte[] content) throws IOException;

    byte[] get(String blobId) throws IOException;

    void delete(String blobId) throws IOException;
}

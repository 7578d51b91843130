package dev.coffer.store;

import java.io.IOException;
import java.util.Arrays;

/**
 * Where encrypted message bodies live. Implementations make a blob durable before
 * {@link #put} returns; blobs are immutable once written.
 */
public interface BlobStore {

    /** Stores the bytes durably and returns the new blob's id. */
    String put(byte[] content) throws IOException;

    byte[] get(String blobId) throws IOException;

    /** The first {@code maxOctets} octets of a blob, or all of it when it is shorter. */
    default byte[] prefix(String blobId, int maxOctets) throws IOException {
        byte[] content = get(blobId);
        return content.length <= maxOctets ? content : Arrays.copyOf(content, maxOctets);
    }

    void delete(String blobId) throws IOException;
}

package dev.coffer.crypto;

/**
 * Argon2id cost parameters (RFC 9106 §3.1). Stored per account so that they can be raised later
 * without locking anyone out.
 *
 * @param memoryKiB   memory size m in kibibytes
 * @param iterations  number of passes t
 * @param parallelism degree of parallelism p
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {

    /** RFC 9106 §4's second recommended option (64 MiB, t=3), with one lane: browsers hash single-threaded. */
    public static final KdfParams DEFAULT = new KdfParams(65536, 3, 1);

    public KdfParams {
        if (parallelism < 1 || parallelism > 0xFFFFFF) {
            throw new IllegalArgumentException("Argon2 parallelism must be between 1 and 2^24-1, was " + parallelism);
        }
        // RFC 9106 §3.1: m must be at least 8*p kibibytes
        if (memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2 memory must be at least 8 KiB per lane, was " + memoryKiB + " KiB");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Argon2 needs at least one iteration, was " + iterations);
        }
    }
}

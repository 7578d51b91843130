package dev.coffer.filter.sieve;

/** A script failed while running (RFC 5228 §2.10.6): delivery falls back to an implicit keep. */
final class SieveRuntimeException extends Exception {

    SieveRuntimeException(String message) {
        super(message);
    }
}

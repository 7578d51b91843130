package dev.coffer.store;

/** The store could not do what was asked: the database or the disk failed. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

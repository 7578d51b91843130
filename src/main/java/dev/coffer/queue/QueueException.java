package dev.coffer.queue;

/** The queue could not accept a message (disk or database failure). */
public final class QueueException extends Exception {

    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}

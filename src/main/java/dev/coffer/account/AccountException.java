package dev.coffer.account;

/** An account operation that cannot be done as asked; the message tells the user why. */
public final class AccountException extends Exception {

    public AccountException(String message) {
        super(message);
    }
}

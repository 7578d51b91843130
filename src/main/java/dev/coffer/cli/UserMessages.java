package dev.coffer.cli;

import dev.coffer.crypto.WrongPassphraseException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one line a user reads. */
final class UserMessages {

    private UserMessages() {}

    static String describe(Exception exception) {
        return switch (exception) {
            case WrongPassphraseException e -> "the password is wrong (it does not unlock the account's key)";
            case NoSuchFileException e -> "no such file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileAlreadyExistsException e -> "already exists: " + e.getFile();
            default -> exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        };
    }
}

package dev.coffer.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Reads passwords from the terminal, or one per line from standard input with
 * {@code --password-stdin} — never from the command line, where other users could see them.
 */
public final class PasswordInput {

    @Option(names = "--password-stdin",
            description = "Read passwords from standard input, one per line, instead of asking on the terminal.")
    private boolean fromStdin;

    private BufferedReader stdin;

    /** Asks for an existing password once. */
    public char[] existing(String prompt) throws IOException {
        return read(prompt);
    }

    /** Asks for a new password, twice on a terminal so a typo is caught. */
    public char[] newPassword(String prompt) throws IOException {
        char[] first = read(prompt);
        if (first.length < 8) {
            throw new IOException("the password must be at least 8 characters long");
        }
        if (!fromStdin) {
            char[] again = read("Repeat: ");
            if (!Arrays.equals(first, again)) {
                throw new IOException("the two passwords differ");
            }
        }
        return first;
    }

    private char[] read(String prompt) throws IOException {
        if (fromStdin) {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            String line = stdin.readLine();
            if (line == null) {
                throw new IOException("standard input ended before a password was read (" + prompt.strip() + ")");
            }
            return line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IOException("no terminal to ask for the password: pass it on standard input with --password-stdin");
        }
        char[] password = console.readPassword("%s", prompt);
        if (password == null) {
            throw new IOException("no password was entered");
        }
        return password;
    }
}

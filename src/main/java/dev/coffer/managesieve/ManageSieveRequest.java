package dev.coffer.managesieve;

import java.util.List;
import java.util.Locale;

/** One command as the client sent it: its name and its arguments (RFC 5804 §4). */
record ManageSieveRequest(String command, List<Argument> arguments) {

    /** An atom (such as a number) or a string (quoted or literal). */
    record Argument(String value, boolean string) {}

    String verb() {
        return command.toUpperCase(Locale.ROOT);
    }
}

package dev.coffer.filter.sieve;

import java.util.List;

/**
 * A command or a test as written (RFC 5228 §8.2): its name, its arguments, its tests and,
 * for a command with a block, the commands inside. Tests have no block.
 */
record SieveNode(String name, List<Argument> arguments, List<SieveNode> tests, List<SieveNode> block, boolean hasBlock,
                 int line) {

    /** RFC 5228 §2.6: an argument is a tag, a number or a string list (a single string is a list of one). */
    sealed interface Argument {
        int line();
    }

    record Tag(String name, int line) implements Argument {}

    record Number(long value, int line) implements Argument {}

    record Strings(List<String> values, boolean single, int line) implements Argument {}
}

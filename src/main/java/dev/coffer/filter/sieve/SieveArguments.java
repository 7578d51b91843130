package dev.coffer.filter.sieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one command or test, split into tagged and positional ones (RFC 5228
 * §2.6.2: tags come first) and checked against what the command accepts.
 */
final class SieveArguments {

    /** What follows a tag: nothing, a string, a string list or a number. */
    enum Value { NONE, STRING, STRINGS, NUMBER }

    private final SieveNode node;
    private final Map<String, SieveNode.Argument> tags = new HashMap<>();
    private final List<SieveNode.Argument> positional = new ArrayList<>();

    private SieveArguments(SieveNode node) {
        this.node = node;
    }

    static SieveArguments read(SieveNode node, Map<String, Value> accepted) throws SieveSyntaxException {
        SieveArguments arguments = new SieveArguments(node);
        List<SieveNode.Argument> given = node.arguments();
        for (int i = 0; i < given.size(); i++) {
            SieveNode.Argument argument = given.get(i);
            if (!(argument instanceof SieveNode.Tag tag)) {
                arguments.positional.add(argument);
                continue;
            }
            if (!arguments.positional.isEmpty()) {
                throw new SieveSyntaxException(tag.line(), "tag :" + tag.name() + " must come before the other arguments of " + node.name());
            }
            Value value = accepted.get(tag.name());
            if (value == null) {
                throw new SieveSyntaxException(tag.line(), node.name() + " does not accept the tag :" + tag.name());
            }
            if (arguments.tags.containsKey(tag.name())) {
                throw new SieveSyntaxException(tag.line(), "tag :" + tag.name() + " is given twice");
            }
            SieveNode.Argument tagValue = tag;
            if (value != Value.NONE) {
                SieveNode.Argument next = i + 1 < given.size() ? given.get(i + 1) : null;
                boolean fits = switch (value) {
                    case STRING -> next instanceof SieveNode.Strings strings && strings.single();
                    case STRINGS -> next instanceof SieveNode.Strings;
                    case NUMBER -> next instanceof SieveNode.Number;
                    case NONE -> true;
                };
                if (!fits) {
                    throw new SieveSyntaxException(tag.line(), "tag :" + tag.name() + " must be followed by "
                            + (value == Value.NUMBER ? "a number" : value == Value.STRING ? "a string" : "a string list"));
                }
                tagValue = next;
                i++;
            }
            arguments.tags.put(tag.name(), tagValue);
        }
        return arguments;
    }

    boolean has(String tag) {
        return tags.containsKey(tag);
    }

    Optional<String> string(String tag) {
        return Optional.ofNullable((SieveNode.Strings) tags.get(tag)).map(strings -> strings.values().getFirst());
    }

    Optional<List<String>> strings(String tag) {
        return Optional.ofNullable((SieveNode.Strings) tags.get(tag)).map(SieveNode.Strings::values);
    }

    Optional<Long> number(String tag) {
        return Optional.ofNullable((SieveNode.Number) tags.get(tag)).map(SieveNode.Number::value);
    }

    int tagLine(String tag) {
        SieveNode.Argument argument = tags.get(tag);
        return argument == null ? node.line() : argument.line();
    }

    /** Exactly these positional arguments: each a string list (or, where {@code single}, one string). */
    List<List<String>> positionalStrings(boolean... single) throws SieveSyntaxException {
        if (positional.size() != single.length) {
            throw new SieveSyntaxException(node.line(), node.name() + " takes " + single.length
                    + (single.length == 1 ? " argument" : " arguments") + " after its tags, not " + positional.size());
        }
        List<List<String>> values = new ArrayList<>();
        for (int i = 0; i < single.length; i++) {
            if (!(positional.get(i) instanceof SieveNode.Strings strings) || (single[i] && !strings.single())) {
                throw new SieveSyntaxException(positional.get(i).line(), "argument " + (i + 1) + " of " + node.name()
                        + " must be " + (single[i] ? "a string" : "a string list"));
            }
            values.add(strings.values());
        }
        return values;
    }

    int positionalCount() {
        return positional.size();
    }

    /** Which of these mutually exclusive tags was given, if any (e.g. :is / :contains / :matches). */
    Optional<String> oneOf(String... choices) throws SieveSyntaxException {
        String found = null;
        for (String choice : choices) {
            if (tags.containsKey(choice)) {
                if (found != null) {
                    throw new SieveSyntaxException(tagLine(choice), "tags :" + found + " and :" + choice + " cannot be used together");
                }
                found = choice;
            }
        }
        return Optional.ofNullable(found);
    }
}

package dev.coffer.filter.sieve;

import dev.coffer.filter.sieve.SieveToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the command tree of RFC 5228 §8.2 from tokens; knows the grammar, not the commands. */
final class SieveParser {

    private final List<SieveToken> tokens;
    private final int maxDepth;
    private int position;

    private SieveParser(List<SieveToken> tokens, int maxDepth) {
        this.tokens = tokens;
        this.maxDepth = maxDepth;
    }

    static List<SieveNode> parse(String source, int maxDepth) throws SieveSyntaxException {
        SieveParser parser = new SieveParser(SieveLexer.tokens(source), maxDepth);
        List<SieveNode> commands = parser.commands(0);
        SieveToken end = parser.peek();
        if (end.kind() != Kind.END) {
            throw new SieveSyntaxException(end.line(), "unexpected " + end.describe());
        }
        return commands;
    }

    private List<SieveNode> commands(int depth) throws SieveSyntaxException {
        List<SieveNode> commands = new ArrayList<>();
        while (peek().kind() == Kind.IDENTIFIER) {
            commands.add(command(depth));
        }
        return commands;
    }

    /** command = identifier arguments (";" / block). */
    private SieveNode command(int depth) throws SieveSyntaxException {
        SieveToken name = take();
        List<SieveNode.Argument> arguments = arguments();
        List<SieveNode> tests = testsAfterArguments(depth);
        SieveToken end = take();
        if (end.kind() == Kind.SEMICOLON) {
            return new SieveNode(lower(name), arguments, tests, List.of(), false, name.line());
        }
        if (end.kind() == Kind.LEFT_BRACE) {
            if (depth + 1 > maxDepth) {
                throw new SieveSyntaxException(end.line(), "blocks are nested deeper than " + maxDepth + " levels");
            }
            List<SieveNode> block = commands(depth + 1);
            SieveToken close = take();
            if (close.kind() != Kind.RIGHT_BRACE) {
                throw new SieveSyntaxException(close.line(), "expected '}' or a command but found " + close.describe());
            }
            return new SieveNode(lower(name), arguments, tests, block, true, name.line());
        }
        throw new SieveSyntaxException(end.line(), "expected ';' or '{' after " + name.describe() + " but found " + end.describe());
    }

    /** test = identifier arguments. */
    private SieveNode test(int depth) throws SieveSyntaxException {
        SieveToken name = take();
        if (name.kind() != Kind.IDENTIFIER) {
            throw new SieveSyntaxException(name.line(), "expected a test but found " + name.describe());
        }
        if (depth > maxDepth) {
            throw new SieveSyntaxException(name.line(), "tests are nested deeper than " + maxDepth + " levels");
        }
        List<SieveNode.Argument> arguments = arguments();
        return new SieveNode(lower(name), arguments, testsAfterArguments(depth), List.of(), false, name.line());
    }

    /** arguments = *argument [ test / test-list ]. */
    private List<SieveNode> testsAfterArguments(int depth) throws SieveSyntaxException {
        SieveToken next = peek();
        if (next.kind() == Kind.IDENTIFIER) {
            return List.of(test(depth + 1));
        }
        if (next.kind() != Kind.LEFT_PAREN) {
            return List.of();
        }
        take();
        List<SieveNode> tests = new ArrayList<>();
        tests.add(test(depth + 1));
        while (peek().kind() == Kind.COMMA) {
            take();
            tests.add(test(depth + 1));
        }
        SieveToken close = take();
        if (close.kind() != Kind.RIGHT_PAREN) {
            throw new SieveSyntaxException(close.line(), "expected ',' or ')' in the test list but found " + close.describe());
        }
        return tests;
    }

    private List<SieveNode.Argument> arguments() throws SieveSyntaxException {
        List<SieveNode.Argument> arguments = new ArrayList<>();
        while (true) {
            SieveToken next = peek();
            switch (next.kind()) {
                case TAG -> {
                    take();
                    arguments.add(new SieveNode.Tag(next.text().toLowerCase(Locale.ROOT), next.line()));
                }
                case NUMBER -> {
                    take();
                    arguments.add(new SieveNode.Number(next.number(), next.line()));
                }
                case STRING -> {
                    take();
                    arguments.add(new SieveNode.Strings(List.of(next.text()), true, next.line()));
                }
                case LEFT_BRACKET -> arguments.add(stringList());
                default -> {
                    return arguments;
                }
            }
        }
    }

    /** string-list = "[" string *("," string) "]". */
    private SieveNode.Strings stringList() throws SieveSyntaxException {
        SieveToken open = take();
        List<String> values = new ArrayList<>();
        while (true) {
            SieveToken value = take();
            if (value.kind() != Kind.STRING) {
                throw new SieveSyntaxException(value.line(), "expected a string in the list but found " + value.describe());
            }
            values.add(value.text());
            SieveToken separator = take();
            if (separator.kind() == Kind.RIGHT_BRACKET) {
                return new SieveNode.Strings(List.copyOf(values), false, open.line());
            }
            if (separator.kind() != Kind.COMMA) {
                throw new SieveSyntaxException(separator.line(), "expected ',' or ']' in the string list but found " + separator.describe());
            }
        }
    }

    private SieveToken peek() {
        return tokens.get(position);
    }

    private SieveToken take() {
        SieveToken token = tokens.get(position);
        if (token.kind() != Kind.END) {
            position++;
        }
        return token;
    }

    private static String lower(SieveToken token) {
        return token.text().toLowerCase(Locale.ROOT);
    }
}

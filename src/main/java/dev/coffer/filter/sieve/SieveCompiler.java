package dev.coffer.filter.sieve;

import dev.coffer.filter.sieve.SieveArguments.Value;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the command tree into checked commands: known names, the extensions they need
 * declared with "require" (RFC 5228 §3.2), the arguments each accepts.
 */
final class SieveCompiler {

    private static final Map<String, Value> MATCH_TAGS = Map.of(
            "is", Value.NONE, "contains", Value.NONE, "matches", Value.NONE, "comparator", Value.STRING);

    private final Set<String> required = new HashSet<>();

    static SieveScript compile(List<SieveNode> nodes) throws SieveSyntaxException {
        SieveCompiler compiler = new SieveCompiler();
        int first = 0;
        // RFC 5228 §3.2: require may only appear before any other command
        while (first < nodes.size() && nodes.get(first).name().equals("require")) {
            compiler.require(nodes.get(first++));
        }
        return new SieveScript(compiler.commands(nodes.subList(first, nodes.size())));
    }

    private void require(SieveNode node) throws SieveSyntaxException {
        SieveArguments arguments = SieveArguments.read(node, Map.of());
        noBlockNoTests(node);
        for (String extension : arguments.positionalStrings(false).getFirst()) {
            if (!SieveExtensions.SUPPORTED.contains(extension)) {
                // RFC 5228 §3.2: an unknown extension makes the script fail
                throw new SieveSyntaxException(node.line(), "the extension \"" + extension + "\" is not supported; supported: "
                        + SieveExtensions.capability());
            }
            required.add(extension);
        }
    }

    private List<SieveCommand> commands(List<SieveNode> nodes) throws SieveSyntaxException {
        List<SieveCommand> commands = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SieveNode node = nodes.get(i);
            if (node.name().equals("if")) {
                List<SieveCommand.Branch> branches = new ArrayList<>();
                branches.add(branch(node));
                List<SieveCommand> otherwise = List.of();
                while (i + 1 < nodes.size()) {
                    SieveNode next = nodes.get(i + 1);
                    if (next.name().equals("elsif")) {
                        branches.add(branch(next));
                    } else if (next.name().equals("else")) {
                        SieveArguments.read(next, Map.of()).positionalStrings();
                        if (!next.tests().isEmpty()) {
                            throw new SieveSyntaxException(next.line(), "else takes no test");
                        }
                        otherwise = block(next);
                        i++;
                        break;
                    } else {
                        break;
                    }
                    i++;
                }
                commands.add(new SieveCommand.If(List.copyOf(branches), otherwise));
            } else {
                commands.add(command(node));
            }
        }
        return commands;
    }

    private SieveCommand.Branch branch(SieveNode node) throws SieveSyntaxException {
        SieveArguments.read(node, Map.of()).positionalStrings();
        if (node.tests().size() != 1) {
            throw new SieveSyntaxException(node.line(), node.name() + " needs exactly one test");
        }
        return new SieveCommand.Branch(test(node.tests().getFirst()), block(node));
    }

    private List<SieveCommand> block(SieveNode node) throws SieveSyntaxException {
        if (!node.hasBlock()) {
            throw new SieveSyntaxException(node.line(), node.name() + " needs a block in braces { }");
        }
        return commands(node.block());
    }

    private SieveCommand command(SieveNode node) throws SieveSyntaxException {
        if (!node.name().equals("if") && !node.name().equals("elsif") && !node.name().equals("else")) {
            noBlockNoTests(node);
        }
        return switch (node.name()) {
            case "stop" -> {
                SieveArguments.read(node, Map.of()).positionalStrings();
                yield new SieveCommand.Stop();
            }
            case "discard" -> {
                SieveArguments.read(node, Map.of()).positionalStrings();
                yield new SieveCommand.Discard();
            }
            case "keep" -> {
                SieveArguments arguments = SieveArguments.read(node, Map.of("flags", Value.STRINGS));
                arguments.positionalStrings();
                yield new SieveCommand.Keep(flags(arguments));
            }
            case "fileinto" -> {
                need("fileinto", node);
                SieveArguments arguments = SieveArguments.read(node,
                        Map.of("flags", Value.STRINGS, "copy", Value.NONE, "create", Value.NONE));
                String mailbox = MailboxNames.normalize(arguments.positionalStrings(true).getFirst().getFirst());
                try {
                    MailboxNames.validate(mailbox);
                } catch (MailboxException e) {
                    throw new SieveSyntaxException(node.line(), "fileinto \"" + mailbox + "\": " + e.getMessage());
                }
                yield new SieveCommand.FileInto(mailbox, flags(arguments), copy(arguments), create(arguments));
            }
            case "redirect" -> {
                SieveArguments arguments = SieveArguments.read(node, Map.of("copy", Value.NONE));
                String address = arguments.positionalStrings(true).getFirst().getFirst().strip();
                if (!looksLikeAddress(address)) {
                    // RFC 5228 §4.2: an invalid address is a syntax error
                    throw new SieveSyntaxException(node.line(), "redirect needs an address like user@example.org, not \"" + address + "\"");
                }
                yield new SieveCommand.Redirect(address, copy(arguments), node.line());
            }
            case "reject" -> {
                need("reject", node);
                SieveArguments arguments = SieveArguments.read(node, Map.of());
                yield new SieveCommand.Reject(arguments.positionalStrings(true).getFirst().getFirst());
            }
            case "vacation" -> vacation(node);
            case "setflag", "addflag", "removeflag" -> {
                need("imap4flags", node);
                SieveArguments arguments = SieveArguments.read(node, Map.of());
                if (arguments.positionalCount() == 2) {
                    throw new SieveSyntaxException(node.line(), node.name() + " with a variable name needs the variables extension, which is not supported");
                }
                SieveCommand.Flags.Operation operation = switch (node.name()) {
                    case "setflag" -> SieveCommand.Flags.Operation.SET;
                    case "addflag" -> SieveCommand.Flags.Operation.ADD;
                    default -> SieveCommand.Flags.Operation.REMOVE;
                };
                yield new SieveCommand.Flags(operation, arguments.positionalStrings(false).getFirst());
            }
            case "require" -> throw new SieveSyntaxException(node.line(), "require must come before every other command");
            case "elsif", "else" -> throw new SieveSyntaxException(node.line(), node.name() + " must follow if or elsif");
            default -> throw new SieveSyntaxException(node.line(), "unknown command '" + node.name() + "'");
        };
    }

    /** RFC 5230 §4. */
    private SieveCommand vacation(SieveNode node) throws SieveSyntaxException {
        need("vacation", node);
        SieveArguments arguments = SieveArguments.read(node, Map.of("days", Value.NUMBER, "subject", Value.STRING,
                "from", Value.STRING, "addresses", Value.STRINGS, "mime", Value.NONE, "handle", Value.STRING));
        String reason = arguments.positionalStrings(true).getFirst().getFirst();
        // RFC 5230 §4.1: the default is 7 days, and the minimum is 1
        long days = Math.max(1, Math.min(arguments.number("days").orElse(7L), 365));
        Optional<String> from = arguments.string("from");
        if (from.isPresent() && !from.get().contains("@")) {
            throw new SieveSyntaxException(arguments.tagLine("from"), "vacation :from needs an address, not \"" + from.get() + "\"");
        }
        return new SieveCommand.Vacation((int) days, arguments.string("subject"), from,
                arguments.strings("addresses").orElse(List.of()), arguments.has("mime"), arguments.string("handle"), reason);
    }

    private SieveTest test(SieveNode node) throws SieveSyntaxException {
        if (!node.name().equals("allof") && !node.name().equals("anyof") && !node.name().equals("not") && !node.tests().isEmpty()) {
            throw new SieveSyntaxException(node.line(), "test " + node.name() + " takes no nested tests");
        }
        return switch (node.name()) {
            case "true" -> {
                SieveArguments.read(node, Map.of()).positionalStrings();
                yield new SieveTest.True();
            }
            case "false" -> {
                SieveArguments.read(node, Map.of()).positionalStrings();
                yield new SieveTest.False();
            }
            case "allof", "anyof" -> {
                SieveArguments.read(node, Map.of()).positionalStrings();
                if (node.tests().isEmpty()) {
                    throw new SieveSyntaxException(node.line(), node.name() + " needs a list of tests in parentheses");
                }
                List<SieveTest> tests = new ArrayList<>();
                for (SieveNode test : node.tests()) {
                    tests.add(test(test));
                }
                yield node.name().equals("allof") ? new SieveTest.AllOf(List.copyOf(tests)) : new SieveTest.AnyOf(List.copyOf(tests));
            }
            case "not" -> {
                SieveArguments.read(node, Map.of()).positionalStrings();
                if (node.tests().size() != 1) {
                    throw new SieveSyntaxException(node.line(), "not needs exactly one test");
                }
                yield new SieveTest.Not(test(node.tests().getFirst()));
            }
            case "exists" -> new SieveTest.Exists(SieveArguments.read(node, Map.of()).positionalStrings(false).getFirst());
            case "size" -> {
                SieveArguments arguments = SieveArguments.read(node, Map.of("over", Value.NUMBER, "under", Value.NUMBER));
                Optional<String> which = arguments.oneOf("over", "under");
                if (which.isEmpty() || arguments.positionalCount() != 0) {
                    throw new SieveSyntaxException(node.line(), "size needs :over or :under with a number");
                }
                yield new SieveTest.Size(which.get().equals("over"), arguments.number(which.get()).orElseThrow());
            }
            case "header" -> {
                SieveArguments arguments = SieveArguments.read(node, MATCH_TAGS);
                List<List<String>> lists = arguments.positionalStrings(false, false);
                yield new SieveTest.Header(match(arguments), lists.get(0), lists.get(1));
            }
            case "address", "envelope" -> addressTest(node);
            case "hasflag" -> {
                need("imap4flags", node);
                SieveArguments arguments = SieveArguments.read(node, MATCH_TAGS);
                if (arguments.positionalCount() == 2) {
                    throw new SieveSyntaxException(node.line(), "hasflag with variable names needs the variables extension, which is not supported");
                }
                yield new SieveTest.HasFlag(match(arguments), arguments.positionalStrings(false).getFirst());
            }
            case "body" -> {
                need("body", node);
                SieveArguments arguments = SieveArguments.read(node, Map.of("is", Value.NONE, "contains", Value.NONE,
                        "matches", Value.NONE, "comparator", Value.STRING, "raw", Value.NONE, "text", Value.NONE,
                        "content", Value.STRINGS));
                Optional<String> transform = arguments.oneOf("raw", "text", "content");
                List<String> types = transform.isEmpty() || transform.get().equals("text") ? List.of("text")
                        : arguments.strings("content").orElse(List.of());
                yield new SieveTest.Body(match(arguments), transform.isPresent() && transform.get().equals("raw"), types,
                        arguments.positionalStrings(false).getFirst());
            }
            case "mailboxexists" -> {
                need("mailbox", node);
                yield new SieveTest.MailboxExists(SieveArguments.read(node, Map.of()).positionalStrings(false).getFirst());
            }
            default -> throw new SieveSyntaxException(node.line(), "unknown test '" + node.name() + "'");
        };
    }

    private SieveTest addressTest(SieveNode node) throws SieveSyntaxException {
        boolean envelope = node.name().equals("envelope");
        if (envelope) {
            need("envelope", node);
        }
        SieveArguments arguments = SieveArguments.read(node, Map.of("is", Value.NONE, "contains", Value.NONE,
                "matches", Value.NONE, "comparator", Value.STRING, "all", Value.NONE, "localpart", Value.NONE,
                "domain", Value.NONE, "user", Value.NONE, "detail", Value.NONE));
        Optional<String> part = arguments.oneOf("all", "localpart", "domain", "user", "detail");
        if (part.isPresent() && (part.get().equals("user") || part.get().equals("detail"))) {
            need("subaddress", node);
        }
        AddressPart addressPart = part.map(name -> AddressPart.valueOf(name.toUpperCase(Locale.ROOT))).orElse(AddressPart.ALL);
        List<List<String>> lists = arguments.positionalStrings(false, false);
        Match match = match(arguments);
        if (!envelope) {
            return new SieveTest.Address(match, addressPart, lists.get(0), lists.get(1));
        }
        for (String envelopePart : lists.get(0)) {
            if (!envelopePart.equalsIgnoreCase("from") && !envelopePart.equalsIgnoreCase("to")) {
                // RFC 5228 §5.4: "from" and "to" are the parts defined for SMTP
                throw new SieveSyntaxException(node.line(), "envelope knows the parts \"from\" and \"to\", not \"" + envelopePart + "\"");
            }
        }
        return new SieveTest.Envelope(match, addressPart, lists.get(0), lists.get(1));
    }

    private Match match(SieveArguments arguments) throws SieveSyntaxException {
        Match.Type type = arguments.oneOf("is", "contains", "matches")
                .map(name -> Match.Type.valueOf(name.toUpperCase(Locale.ROOT))).orElse(Match.Type.IS);
        Match.Comparator comparator = Match.Comparator.ASCII_CASEMAP;
        Optional<String> named = arguments.string("comparator");
        if (named.isPresent()) {
            comparator = switch (named.get().toLowerCase(Locale.ROOT)) {
                case "i;octet" -> Match.Comparator.OCTET;
                case "i;ascii-casemap" -> Match.Comparator.ASCII_CASEMAP;
                // RFC 5228 §2.7.3: an unknown comparator is an error
                default -> throw new SieveSyntaxException(arguments.tagLine("comparator"),
                        "the comparator \"" + named.get() + "\" is not supported; use i;ascii-casemap or i;octet");
            };
        }
        return new Match(type, comparator);
    }

    private Optional<List<String>> flags(SieveArguments arguments) throws SieveSyntaxException {
        if (arguments.has("flags")) {
            need("imap4flags", arguments.tagLine("flags"), ":flags");
        }
        return arguments.strings("flags");
    }

    private boolean copy(SieveArguments arguments) throws SieveSyntaxException {
        if (arguments.has("copy")) {
            need("copy", arguments.tagLine("copy"), ":copy");
        }
        return arguments.has("copy");
    }

    private boolean create(SieveArguments arguments) throws SieveSyntaxException {
        if (arguments.has("create")) {
            need("mailbox", arguments.tagLine("create"), ":create");
        }
        return arguments.has("create");
    }

    private void need(String extension, SieveNode node) throws SieveSyntaxException {
        need(extension, node.line(), node.name());
    }

    /** RFC 5228 §3.2: an extension's commands, tests and tags may only be used after "require". */
    private void need(String extension, int line, String what) throws SieveSyntaxException {
        if (!required.contains(extension)) {
            throw new SieveSyntaxException(line, what + " needs require \"" + extension + "\"");
        }
    }

    private static void noBlockNoTests(SieveNode node) throws SieveSyntaxException {
        if (node.hasBlock() || !node.tests().isEmpty()) {
            throw new SieveSyntaxException(node.line(), node.name() + " takes neither a test nor a block");
        }
    }

    private static boolean looksLikeAddress(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && at < address.length() - 1 && address.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',');
    }
}

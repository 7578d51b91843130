package dev.coffer.filter.sieve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Runs a checked script against one message for one recipient (RFC 5228 §2.10). */
final class SieveInterpreter {

    private final SieveContext context;
    /** RFC 5232 §3: the internal variable holding the current flags, lower-cased name to flag as written. */
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final List<SieveAction> actions = new ArrayList<>();
    private SieveCommand.Vacation vacation;
    private boolean implicitKeep = true;
    private boolean delivers;
    private boolean rejects;
    private int redirects;
    private boolean stopped;

    private SieveInterpreter(SieveContext context) {
        this.context = context;
    }

    static SieveOutcome run(SieveScript script, SieveContext context) throws SieveRuntimeException {
        SieveInterpreter interpreter = new SieveInterpreter(context);
        interpreter.execute(script.commands());
        return interpreter.outcome();
    }

    private SieveOutcome outcome() throws SieveRuntimeException {
        // RFC 5429 §2.1: reject is incompatible with actions that deliver, and with vacation
        if (rejects && (delivers || vacation != null)) {
            throw new SieveRuntimeException("reject cannot be combined with keep, fileinto, redirect or vacation");
        }
        // RFC 5228 §2.10.2: unless cancelled, the message is kept
        if (implicitKeep) {
            add(new SieveAction.Keep(currentFlags()));
        }
        if (actions.isEmpty()) {
            actions.add(new SieveAction.Discard());
        }
        return new SieveOutcome(List.copyOf(actions), Optional.ofNullable(vacation));
    }

    private void execute(List<SieveCommand> commands) throws SieveRuntimeException {
        for (SieveCommand command : commands) {
            if (stopped) {
                return;
            }
            execute(command);
        }
    }

    private void execute(SieveCommand command) throws SieveRuntimeException {
        switch (command) {
            case SieveCommand.If branching -> {
                for (SieveCommand.Branch branch : branching.branches()) {
                    if (test(branch.test())) {
                        execute(branch.body());
                        return;
                    }
                }
                execute(branching.otherwise());
            }
            case SieveCommand.Stop stop -> stopped = true;
            case SieveCommand.Keep keep -> {
                implicitKeep = false;
                delivers = true;
                add(new SieveAction.Keep(keep.flags().map(SieveInterpreter::flagSet).orElseGet(this::currentFlags)));
            }
            case SieveCommand.Discard discard -> implicitKeep = false;
            case SieveCommand.FileInto into -> {
                // RFC 3894 §3: with :copy the implicit keep stays
                implicitKeep &= into.copy();
                delivers = true;
                add(new SieveAction.FileInto(into.mailbox(),
                        into.flags().map(SieveInterpreter::flagSet).orElseGet(this::currentFlags), into.create()));
            }
            case SieveCommand.Redirect redirect -> {
                // RFC 5228 §4.2: a limit on redirects per message stops loops and amplification
                if (++redirects > context.maxRedirects()) {
                    throw new SieveRuntimeException("more than " + context.maxRedirects() + " redirects (line " + redirect.line() + ")");
                }
                implicitKeep &= redirect.copy();
                delivers = true;
                add(new SieveAction.Redirect(redirect.address()));
            }
            case SieveCommand.Reject reject -> {
                implicitKeep = false;
                rejects = true;
                add(new SieveAction.Reject(reject.reason()));
            }
            case SieveCommand.Vacation reply -> {
                // RFC 5230 §4.7 (with RFC 5228 §2.10.4): one vacation action per run
                if (vacation != null) {
                    throw new SieveRuntimeException("vacation may be used only once per message");
                }
                vacation = reply;
            }
            case SieveCommand.Flags change -> changeFlags(change);
        }
    }

    /** RFC 5228 §4.1, §2.10.3: the same action twice is done once. */
    private void add(SieveAction action) {
        for (SieveAction existing : actions) {
            boolean same = switch (action) {
                case SieveAction.FileInto into when existing instanceof SieveAction.FileInto other ->
                        other.mailbox().equals(into.mailbox());
                case SieveAction.Keep keep -> existing instanceof SieveAction.Keep;
                case SieveAction.Redirect redirect when existing instanceof SieveAction.Redirect other ->
                        other.address().equalsIgnoreCase(redirect.address());
                case SieveAction.Reject reject -> existing instanceof SieveAction.Reject;
                default -> false;
            };
            if (same) {
                return;
            }
        }
        actions.add(action);
    }

    private void changeFlags(SieveCommand.Flags change) {
        if (change.operation() == SieveCommand.Flags.Operation.SET) {
            flags.clear();
        }
        for (String flag : flagSet(change.flags())) {
            String key = flag.toLowerCase(Locale.ROOT);
            if (change.operation() == SieveCommand.Flags.Operation.REMOVE) {
                flags.remove(key);
            } else {
                flags.putIfAbsent(key, flag);
            }
        }
    }

    private Set<String> currentFlags() {
        return Set.copyOf(flags.values());
    }

    /**
     * RFC 5232 §3: each string may hold several flags separated by spaces; flags compare
     * without case. \Recent cannot be set (RFC 3501 §2.3.2).
     */
    static Set<String> flagSet(List<String> values) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String value : values) {
            for (String flag : value.strip().split("\\s+")) {
                if (!flag.isEmpty() && !flag.equalsIgnoreCase("\\Recent") && flag.chars().noneMatch(SieveInterpreter::atomSpecial)) {
                    set.putIfAbsent(flag.toLowerCase(Locale.ROOT), flag);
                }
            }
        }
        return new LinkedHashSet<>(set.values());
    }

    /** RFC 3501 §9 atom-specials other than the backslash a system flag starts with. */
    private static boolean atomSpecial(int c) {
        return c < 0x21 || c > 0x7e || "(){%*\"]".indexOf(c) >= 0;
    }

    private boolean test(SieveTest test) {
        return switch (test) {
            case SieveTest.True t -> true;
            case SieveTest.False f -> false;
            case SieveTest.Not not -> !test(not.test());
            case SieveTest.AllOf all -> all.tests().stream().allMatch(this::test);
            case SieveTest.AnyOf any -> any.tests().stream().anyMatch(this::test);
            case SieveTest.Exists exists -> exists.headers().stream().allMatch(context.message()::has);
            // RFC 5228 §5.9: a message exactly the limit's size is neither over nor under it
            case SieveTest.Size size -> size.over() ? context.message().size() > size.limit()
                    : context.message().size() < size.limit();
            case SieveTest.Header header -> anyMatches(header.match(),
                    header.headers().stream().flatMap(name -> context.message().decoded(name).stream()).toList(), header.keys());
            case SieveTest.Address address -> anyMatches(address.match(), parts(address.part(),
                    address.headers().stream().flatMap(name -> context.message().addresses(name).stream()).toList()), address.keys());
            case SieveTest.Envelope envelope -> anyMatches(envelope.match(), parts(envelope.part(),
                    envelope.parts().stream().map(this::envelopePart).toList()), envelope.keys());
            case SieveTest.HasFlag hasFlag -> anyMatches(hasFlag.match(), List.copyOf(flags.values()), hasFlag.keys());
            case SieveTest.Body body -> anyMatches(body.match(), body.raw() ? List.of(SieveBody.raw(context.rawMessage()))
                    : SieveBody.content(context.rawMessage(), body.contentTypes()), body.keys());
            case SieveTest.MailboxExists exists -> exists.mailboxes().stream().allMatch(context.mailboxExists());
        };
    }

    /** RFC 5228 §5.4: the envelope's "from" (empty for {@code <>}) and "to". */
    private String envelopePart(String part) {
        return part.equalsIgnoreCase("from") ? context.envelopeFrom() : context.envelopeTo();
    }

    private List<String> parts(AddressPart part, List<String> addresses) {
        List<String> values = new ArrayList<>();
        for (String address : addresses) {
            // RFC 5228 §5.4: the null reverse-path only has the empty string as every part
            if (address.isEmpty()) {
                if (part != AddressPart.DETAIL) {
                    values.add("");
                }
                continue;
            }
            part.of(address, context.separator()).ifPresent(values::add);
        }
        return values;
    }

    /** RFC 5228 §2.7.1: true when any value matches any key. */
    private static boolean anyMatches(Match match, List<String> values, List<String> keys) {
        for (String value : values) {
            for (String key : keys) {
                if (match.matches(value, key)) {
                    return true;
                }
            }
        }
        return false;
    }
}

package dev.coffer.filter.sieve;

import dev.coffer.store.Account;
import dev.coffer.store.VacationStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sieve evaluator of delivery: runs the recipient's active script on the message in
 * memory. No script, a script that no longer compiles, or a run-time error all give the
 * implicit keep (RFC 5228 §2.10.2, §2.10.6).
 */
public final class ScriptedSieve implements SieveEvaluator {

    private static final Logger log = LoggerFactory.getLogger(ScriptedSieve.class);

    private final SieveScripts scripts;
    private final VacationResponder vacations;
    private final String separator;
    private final BiPredicate<Account, String> mailboxExists;
    private final StandingVacation standing;
    private final Clock clock;

    /**
     * @param separator     the subaddress separator of the configuration (RFC 5233)
     * @param mailboxExists whether an account has a mailbox of a name (RFC 5490 mailboxexists)
     */
    public ScriptedSieve(SieveScripts scripts, VacationStore vacations, String separator,
                         BiPredicate<Account, String> mailboxExists, Clock clock) {
        this(scripts, vacations, StandingVacation.NONE, separator, mailboxExists, clock);
    }

    /**
     * @param standing the vacation reply that holds without a script (JMAP VacationResponse); a
     *                 script's own vacation action takes its place for that message
     */
    public ScriptedSieve(SieveScripts scripts, VacationStore vacations, StandingVacation standing, String separator,
                         BiPredicate<Account, String> mailboxExists, Clock clock) {
        this.scripts = scripts;
        this.vacations = new VacationResponder(vacations, clock);
        this.standing = standing;
        this.separator = separator;
        this.mailboxExists = mailboxExists;
        this.clock = clock;
    }

    @Override
    public List<SieveAction> evaluate(Account account, SieveInput input) {
        try {
            return run(account, input);
        } catch (RuntimeException e) {
            log.error("event=sieve-failed account={} error={}", account.id(), e.toString());
            return implicitKeep();
        }
    }

    private List<SieveAction> run(Account account, SieveInput input) {
        Optional<SieveScript> script;
        try {
            script = scripts.active(account);
        } catch (SieveSyntaxException e) {
            log.warn("event=sieve-script-invalid account={} error=\"{}\"", account.id(), e.getMessage());
            return implicitKeep();
        }
        if (script.isEmpty()) {
            return withStandingVacation(account, input, implicitKeep(), null);
        }
        SieveMessage message = SieveMessage.parse(input.message());
        SieveContext context = new SieveContext(message, input.message(), input.envelopeFrom(), input.envelopeTo(), separator,
                name -> mailboxExists.test(account, name), scripts.limits().maxRedirects());
        SieveOutcome outcome;
        try {
            outcome = SieveInterpreter.run(script.get(), context);
        } catch (SieveRuntimeException e) {
            log.info("event=sieve-runtime-error account={} error=\"{}\"", account.id(), e.getMessage());
            return implicitKeep();
        }
        log.debug("event=sieve-evaluated account={} actions={}", account.id(), outcome.actions().size());
        if (outcome.vacation().isEmpty()) {
            return withStandingVacation(account, input, outcome.actions(), message);
        }
        List<SieveAction> actions = new ArrayList<>(outcome.actions());
        vacations.respond(account, input, message, outcome.vacation().get(), separator).ifPresent(actions::add);
        return List.copyOf(actions);
    }

    /** The standing vacation reply, when one is in force, answered like a script's vacation action. */
    private List<SieveAction> withStandingVacation(Account account, SieveInput input, List<SieveAction> actions,
                                                   SieveMessage parsed) {
        Optional<StandingVacation.Notice> notice = standing.active(account, clock.instant());
        if (notice.isEmpty()) {
            return actions;
        }
        SieveMessage message = parsed != null ? parsed : SieveMessage.parse(input.message());
        List<SieveAction> withReply = new ArrayList<>(actions);
        vacations.respond(account, input, message, StandingVacationReply.command(notice.get()), separator)
                .ifPresent(withReply::add);
        return List.copyOf(withReply);
    }

    private static List<SieveAction> implicitKeep() {
        return List.of(new SieveAction.Keep(Set.of()));
    }
}

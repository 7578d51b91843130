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

    /**
     * @param separator     the subaddress separator of the configuration (RFC 5233)
     * @param mailboxExists whether an account has a mailbox of a name (RFC 5490 mailboxexists)
     */
    public ScriptedSieve(SieveScripts scripts, VacationStore vacations, String separator,
                         BiPredicate<Account, String> mailboxExists, Clock clock) {
        this.scripts = scripts;
        this.vacations = new VacationResponder(vacations, clock);
        this.separator = separator;
        this.mailboxExists = mailboxExists;
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
            return implicitKeep();
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
        List<SieveAction> actions = new ArrayList<>(outcome.actions());
        outcome.vacation().flatMap(vacation -> vacations.respond(account, input, message, vacation, separator))
                .ifPresent(actions::add);
        log.debug("event=sieve-evaluated account={} actions={}", account.id(), actions.size());
        return List.copyOf(actions);
    }

    private static List<SieveAction> implicitKeep() {
        return List.of(new SieveAction.Keep(Set.of()));
    }
}

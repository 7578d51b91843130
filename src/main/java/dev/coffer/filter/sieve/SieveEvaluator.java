package dev.coffer.filter.sieve;

import dev.coffer.store.Account;
import java.util.List;

/**
 * Runs a recipient's active Sieve script at delivery. Without a script, or when the script
 * fails at run time, the result is an implicit keep (RFC 5228 §2.10.2, §2.10.6).
 */
@FunctionalInterface
public interface SieveEvaluator {

    /** The actions to carry out; never empty (a plain keep at least, unless the script discards). */
    List<SieveAction> evaluate(Account account, SieveInput input);
}

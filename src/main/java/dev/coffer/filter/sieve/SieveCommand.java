package dev.coffer.filter.sieve;

import java.util.List;
import java.util.Optional;

/** A checked command of a script, ready to run (RFC 5228 §3, §4 and the extensions we support). */
sealed interface SieveCommand {

    /** if / elsif / else (RFC 5228 §3.1): the first branch whose test holds runs; {@code otherwise} may be empty. */
    record If(List<Branch> branches, List<SieveCommand> otherwise) implements SieveCommand {}

    record Branch(SieveTest test, List<SieveCommand> body) {}

    record Stop() implements SieveCommand {}

    /** RFC 5228 §4.3; {@code flags} empty means "the current internal flags" (RFC 5232 §5). */
    record Keep(Optional<List<String>> flags) implements SieveCommand {}

    record Discard() implements SieveCommand {}

    /** RFC 5228 §4.1 with :copy (RFC 3894), :create (RFC 5490) and :flags (RFC 5232). */
    record FileInto(String mailbox, Optional<List<String>> flags, boolean copy, boolean create) implements SieveCommand {}

    /** RFC 5228 §4.2 with :copy (RFC 3894). */
    record Redirect(String address, boolean copy, int line) implements SieveCommand {}

    /** RFC 5429 §2.2. */
    record Reject(String reason) implements SieveCommand {}

    /** RFC 5230 §4. */
    record Vacation(int days, Optional<String> subject, Optional<String> from, List<String> addresses,
                    boolean mime, Optional<String> handle, String reason) implements SieveCommand {}

    /** RFC 5232 §4: setflag, addflag, removeflag on the internal variable. */
    record Flags(Operation operation, List<String> flags) implements SieveCommand {
        enum Operation { SET, ADD, REMOVE }
    }
}

package dev.coffer.filter.sieve;

import java.util.List;
import java.util.Optional;

/** What a script decided: the delivery actions (never empty) and a vacation reply still to be checked. */
record SieveOutcome(List<SieveAction> actions, Optional<SieveCommand.Vacation> vacation) {}

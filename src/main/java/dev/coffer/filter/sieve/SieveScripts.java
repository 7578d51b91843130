package dev.coffer.filter.sieve;

import dev.coffer.filter.sieve.SieveScriptException.Reason;
import dev.coffer.store.Account;
import dev.coffer.store.SieveScriptRow;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Users' Sieve scripts: what ManageSieve and the CLI work with. Only scripts that compile
 * are stored (RFC 5804 §2.6), within the limits; at most one is active per account.
 */
public final class SieveScripts {

    private final Store store;
    private final SieveLimits limits;
    private final Clock clock;

    public SieveScripts(Store store, SieveLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    public SieveLimits limits() {
        return limits;
    }

    public List<SieveScriptInfo> list(Account account) {
        return store.sieveScripts().list(account.id()).stream()
                .map(row -> new SieveScriptInfo(row.name(), row.active())).toList();
    }

    public String get(Account account, String name) throws SieveScriptException {
        return store.sieveScripts().find(account.id(), name).map(SieveScriptRow::content)
                .orElseThrow(() -> nonexistent(name));
    }

    /** Checks a script without storing it (RFC 5804 §2.12 CHECKSCRIPT). */
    public void check(String content) throws SieveScriptException {
        checkSize(content.getBytes(StandardCharsets.UTF_8).length);
        try {
            SieveScript.compile(content, limits);
        } catch (SieveSyntaxException e) {
            throw new SieveScriptException(Reason.SYNTAX, e.getMessage());
        }
    }

    /** RFC 5804 §2.5 HAVESPACE: whether a script of this name and size would be accepted. */
    public void checkSpace(Account account, String name, long octets) throws SieveScriptException {
        checkName(name);
        checkSize(octets);
        if (store.sieveScripts().find(account.id(), name).isEmpty()
                && store.sieveScripts().list(account.id()).size() >= limits.maxScripts()) {
            throw tooMany();
        }
    }

    /** RFC 5804 §2.6 PUTSCRIPT: stores (or replaces) a script that compiles. */
    public void put(Account account, String name, String content) throws SieveScriptException {
        checkName(name);
        check(content);
        if (!store.sieveScripts().put(account.id(), name, content, limits.maxScripts(), clock.instant())) {
            throw tooMany();
        }
    }

    /** RFC 5804 §2.8 SETACTIVE; the empty name deactivates every script. */
    public void activate(Account account, String name) throws SieveScriptException {
        if (!store.sieveScripts().activate(account.id(), name)) {
            throw nonexistent(name);
        }
    }

    /** RFC 5804 §2.10 DELETESCRIPT: the active script cannot be deleted. */
    public void delete(Account account, String name) throws SieveScriptException {
        Optional<SieveScriptRow> row = store.sieveScripts().find(account.id(), name);
        if (row.isEmpty()) {
            throw nonexistent(name);
        }
        if (row.get().active()) {
            throw new SieveScriptException(Reason.ACTIVE, "Script \"" + name + "\" is active; deactivate it first");
        }
        store.sieveScripts().delete(account.id(), name);
    }

    /** RFC 5804 §2.11.1 RENAMESCRIPT. */
    public void rename(Account account, String from, String to) throws SieveScriptException {
        checkName(to);
        if (store.sieveScripts().find(account.id(), from).isEmpty()) {
            throw nonexistent(from);
        }
        if (!store.sieveScripts().rename(account.id(), from, to)) {
            throw new SieveScriptException(Reason.ALREADY_EXISTS, "A script named \"" + to + "\" already exists");
        }
    }

    /** The account's active script, compiled; empty when none is active. */
    public Optional<SieveScript> active(Account account) throws SieveSyntaxException {
        Optional<SieveScriptRow> row = store.sieveScripts().active(account.id());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SieveScript.compile(row.get().content(), limits));
    }

    /** RFC 5804 §1.6: script names are non-empty UTF-8 without control characters. */
    private void checkName(String name) throws SieveScriptException {
        if (name.isEmpty()) {
            throw new SieveScriptException(Reason.INVALID_NAME, "A script name must not be empty");
        }
        if (name.codePointCount(0, name.length()) > limits.maxScriptNameChars()) {
            throw new SieveScriptException(Reason.INVALID_NAME,
                    "A script name may have at most " + limits.maxScriptNameChars() + " characters");
        }
        boolean control = name.codePoints().anyMatch(c -> c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
        if (control) {
            throw new SieveScriptException(Reason.INVALID_NAME, "A script name must not contain control characters");
        }
    }

    private void checkSize(long octets) throws SieveScriptException {
        if (octets > limits.maxScriptOctets()) {
            throw new SieveScriptException(Reason.TOO_LARGE,
                    "Scripts may be at most " + limits.maxScriptOctets() + " octets; this one has " + octets);
        }
    }

    private SieveScriptException tooMany() {
        return new SieveScriptException(Reason.TOO_MANY,
                "An account may keep at most " + limits.maxScripts() + " scripts; delete one first");
    }

    private static SieveScriptException nonexistent(String name) {
        return new SieveScriptException(Reason.NONEXISTENT, "There is no script named \"" + name + "\"");
    }
}

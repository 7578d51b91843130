package dev.coffer.filter.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.filter.sieve.SieveScriptException.Reason;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storing scripts: only valid ones, within the limits, one active (RFC 5804 §2). */
class SieveScriptsTest {

    @TempDir
    Path directory;

    private Store store;
    private Account alice;
    private SieveScripts scripts;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(directory);
        alice = StoreFixture.account(store, "alice@example.org");
        scripts = new SieveScripts(store, new SieveLimits(100, 2, 5, 10, 20), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Reason reason(ThrowingRunnable action) {
        try {
            action.run();
        } catch (SieveScriptException e) {
            return e.reason();
        }
        throw new AssertionError("no error");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws SieveScriptException;
    }

    @Test
    void refusesScriptsThatDoNotCompileWithTheLine() {
        assertThatThrownBy(() -> scripts.put(alice, "bad", "keep;\nfrobnicate;"))
                .isInstanceOf(SieveScriptException.class).hasMessage("line 2: unknown command 'frobnicate'");
        assertThat(scripts.list(alice)).isEmpty();
    }

    @Test
    void refusesScriptsOverTheSizeLimit() {
        assertThat(reason(() -> scripts.put(alice, "big", "#" + "x".repeat(200)))).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void refusesMoreScriptsThanTheLimitButAllowsReplacing() throws Exception {
        scripts.put(alice, "a", "keep;");
        scripts.put(alice, "b", "keep;");
        assertThat(reason(() -> scripts.put(alice, "c", "keep;"))).isEqualTo(Reason.TOO_MANY);
        scripts.put(alice, "b", "discard;");
        assertThat(scripts.get(alice, "b")).isEqualTo("discard;");
    }

    @Test
    void onlyOneScriptIsActive() throws Exception {
        scripts.put(alice, "a", "keep;");
        scripts.put(alice, "b", "keep;");
        scripts.activate(alice, "a");
        scripts.activate(alice, "b");
        assertThat(scripts.list(alice)).containsExactly(new SieveScriptInfo("a", false), new SieveScriptInfo("b", true));
        scripts.activate(alice, "");
        assertThat(scripts.list(alice)).noneMatch(SieveScriptInfo::active);
    }

    @Test
    void theActiveScriptCannotBeDeleted() throws Exception {
        scripts.put(alice, "a", "keep;");
        scripts.activate(alice, "a");
        assertThat(reason(() -> scripts.delete(alice, "a"))).isEqualTo(Reason.ACTIVE);
    }

    @Test
    void missingScriptsAreNonexistent() {
        assertThat(reason(() -> scripts.get(alice, "x"))).isEqualTo(Reason.NONEXISTENT);
        assertThat(reason(() -> scripts.activate(alice, "x"))).isEqualTo(Reason.NONEXISTENT);
        assertThat(reason(() -> scripts.delete(alice, "x"))).isEqualTo(Reason.NONEXISTENT);
    }

    @Test
    void renameRefusesAnExistingName() throws Exception {
        scripts.put(alice, "a", "keep;");
        scripts.put(alice, "b", "keep;");
        assertThat(reason(() -> scripts.rename(alice, "a", "b"))).isEqualTo(Reason.ALREADY_EXISTS);
        scripts.activate(alice, "a");
        scripts.rename(alice, "a", "c");
        assertThat(scripts.list(alice)).contains(new SieveScriptInfo("c", true));
    }

    @Test
    void namesMustBeNonEmptyAndFreeOfControlCharacters() {
        assertThat(reason(() -> scripts.put(alice, "", "keep;"))).isEqualTo(Reason.INVALID_NAME);
        assertThat(reason(() -> scripts.put(alice, "a\u0007b", "keep;"))).isEqualTo(Reason.INVALID_NAME);
    }
}

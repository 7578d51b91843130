package dev.coffer.filter.sieve;

import static dev.coffer.filter.sieve.SieveRun.actions;
import static dev.coffer.filter.sieve.SieveRun.fileInto;
import static dev.coffer.filter.sieve.SieveRun.keep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour of scripts at delivery, rule by rule (RFC 5228 and the extensions). */
class SieveInterpreterTest {

    private static boolean holds(String test) throws Exception {
        String script = "require [\"envelope\", \"subaddress\", \"imap4flags\", \"mailbox\", \"fileinto\"];\n"
                + "if " + test + " { discard; }";
        return actions(script).equals(List.of(new SieveAction.Discard()));
    }

    @Test
    void emptyScriptKeepsImplicitly() throws Exception {
        assertThat(actions("")).containsExactly(keep());
    }

    @Test
    void discardCancelsTheImplicitKeep() throws Exception {
        assertThat(actions("discard;")).containsExactly(new SieveAction.Discard());
    }

    @Test
    void fileintoCancelsTheImplicitKeep() throws Exception {
        assertThat(actions("require \"fileinto\"; fileinto \"Work\";")).containsExactly(fileInto("Work"));
    }

    @Test
    void fileintoWithCopyKeepsTheImplicitKeep() throws Exception {
        assertThat(actions("require [\"fileinto\", \"copy\"]; fileinto :copy \"Work\";"))
                .containsExactly(fileInto("Work"), keep());
    }

    @Test
    void fileintoWithCreateAsksForTheMailbox() throws Exception {
        assertThat(actions("require [\"fileinto\", \"mailbox\"]; fileinto :create \"New\";"))
                .containsExactly(new SieveAction.FileInto("New", java.util.Set.of(), true));
    }

    @Test
    void fileintoInboxIsSpelledAsStored() throws Exception {
        assertThat(actions("require \"fileinto\"; fileinto \"inbox\";")).containsExactly(fileInto("INBOX"));
    }

    @Test
    void theSameFileintoTwiceFilesOnce() throws Exception {
        assertThat(actions("require \"fileinto\"; fileinto \"A\"; fileinto \"A\";")).containsExactly(fileInto("A"));
    }

    @Test
    void keepAndFileintoBothDeliver() throws Exception {
        assertThat(actions("require \"fileinto\"; keep; fileinto \"A\";")).containsExactly(keep(), fileInto("A"));
    }

    @Test
    void redirectCancelsTheImplicitKeep() throws Exception {
        assertThat(actions("redirect \"x@example.net\";")).containsExactly(new SieveAction.Redirect("x@example.net"));
    }

    @Test
    void redirectWithCopyKeepsToo() throws Exception {
        assertThat(actions("require \"copy\"; redirect :copy \"x@example.net\";"))
                .containsExactly(new SieveAction.Redirect("x@example.net"), keep());
    }

    @Test
    void tooManyRedirectsIsARuntimeError() {
        String script = "redirect \"a@x.org\"; redirect \"b@x.org\"; redirect \"c@x.org\"; redirect \"d@x.org\";"
                + " redirect \"e@x.org\"; redirect \"f@x.org\";";
        assertThatThrownBy(() -> actions(script)).isInstanceOf(SieveRuntimeException.class).hasMessageContaining("more than 5 redirects");
    }

    @Test
    void rejectRefusesWithTheReason() throws Exception {
        assertThat(actions("require \"reject\"; reject \"not wanted\";")).containsExactly(new SieveAction.Reject("not wanted"));
    }

    @Test
    void rejectWithFileintoIsARuntimeError() {
        assertThatThrownBy(() -> actions("require [\"reject\", \"fileinto\"]; fileinto \"A\"; reject \"no\";"))
                .isInstanceOf(SieveRuntimeException.class);
    }

    @Test
    void stopEndsTheScript() throws Exception {
        assertThat(actions("stop; discard;")).containsExactly(keep());
    }

    @Test
    void elsifRunsWhenTheIfFails() throws Exception {
        String script = "require \"fileinto\"; if false { fileinto \"A\"; } elsif true { fileinto \"B\"; } else { fileinto \"C\"; }";
        assertThat(actions(script)).containsExactly(fileInto("B"));
    }

    @Test
    void elseRunsWhenNothingMatched() throws Exception {
        String script = "require \"fileinto\"; if false { fileinto \"A\"; } elsif false { fileinto \"B\"; } else { fileinto \"C\"; }";
        assertThat(actions(script)).containsExactly(fileInto("C"));
    }

    @Test
    void headerIsMatchesTheWholeValueWithoutCase() throws Exception {
        assertThat(holds("header :is \"from\" \"BOB SENDER <bob@example.com>\"")).isTrue();
        assertThat(holds("header :is \"from\" \"bob\"")).isFalse();
    }

    @Test
    void headerValuesAreDecodedFromRfc2047() throws Exception {
        assertThat(holds("header :contains \"subject\" \"Grüße\"")).isTrue();
    }

    @Test
    void headerTestsEveryOccurrenceOfAField() throws Exception {
        assertThat(holds("header :is \"X-Spam\" \"no\"")).isTrue();
    }

    @Test
    void octetComparatorRespectsCase() throws Exception {
        assertThat(holds("header :contains :comparator \"i;octet\" \"subject\" \"PROJECT\"")).isFalse();
        assertThat(holds("header :contains :comparator \"i;octet\" \"subject\" \"project\"")).isTrue();
    }

    @Test
    void matchesUsesWildcards() throws Exception {
        assertThat(holds("header :matches \"subject\" \"*from the ?project]\"")).isTrue();
        assertThat(holds("header :matches \"subject\" \"from*\"")).isFalse();
    }

    @Test
    void matchesTreatsEscapedWildcardsLiterally() throws Exception {
        assertThat(holds("header :matches \"message-id\" \"<m1\\\\*\"")).isFalse();
        assertThat(holds("header :matches \"message-id\" \"<m1*\"")).isTrue();
    }

    @Test
    void containsTheEmptyStringHoldsWhenTheHeaderExists() throws Exception {
        assertThat(holds("header :contains \"x-spam\" \"\"")).isTrue();
        assertThat(holds("header :contains \"x-missing\" \"\"")).isFalse();
    }

    @Test
    void existsNeedsEveryHeader() throws Exception {
        assertThat(holds("exists [\"From\", \"To\"]")).isTrue();
        assertThat(holds("exists [\"From\", \"X-Missing\"]")).isFalse();
    }

    @Test
    void addressComparesEachAddressOfTheField() throws Exception {
        assertThat(holds("address :is \"to\" \"carol@example.net\"")).isTrue();
        assertThat(holds("address :domain :is \"to\" \"EXAMPLE.NET\"")).isTrue();
        assertThat(holds("address :localpart :is \"from\" \"bob\"")).isTrue();
    }

    @Test
    void addressIgnoresDisplayNames() throws Exception {
        assertThat(holds("address :contains \"from\" \"Sender\"")).isFalse();
    }

    @Test
    void subaddressSplitsUserAndDetail() throws Exception {
        assertThat(holds("address :user \"cc\" \"team\"")).isTrue();
        assertThat(holds("address :detail \"cc\" \"dev\"")).isTrue();
    }

    @Test
    void addressWithoutSeparatorHasNoDetail() throws Exception {
        assertThat(holds("address :detail :matches \"from\" \"*\"")).isFalse();
    }

    @Test
    void envelopeToSeesTheDetail() throws Exception {
        String script = "require [\"envelope\", \"subaddress\", \"fileinto\"]; if envelope :detail \"to\" \"lists\" { fileinto \"Lists\"; }";
        assertThat(actions(script, SieveRun.MESSAGE, "bob@example.com", "alice+lists@example.org"))
                .containsExactly(fileInto("Lists"));
        assertThat(actions(script, SieveRun.MESSAGE, "bob@example.com", "alice@example.org")).containsExactly(keep());
    }

    @Test
    void envelopeFromIsEmptyForTheNullSender() throws Exception {
        String script = "require \"envelope\"; if envelope :is \"from\" \"\" { discard; }";
        assertThat(actions(script, SieveRun.MESSAGE, "", "alice@example.org")).containsExactly(new SieveAction.Discard());
    }

    @Test
    void sizeComparesOverAndUnder() throws Exception {
        int size = SieveRun.MESSAGE.length();
        assertThat(holds("size :over " + (size - 1))).isTrue();
        assertThat(holds("size :over " + size)).isFalse();
        assertThat(holds("size :under " + size)).isFalse();
        assertThat(holds("size :under 1K")).isTrue();
    }

    @Test
    void allofAnyofAndNotCombineTests() throws Exception {
        assertThat(holds("allof (true, not false)")).isTrue();
        assertThat(holds("allof (true, false)")).isFalse();
        assertThat(holds("anyof (false, true)")).isTrue();
        assertThat(holds("not anyof (false, false)")).isTrue();
    }

    @Test
    void flagsSetOnTheInternalVariableGoWithTheImplicitKeep() throws Exception {
        assertThat(actions("require \"imap4flags\"; addflag \"\\\\Flagged $Work\"; addflag \"\\\\flagged\";"))
                .containsExactly(keep("\\Flagged", "$Work"));
    }

    @Test
    void removeflagAndSetflagChangeTheVariable() throws Exception {
        assertThat(actions("require \"imap4flags\"; setflag [\"a\", \"b\"]; removeflag \"A\";")).containsExactly(keep("b"));
    }

    @Test
    void flagsArgumentOverridesTheVariable() throws Exception {
        assertThat(actions("require [\"imap4flags\", \"fileinto\"]; addflag \"x\"; fileinto :flags \"\\\\Seen\" \"A\"; keep;"))
                .containsExactly(fileInto("A", "\\Seen"), keep("x"));
    }

    @Test
    void hasflagTestsTheVariable() throws Exception {
        assertThat(actions("require \"imap4flags\"; addflag \"Junk\"; if hasflag :is \"junk\" { discard; }"))
                .containsExactly(new SieveAction.Discard());
    }

    @Test
    void recentCannotBeSet() throws Exception {
        assertThat(actions("require \"imap4flags\"; addflag \"\\\\Recent\";")).containsExactly(keep());
    }

    @Test
    void mailboxexistsAsksTheAccount() throws Exception {
        assertThat(holds("mailboxexists \"Lists\"")).isTrue();
        assertThat(holds("mailboxexists [\"Lists\", \"Nope\"]")).isFalse();
    }

    @Test
    void vacationIsReturnedForCheckingAndDoesNotCancelTheKeep() throws Exception {
        SieveOutcome outcome = SieveRun.outcome("require \"vacation\"; vacation :days 3 \"Away\";", SieveRun.MESSAGE,
                "bob@example.com", "alice@example.org");
        assertThat(outcome.actions()).containsExactly(keep());
        assertThat(outcome.vacation()).hasValueSatisfying(vacation -> {
            assertThat(vacation.days()).isEqualTo(3);
            assertThat(vacation.reason()).isEqualTo("Away");
        });
    }

    @Test
    void vacationDaysBelowOneBecomeOne() throws Exception {
        SieveOutcome outcome = SieveRun.outcome("require \"vacation\"; vacation :days 0 \"Away\";", SieveRun.MESSAGE,
                "bob@example.com", "alice@example.org");
        assertThat(outcome.vacation().orElseThrow().days()).isEqualTo(1);
    }

    @Test
    void vacationDefaultsToSevenDays() throws Exception {
        SieveOutcome outcome = SieveRun.outcome("require \"vacation\"; vacation \"Away\";", SieveRun.MESSAGE,
                "bob@example.com", "alice@example.org");
        assertThat(outcome.vacation().orElseThrow().days()).isEqualTo(7);
    }

    @Test
    void rejectWithVacationIsARuntimeError() {
        assertThatThrownBy(() -> actions("require [\"reject\", \"vacation\"]; vacation \"Away\"; reject \"no\";"))
                .isInstanceOf(SieveRuntimeException.class);
    }

    private static final String MULTIPART = """
            From: bob@example.com
            To: alice@example.org
            Subject: report
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            The quarterly r=C3=A9sum=C3=A9 is attached.
            --b
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PHA+U2VjcmV0IHBsYW48L3A+
            --b--
            """.replace("\n", "\r\n");

    private static boolean bodyHolds(String test) throws Exception {
        String script = "require \"body\"; if " + test + " { discard; }";
        return actions(script, MULTIPART, "bob@example.com", "alice@example.org").equals(List.of(new SieveAction.Discard()));
    }

    @Test
    void bodyTextSearchesDecodedTextParts() throws Exception {
        assertThat(bodyHolds("body :contains \"résumé\"")).isTrue();
        assertThat(bodyHolds("body :text :contains \"Secret plan\"")).isTrue();
    }

    @Test
    void bodyContentLimitsTheTypesSearched() throws Exception {
        assertThat(bodyHolds("body :content \"text/html\" :contains \"Secret plan\"")).isTrue();
        assertThat(bodyHolds("body :content \"text/html\" :contains \"résumé\"")).isFalse();
    }

    @Test
    void bodyRawSearchesTheUndecodedBody() throws Exception {
        assertThat(bodyHolds("body :raw :contains \"r=C3=A9sum\"")).isTrue();
        assertThat(bodyHolds("body :raw :contains \"résumé\"")).isFalse();
    }
}

package dev.coffer.filter.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which scripts are refused at upload, and the line the error names (RFC 5228 §8, §3.2). */
class SieveCompilerTest {

    private static SieveSyntaxException refused(String script) {
        try {
            SieveScript.compile(script, SieveLimits.defaults());
        } catch (SieveSyntaxException e) {
            return e;
        }
        throw new AssertionError("the script was accepted: " + script);
    }

    @Test
    void acceptsTheRfc5228Example() {
        String script = """
                # RFC 5228 §9
                require ["fileinto"];
                if header :is "Sender" "owner-ietf-mta-filters@imc.org"
                        {
                        fileinto "filter";  # move to "filter" mailbox
                        }
                elsif address :DOMAIN :is ["From", "To"] "example.com"
                        {
                        keep;               # keep in "In" mailbox
                        }
                elsif anyof (NOT address :all :contains
                               ["To", "Cc", "Bcc"] "me@example.com",
                             header :matches "subject"
                               ["*make*money*fast*", "*university*dipl*mas*"])
                        {
                        fileinto "spam";   # move to "spam" mailbox
                        }
                else
                        {
                        fileinto "personal";
                        }
                """;
        assertThatCode(() -> SieveScript.compile(script, SieveLimits.defaults())).doesNotThrowAnyException();
    }

    @Test
    void acceptsMultiLineStringsAndBracketComments() {
        String script = "require \"vacation\";\n/* a\ncomment */\nvacation text:\nI am away.\n..dot\n.\n;";
        assertThatCode(() -> SieveScript.compile(script, SieveLimits.defaults())).doesNotThrowAnyException();
    }

    @Test
    void refusesAnExtensionThatWasNotRequired() {
        SieveSyntaxException e = refused("\n\nfileinto \"x\";");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("require \"fileinto\"");
    }

    @Test
    void refusesUnknownExtensions() {
        assertThat(refused("require \"variables\";").getMessage()).contains("not supported");
    }

    @Test
    void refusesRequireAfterOtherCommands() {
        assertThat(refused("keep;\nrequire \"fileinto\";").line()).isEqualTo(2);
    }

    @Test
    void refusesUnknownCommandsWithTheirLine() {
        SieveSyntaxException e = refused("keep;\nkeep;\nfrobnicate;");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo("line 3: unknown command 'frobnicate'");
    }

    @Test
    void refusesAMissingSemicolon() {
        assertThat(refused("keep;\ndiscard }").line()).isEqualTo(2);
    }

    @Test
    void refusesAnUnclosedString() {
        assertThat(refused("keep;\nif header :is \"a\" \"b { keep; }").line()).isEqualTo(2);
    }

    @Test
    void refusesAnUnclosedBlock() {
        assertThat(refused("if true {\n keep;\n").getMessage()).contains("expected '}'");
    }

    @Test
    void refusesIfWithoutABlock() {
        assertThat(refused("if true;").getMessage()).contains("needs a block");
    }

    @Test
    void refusesElseWithoutIf() {
        assertThat(refused("else { keep; }").getMessage()).contains("must follow if");
    }

    @Test
    void refusesUnknownTags() {
        assertThat(refused("if header :regex \"a\" \"b\" { keep; }").getMessage()).contains(":regex");
    }

    @Test
    void refusesUnknownComparators() {
        assertThat(refused("if header :comparator \"i;unicode-casemap\" \"a\" \"b\" { keep; }").getMessage())
                .contains("i;unicode-casemap");
    }

    @Test
    void refusesTwoMatchTypes() {
        assertThat(refused("if header :is :contains \"a\" \"b\" { keep; }").getMessage()).contains("cannot be used together");
    }

    @Test
    void refusesEnvelopePartsOtherThanFromAndTo() {
        assertThat(refused("require \"envelope\"; if envelope \"auth\" \"x\" { keep; }").getMessage()).contains("\"auth\"");
    }

    @Test
    void refusesDetailWithoutSubaddress() {
        assertThat(refused("require \"envelope\"; if envelope :detail \"to\" \"x\" { keep; }").getMessage())
                .contains("subaddress");
    }

    @Test
    void refusesRedirectToSomethingThatIsNotAnAddress() {
        assertThat(refused("redirect \"not an address\";").getMessage()).contains("redirect needs an address");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String script = "if true { ".repeat(20) + "keep;" + " }".repeat(20);
        assertThat(refused(script).getMessage()).contains("nested deeper");
    }

    @Test
    void refusesWrongArgumentCounts() {
        assertThat(refused("if header \"a\" { keep; }").getMessage()).contains("takes 2 arguments");
    }

    @Test
    void refusesMailboxNamesThatCannotExist() {
        assertThat(refused("require \"fileinto\";\nfileinto \"a//b\";").getMessage()).startsWith("line 2: fileinto \"a//b\"");
    }

    @Test
    void identifiersAreCaseInsensitive() {
        assertThatCode(() -> SieveScript.compile("REQUIRE \"fileinto\"; IF TRUE { FileInto \"x\"; }", SieveLimits.defaults()))
                .doesNotThrowAnyException();
    }

    @Test
    void sizeNeedsOverOrUnder() {
        assertThatThrownBy(() -> SieveScript.compile("if size 100 { keep; }", SieveLimits.defaults()))
                .isInstanceOf(SieveSyntaxException.class);
    }
}

package dev.coffer.filter.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any text at all either compiles or is refused with a {@link SieveSyntaxException} that
 * names a line; nothing else escapes (a user's upload can never crash the server).
 */
class SieveScriptRobustnessTest {

    private static final String SEED = """
            require ["fileinto", "reject", "envelope", "vacation", "subaddress", "imap4flags", "copy", "mailbox", "body"];
            if allof (header :contains ["subject", "x"] "a\\"b", not exists "x", size :over 1K) {
                fileinto :copy :create :flags ["\\\\Seen", "x"] "A/B";
            } elsif anyof (envelope :detail :matches "to" "l*?", body :raw :contains "z", hasflag "y") {
                vacation :days 3 :subject "s" :handle "h" text:
            away
            ..
            .
            ;
            } else { redirect "a@b.c"; reject "no"; stop; }
            /* done */ # end
            """;

    private static final String ALPHABET = "[](){},;:\"\\#/*. \n\tabcifelsrqu0123456789KMtx";

    @Test
    void mutatedScriptsCompileOrFailWithALine() {
        Random random = new Random(5228);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder script = new StringBuilder(SEED);
            int edits = 1 + random.nextInt(4);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(script.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> script.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    case 1 -> script.delete(at, Math.min(script.length(), at + 1 + random.nextInt(8)));
                    default -> script.replace(at, Math.min(script.length(), at + 1),
                            String.valueOf(ALPHABET.charAt(random.nextInt(ALPHABET.length()))));
                }
            }
            try {
                SieveScript.compile(script.toString(), SieveLimits.defaults());
            } catch (SieveSyntaxException e) {
                assertThat(e.line()).isBetween(1, (int) script.chars().filter(c -> c == '\n').count() + 1);
            }
        }
    }

    @Test
    void deeplyNestedTestsAreRefusedNotOverflowed() {
        String script = "if " + "not ".repeat(100_000) + "true { keep; }";
        try {
            SieveScript.compile(script, SieveLimits.defaults());
            throw new AssertionError("accepted");
        } catch (SieveSyntaxException e) {
            assertThat(e.getMessage()).contains("nested deeper");
        }
    }

    @Test
    void deeplyNestedTestListsAreRefusedNotOverflowed() {
        String script = "if " + "anyof(".repeat(100_000) + "true" + ")".repeat(100_000) + " { keep; }";
        try {
            SieveScript.compile(script, SieveLimits.defaults());
            throw new AssertionError("accepted");
        } catch (SieveSyntaxException e) {
            assertThat(e.getMessage()).contains("nested deeper");
        }
    }
}

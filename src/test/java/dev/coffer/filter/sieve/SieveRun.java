package dev.coffer.filter.sieve;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Runs a script on a message for tests: the envelope and mailboxes are fixed unless given. */
final class SieveRun {

    static final String MESSAGE = """
            From: Bob Sender <bob@example.com>
            To: Alice <alice@example.org>, carol@example.net
            Cc: "Team" <team+dev@example.org>
            Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from the [project]
            Message-ID: <m1@example.com>
            X-Spam: yes
            X-Spam: no

            Hello Alice.
            """.replace("\n", "\r\n");

    private SieveRun() {}

    static List<SieveAction> actions(String script) throws Exception {
        return outcome(script, MESSAGE, "bob@example.com", "alice@example.org").actions();
    }

    static List<SieveAction> actions(String script, String message, String from, String to) throws Exception {
        return outcome(script, message, from, to).actions();
    }

    static SieveOutcome outcome(String script, String message, String from, String to) throws Exception {
        SieveScript compiled = SieveScript.compile(script, SieveLimits.defaults());
        SieveContext context = new SieveContext(SieveMessage.parse(message.getBytes(StandardCharsets.UTF_8)),
                message.getBytes(StandardCharsets.UTF_8), from, to, "+",
                name -> Set.of("INBOX", "Lists").contains(name), SieveLimits.defaults().maxRedirects());
        return SieveInterpreter.run(compiled, context);
    }

    static SieveAction keep(String... flags) {
        return new SieveAction.Keep(Set.of(flags));
    }

    static SieveAction fileInto(String mailbox, String... flags) {
        return new SieveAction.FileInto(mailbox, Set.of(flags), false);
    }
}

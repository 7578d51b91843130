package dev.coffer.jmap.mail;

import dev.coffer.jmap.JmapDataType;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.store.Account;
import java.util.List;
import java.util.function.Function;

/** The mail data types whose states push reports (RFC 8621 §1.5): Mailbox, Email, Thread, EmailDelivery. */
final class MailDataTypes {

    private MailDataTypes() {}

    static List<JmapDataType> of(MailboxService mailboxes) {
        return List.of(
                type("Mailbox", mailboxes, MailState::mailboxState),
                type("Email", mailboxes, MailState::emailState),
                type("Thread", mailboxes, MailState::emailState),
                type("EmailDelivery", mailboxes, MailState::deliveryState));
    }

    private static JmapDataType type(String name, MailboxService mailboxes, Function<MailState, String> state) {
        return new JmapDataType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String state(Account account) {
                return state.apply(MailState.current(mailboxes, account.id()));
            }
        };
    }
}

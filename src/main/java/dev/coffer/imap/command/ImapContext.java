package dev.coffer.imap.command;

import dev.coffer.imap.EnvelopeCache;
import dev.coffer.imap.ImapWriter;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.store.Account;
import java.io.IOException;
import java.util.List;

/**
 * What a command handler may use of its IMAP session: the writer, the account and its
 * mailboxes, the selected mailbox's view and the extensions the client enabled. The session
 * keeps the connection and the state machine; handlers ask it to change state.
 */
public interface ImapContext {

    ImapWriter out();

    MailboxService mailboxes();

    /** The ENVELOPEs this listener's sessions have written, by blob. */
    EnvelopeCache envelopes();

    /** The logged-in account; only in the authenticated and selected states. */
    Account account();

    /** The selected mailbox's view, or null when none is selected. */
    SelectedMailbox selected();

    EnabledExtensions extensions();

    /** A mailbox name as the client sent it, as the service stores it. */
    String name(String wire);

    /** A stored mailbox name as a response token. */
    String wire(String name);

    /** RFC 5182: the UIDs the last {@code SEARCH RETURN (SAVE)} kept, which {@code $} names. */
    List<Long> savedUids();

    void saveUids(List<Long> uids);

    /** {@code tag OK text}. */
    void ok(String tag, String text) throws IOException;

    /** {@code tag BAD text}, counted towards the session's limit of invalid commands. */
    void bad(String tag, String text) throws IOException;

    /** Tells the client what changed in the selected mailbox (RFC 9051 §7.5.1: expunges only where allowed). */
    void announce(boolean expungesAllowed) throws IOException;

    /** Removes these UIDs from the selected view and tells the client: EXPUNGE or VANISHED. */
    void expunged(List<Long> uids) throws IOException;

    // ------------------------------------------------------------ state changes

    /** Starts listening for changes to a mailbox about to be selected; earlier events are dropped. */
    MailboxService.Subscription listen(long mailboxId);

    /** Enters the selected state with this view. */
    void select(SelectedMailbox view);

    /** Leaves the selected state; {@code announceClosed} tells the client with {@code OK [CLOSED]}. */
    void deselect(boolean announceClosed) throws IOException;

    // ---------------------------------------------------------- authentication

    /** Whether the connection is encrypted (RFC 9051 §6.2.3: no LOGIN or AUTHENTICATE before). */
    boolean tlsActive();

    /**
     * Asks for a SASL response with an empty continuation and reads the client's line; null
     * when the client closed the connection or sent too long a line (already answered).
     */
    String readSaslResponse(String tag) throws IOException;

    /** Checks the credentials and, when they are good, enters the authenticated state; answers either way. */
    void logIn(String tag, String username, String secret) throws IOException;
}

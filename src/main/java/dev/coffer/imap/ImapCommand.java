package dev.coffer.imap;

import dev.coffer.mailbox.FlagOperation;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** One IMAP command as the parser read it (RFC 9051 §6 and the extensions the server speaks). */
public sealed interface ImapCommand {

    /** The command name for logs, e.g. {@code UID FETCH}. */
    default String verb() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    record Capability() implements ImapCommand {}

    record Noop() implements ImapCommand {}

    record Logout() implements ImapCommand {}

    record StartTls() implements ImapCommand {}

    /** RFC 3501 §6.4.1 (IMAP4rev1 only); behaves like NOOP. */
    record Check() implements ImapCommand {}

    record Close() implements ImapCommand {}

    /** RFC 3691. */
    record Unselect() implements ImapCommand {}

    /** EXPUNGE, or UID EXPUNGE (RFC 4315) with {@code uids}. */
    record Expunge(Optional<SequenceSet> uids) implements ImapCommand {}

    /** RFC 2177. */
    record Idle() implements ImapCommand {}

    /** RFC 2342. */
    record Namespace() implements ImapCommand {}

    /** RFC 4978. */
    record Compress(String mechanism) implements ImapCommand {}

    record Login(String username, String password) implements ImapCommand {}

    /** {@code initialResponse} is the RFC 4959 SASL-IR, null without one, empty for {@code =}. */
    record Authenticate(String mechanism, String initialResponse) implements ImapCommand {}

    /** RFC 5161. */
    record Enable(List<String> capabilities) implements ImapCommand {}

    /** RFC 7162 §3.2.5 QRESYNC select parameter. */
    record Qresync(long uidValidity, long modseq, Optional<SequenceSet> knownUids) {}

    record Select(String mailbox, boolean readOnly, boolean condstore, Optional<Qresync> qresync)
            implements ImapCommand {
        @Override
        public String verb() {
            return readOnly ? "EXAMINE" : "SELECT";
        }
    }

    /** With RFC 6154 CREATE-SPECIAL-USE {@code USE (...)}. */
    record Create(String mailbox, List<String> specialUse) implements ImapCommand {}

    record Delete(String mailbox) implements ImapCommand {}

    record Rename(String from, String to) implements ImapCommand {}

    record Subscribe(String mailbox, boolean subscribe) implements ImapCommand {
        @Override
        public String verb() {
            return subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
        }
    }

    /**
     * LIST with RFC 5258 LIST-EXTENDED options, or LSUB.
     *
     * @param selection    selection options, upper case: SUBSCRIBED, SPECIAL-USE, RECURSIVEMATCH, REMOTE
     * @param returns      return options, upper case: SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS
     * @param statusItems  RFC 5819 LIST-STATUS items, upper case
     */
    record ListMailboxes(String reference, List<String> patterns, Set<String> selection, Set<String> returns,
                         List<String> statusItems, boolean lsub, boolean extended) implements ImapCommand {
        @Override
        public String verb() {
            return lsub ? "LSUB" : "LIST";
        }
    }

    record Status(String mailbox, List<String> items) implements ImapCommand {}

    record Append(String mailbox, List<String> flags, Optional<ZonedDateTime> internalDate, byte[] message)
            implements ImapCommand {}

    record Fetch(boolean uid, SequenceSet set, List<FetchItem> items, OptionalLong changedSince, boolean vanished)
            implements ImapCommand {
        @Override
        public String verb() {
            return uid ? "UID FETCH" : "FETCH";
        }
    }

    record Store(boolean uid, SequenceSet set, OptionalLong unchangedSince, FlagOperation operation, boolean silent,
                 List<String> flags) implements ImapCommand {
        @Override
        public String verb() {
            return uid ? "UID STORE" : "STORE";
        }
    }

    /** COPY, or MOVE (RFC 6851). */
    record Copy(boolean uid, SequenceSet set, String mailbox, boolean move) implements ImapCommand {
        @Override
        public String verb() {
            return (uid ? "UID " : "") + (move ? "MOVE" : "COPY");
        }
    }

    /**
     * SEARCH; {@code returnOptions} is null without RFC 4731 {@code RETURN}, upper case otherwise
     * (an empty RETURN () means ALL).
     */
    record Search(boolean uid, Set<String> returnOptions, String charset, SearchKey key) implements ImapCommand {
        @Override
        public String verb() {
            return uid ? "UID SEARCH" : "SEARCH";
        }
    }

    /** RFC 2971; null parameters for NIL. */
    record Id(Map<String, String> parameters) implements ImapCommand {}

    /** RFC 9208. */
    record GetQuota(String root) implements ImapCommand {}

    record GetQuotaRoot(String mailbox) implements ImapCommand {}

    record SetQuota() implements ImapCommand {}
}

package dev.coffer.imap;

import java.time.LocalDate;
import java.util.List;

/** RFC 9051 §6.4.4 search criteria. */
public sealed interface SearchKey {

    record All() implements SearchKey {}

    /** A system flag or keyword, set ({@code SEEN}, {@code KEYWORD x}) or not ({@code UNSEEN}, {@code UNKEYWORD x}). */
    record Flag(String flag, boolean set) implements SearchKey {}

    /** NEW: RFC 9051 keeps no \Recent, so NEW is UNSEEN and RECENT matches nothing. */
    record Recent(boolean recent) implements SearchKey {}

    record Size(boolean larger, long octets) implements SearchKey {}

    /** BEFORE/ON/SINCE (internal date) or SENTBEFORE/SENTON/SENTSINCE (Date header). */
    record Date(boolean sent, Comparison comparison, LocalDate date) implements SearchKey {}

    enum Comparison { BEFORE, ON, SINCE }

    /** FROM, TO, CC, BCC, or HEADER name value: a case-insensitive substring of the outer header. */
    record Header(String field, String value) implements SearchKey {}

    /** SUBJECT, BODY, TEXT: inside the encryption, so nothing matches. */
    record Encrypted(String key) implements SearchKey {}

    record Uid(SequenceSet set) implements SearchKey {}

    record Sequence(SequenceSet set) implements SearchKey {}

    record ModSeq(long modseq) implements SearchKey {}

    record Not(SearchKey key) implements SearchKey {}

    record Or(SearchKey left, SearchKey right) implements SearchKey {}

    record And(List<SearchKey> keys) implements SearchKey {}
}

package dev.coffer.filter;

import dev.coffer.mail.PlainAddressList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/** Points for header fields that honest mail software gets right and bulk senders often do not. */
final class HeaderRules {

    // Weights in the range SpamAssassin gives its rules of the same name; its threshold is 5.0, ours 6.0 by default
    static final double MISSING_DATE = 1.4;
    static final double INVALID_DATE = 1.5;
    static final double DATE_IN_FUTURE = 2.0;
    static final double DATE_IN_PAST = 1.0;
    static final double MISSING_MESSAGE_ID = 0.5;
    static final double MISSING_FROM = 2.0;
    static final double MALFORMED_FROM = 2.0;
    static final double MANY_RECIPIENTS_IN_TO = 1.5;
    static final double SUBJECT_ALL_CAPS = 1.5;
    static final double EMPTY_SUBJECT = 1.0;

    /** Mail may wait in queues for days (RFC 5321 §4.5.4.1 suggests giving up after 4-5). */
    static final Duration MAX_AGE = Duration.ofHours(96);
    static final Duration MAX_CLOCK_SKEW = Duration.ofHours(12);
    static final int MANY_RECIPIENTS = 20;
    private static final int MIN_CAPS_LETTERS = 8;
    private static final Pattern COMMENT = Pattern.compile("\\([^)]*\\)");

    private HeaderRules() {}

    static List<RuleHit> score(MessageFacts facts, Clock clock) {
        List<RuleHit> hits = new ArrayList<>();
        date(facts.header("date"), clock.instant(), hits);
        if (facts.header("message-id").filter(id -> !id.isBlank()).isEmpty()) {
            hits.add(new RuleHit("MISSING_MESSAGE_ID", MISSING_MESSAGE_ID));
        }
        Optional<String> from = facts.header("from");
        if (from.isEmpty() || from.get().isBlank()) {
            hits.add(new RuleHit("MISSING_FROM", MISSING_FROM));
        } else if (mailboxCount(from.get()) == 0) {
            hits.add(new RuleHit("MALFORMED_FROM", MALFORMED_FROM));
        }
        if (facts.header("to").map(HeaderRules::mailboxCount).orElse(0) >= MANY_RECIPIENTS) {
            hits.add(new RuleHit("MANY_RECIPIENTS_IN_TO", MANY_RECIPIENTS_IN_TO));
        }
        String subject = facts.header("subject").map(HeaderRules::decoded).orElse("").strip();
        if (subject.isEmpty()) {
            hits.add(new RuleHit("EMPTY_SUBJECT", EMPTY_SUBJECT));
        } else if (allCaps(subject)) {
            hits.add(new RuleHit("SUBJECT_ALL_CAPS", SUBJECT_ALL_CAPS));
        }
        return hits;
    }

    /** RFC 5322 §3.6.1: the origination date is required. */
    private static void date(Optional<String> field, Instant now, List<RuleHit> hits) {
        if (field.isEmpty() || field.get().isBlank()) {
            hits.add(new RuleHit("MISSING_DATE", MISSING_DATE));
            return;
        }
        Optional<Instant> date = parseDate(field.get());
        if (date.isEmpty()) {
            hits.add(new RuleHit("INVALID_DATE", INVALID_DATE));
        } else if (date.get().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            hits.add(new RuleHit("DATE_IN_FUTURE", DATE_IN_FUTURE));
        } else if (date.get().isBefore(now.minus(MAX_AGE))) {
            hits.add(new RuleHit("DATE_IN_PAST", DATE_IN_PAST));
        }
    }

    /** RFC 5322 §3.3 date-time, without comments (CFWS) such as a trailing "(UTC)". */
    static Optional<Instant> parseDate(String value) {
        String uncommented = value.indexOf('(') < 0 ? value : COMMENT.matcher(value).replaceAll(" ");
        String cleaned = singleSpaced(uncommented).strip();
        Optional<Instant> plain = PlainDate.instant(cleaned);
        if (plain.isPresent()) {
            return plain;
        }
        try {
            return Optional.of(OffsetDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Each run of regex white space ({@code \s}: space, tab, CR, LF, VT, FF) as one space. */
    private static String singleSpaced(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean inSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
            if (!space) {
                out.append(c);
            } else if (!inSpace) {
                out.append(' ');
            }
            inSpace = space;
        }
        return out.toString();
    }

    /** How many mailboxes with a local part and a domain an RFC 5322 §3.4 address list has; 0 if unparsable. */
    static int mailboxCount(String value) {
        OptionalInt plain = PlainAddressList.mailboxCount(value);
        return plain.isPresent() ? plain.getAsInt() : mailboxes(value).size();
    }

    private static List<Mailbox> mailboxes(String value) {
        try {
            MailboxList list = DefaultAddressParser.DEFAULT.parseAddressList(value, DecodeMonitor.SILENT).flatten();
            return list.stream().filter(box -> !box.getLocalPart().isEmpty() && box.getDomain() != null
                    && !box.getDomain().isEmpty()).toList();
        } catch (ParseException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String decoded(String raw) {
        try {
            return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private static boolean allCaps(String subject) {
        long letters = subject.codePoints().filter(Character::isLetter).count();
        return letters >= MIN_CAPS_LETTERS && subject.codePoints().noneMatch(Character::isLowerCase);
    }
}

package dev.coffer.imap.command;

import dev.coffer.imap.SearchKey;
import dev.coffer.mailbox.MessageInfo;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a message matches SEARCH criteria (RFC 9051 §6.4.4) using only what the
 * server may see: flags, dates, sizes and the outer header fields. Keys that look inside
 * the encrypted part (SUBJECT, BODY, TEXT) match nothing (DESIGN §2 "Reading").
 */
final class SearchEvaluator {

    private static final Pattern DATE = Pattern.compile(
            "(\\d{1,2})\\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\s+(\\d{2,4})",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private final int size;
    private final long largestUid;
    private final List<Long> savedUids;

    SearchEvaluator(int size, long largestUid, List<Long> savedUids) {
        this.size = size;
        this.largestUid = largestUid;
        this.savedUids = savedUids;
    }

    boolean matches(SearchKey key, MessageInfo message, int sequence) {
        return switch (key) {
            case SearchKey.All all -> true;
            case SearchKey.Flag flag -> hasFlag(message, flag.flag()) == flag.set();
            case SearchKey.Recent recent -> !recent.recent();
            case SearchKey.Size size -> size.larger() ? message.size() > size.octets() : message.size() < size.octets();
            case SearchKey.Date date -> {
                LocalDate day = date.sent() ? sentDate(message) : LocalDate.ofInstant(message.internalDate(), ZoneOffset.UTC);
                if (day == null) {
                    yield false;
                }
                yield switch (date.comparison()) {
                    case BEFORE -> day.isBefore(date.date());
                    case ON -> day.isEqual(date.date());
                    case SINCE -> !day.isBefore(date.date());
                };
            }
            case SearchKey.Header header -> {
                String value = header(message, header.field());
                yield value != null && value.toLowerCase(Locale.ROOT).contains(header.value().toLowerCase(Locale.ROOT));
            }
            case SearchKey.Encrypted encrypted -> false;
            case SearchKey.Uid uid -> uid.set().saved()
                    ? savedUids.contains(message.uid())
                    : uid.set().contains(message.uid(), largestUid);
            case SearchKey.Sequence sequenceKey -> sequenceKey.set().saved()
                    ? savedUids.contains(message.uid())
                    : sequenceKey.set().contains(sequence, size);
            case SearchKey.ModSeq modseq -> message.modseq() >= modseq.modseq();
            case SearchKey.Not not -> !matches(not.key(), message, sequence);
            case SearchKey.Or or -> matches(or.left(), message, sequence) || matches(or.right(), message, sequence);
            case SearchKey.And and -> {
                for (SearchKey part : and.keys()) {
                    if (!matches(part, message, sequence)) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /** Whether the criteria use MODSEQ (RFC 7162 §3.1.5: the response then carries the highest MODSEQ). */
    static boolean usesModseq(SearchKey key) {
        return switch (key) {
            case SearchKey.ModSeq modseq -> true;
            case SearchKey.Not not -> usesModseq(not.key());
            case SearchKey.Or or -> usesModseq(or.left()) || usesModseq(or.right());
            case SearchKey.And and -> and.keys().stream().anyMatch(SearchEvaluator::usesModseq);
            default -> false;
        };
    }

    private static boolean hasFlag(MessageInfo message, String flag) {
        for (String present : message.flags()) {
            if (present.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    private static String header(MessageInfo message, String field) {
        MessageInfo.OuterHeaders headers = message.headers();
        if (headers == null) {
            return null;
        }
        return switch (field) {
            case "from" -> headers.from();
            case "to" -> headers.to();
            case "cc" -> headers.cc();
            case "date" -> headers.date();
            case "message-id" -> headers.messageId();
            case "in-reply-to" -> headers.inReplyTo();
            case "references" -> headers.references();
            default -> null;
        };
    }

    /** RFC 9051: SENT* compare the Date header's date, disregarding time and time zone. */
    private static LocalDate sentDate(MessageInfo message) {
        String date = message.headers() == null ? null : message.headers().date();
        if (date == null) {
            return null;
        }
        Matcher matcher = DATE.matcher(date);
        if (!matcher.find()) {
            return null;
        }
        try {
            int year = Integer.parseInt(matcher.group(3));
            if (year < 100) {
                year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3 obsolete two-digit years
            }
            return LocalDate.of(year, MONTHS.indexOf(matcher.group(2).substring(0, 3).toLowerCase(Locale.ROOT)) + 1,
                    Integer.parseInt(matcher.group(1)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}

package dev.coffer.filter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reads an RFC 5322 §3.3 date-time in the form almost all mail writes,
 * {@code [Ddd, ]D[D] Mmm YYYY HH:MM[:SS] +HHMM} (or {@code GMT}), single-spaced, and gives the
 * same instant {@link java.time.format.DateTimeFormatter#RFC_1123_DATE_TIME} would. Anything else,
 * including a date it would reject, is "not plain" (empty) and left to that formatter: this reader
 * exists because the formatter is slow and throws on the way to rejecting.
 */
final class PlainDate {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final int MAX_PLAIN_OFFSET_HOURS = 14;

    private final String text;
    private int pos;

    private PlainDate(String text) {
        this.text = text;
    }

    static Optional<Instant> instant(String text) {
        return Optional.ofNullable(new PlainDate(text).read());
    }

    private Instant read() {
        int dayOfWeek = 0;
        if (text.length() > 4 && text.charAt(3) == ',') {
            dayOfWeek = name(DAYS);
            if (dayOfWeek == 0 || !literal(", ")) {
                return null;
            }
        }
        int day = number(1, 2);
        if (day < 1 || !literal(" ")) {
            return null;
        }
        int month = name(MONTHS);
        if (month == 0 || !literal(" ")) {
            return null;
        }
        int year = number(4, 4);
        if (year < 0 || !literal(" ")) {
            return null;
        }
        int hour = number(2, 2);
        if (hour < 0 || hour > 23 || !literal(":")) {
            return null;
        }
        int minute = number(2, 2);
        int second = 0;
        if (pos < text.length() && text.charAt(pos) == ':') {
            pos++;
            second = number(2, 2);
        }
        if (minute < 0 || minute > 59 || second < 0 || second > 59 || !literal(" ")) {
            return null;
        }
        ZoneOffset offset = offset();
        if (offset == null || pos != text.length() || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        LocalDate date = LocalDate.of(year, month, day);
        if (dayOfWeek != 0 && date.getDayOfWeek().getValue() != dayOfWeek) {
            return null;
        }
        return LocalDateTime.of(date, LocalTime.of(hour, minute, second)).toInstant(offset);
    }

    /** {@code +HHMM}, {@code -HHMM} or {@code GMT}; null otherwise. */
    private ZoneOffset offset() {
        if (text.startsWith("GMT", pos)) {
            pos += 3;
            return ZoneOffset.UTC;
        }
        if (pos >= text.length() || text.charAt(pos) != '+' && text.charAt(pos) != '-') {
            return null;
        }
        int sign = text.charAt(pos) == '-' ? -1 : 1;
        pos++;
        int hours = number(2, 2);
        int minutes = number(2, 2);
        if (hours < 0 || hours > MAX_PLAIN_OFFSET_HOURS || minutes < 0 || minutes > 59) {
            return null;
        }
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** The 1-based index of the three-letter name at the position, any case; 0 when none. */
    private int name(String[] names) {
        for (int i = 0; i < names.length; i++) {
            if (text.regionMatches(true, pos, names[i], 0, 3)) {
                pos += 3;
                return i + 1;
            }
        }
        return 0;
    }

    private boolean literal(String expected) {
        if (!text.startsWith(expected, pos)) {
            return false;
        }
        pos += expected.length();
        return true;
    }

    /** An unsigned decimal of {@code min} to {@code max} ASCII digits; -1 when there is none. */
    private int number(int min, int max) {
        int value = 0;
        int digits = 0;
        while (digits < max && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            value = value * 10 + text.charAt(pos) - '0';
            pos++;
            digits++;
        }
        return digits < min ? -1 : value;
    }
}

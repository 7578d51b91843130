package dev.coffer.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9051 §9 {@code sequence-set}: message sequence numbers or UIDs, {@code *} standing for
 * the largest one in use; or RFC 5182 {@code $}, the saved result of the last SEARCH.
 *
 * @param ranges inclusive ranges, {@link #STAR} for {@code *}; endpoints may be in either order
 */
public record SequenceSet(List<Range> ranges, boolean saved) {

    static final long STAR = -1;

    record Range(long from, long to) {}

    static SequenceSet of(long... numbers) {
        List<Range> ranges = new ArrayList<>();
        for (long n : numbers) {
            ranges.add(new Range(n, n));
        }
        return new SequenceSet(List.copyOf(ranges), false);
    }

    static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    /** Whether {@code value} is in the set when {@code *} means {@code largest}. */
    public boolean contains(long value, long largest) {
        for (Range range : ranges) {
            long a = range.from == STAR ? largest : range.from;
            long b = range.to == STAR ? largest : range.to;
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every number is a plain number no larger than {@code max} (sequence numbers must exist). */
    public boolean withinOrStar(long max) {
        for (Range range : ranges) {
            if ((range.from != STAR && range.from > max) || (range.to != STAR && range.to > max)) {
                return false;
            }
        }
        return true;
    }

    /** Compact IMAP form of ascending numbers: {@code 1:3,7,9:10}. */
    public static String format(List<Long> ascending) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < ascending.size()) {
            long start = ascending.get(i);
            long end = start;
            while (i + 1 < ascending.size() && ascending.get(i + 1) == end + 1) {
                end = ascending.get(++i);
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(start);
            if (end != start) {
                text.append(':').append(end);
            }
            i++;
        }
        return text.toString();
    }

    @Override
    public String toString() {
        if (saved) {
            return "$";
        }
        StringBuilder text = new StringBuilder();
        for (Range range : ranges) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(range.from == STAR ? "*" : Long.toString(range.from));
            if (range.to != range.from) {
                text.append(':').append(range.to == STAR ? "*" : Long.toString(range.to));
            }
        }
        return text.toString();
    }
}

package dev.coffer.filter;

import java.util.List;

/** What a filter decided about a message. When several filters run, the gravest verdict wins. */
public sealed interface FilterVerdict {

    /** Deliver normally. {@code score} is the spam score the filter gave (0 when it scores nothing). */
    record Accept(double score, List<String> reasons) implements FilterVerdict {}

    /** Deliver into the recipient's Junk folder. */
    record Junk(double score, List<String> reasons) implements FilterVerdict {}

    /** Refuse at DATA (5xx): spam above the reject threshold, a virus. */
    record Reject(int replyCode, String enhancedCode, String reason) implements FilterVerdict {}

    /** Refuse for now (451): a required scanner is down, or greylisting. Never accept unscanned. */
    record TempFail(String enhancedCode, String reason) implements FilterVerdict {}

    /** How grave a verdict is: accept < junk < temporary failure < reject. */
    static int gravity(FilterVerdict verdict) {
        return switch (verdict) {
            case Accept accept -> 0;
            case Junk junk -> 1;
            case TempFail tempFail -> 2;
            case Reject reject -> 3;
        };
    }
}

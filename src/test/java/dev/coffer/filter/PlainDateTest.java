package dev.coffer.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlainDateTest {

    private static final Pattern COMMENT = Pattern.compile("\\([^)]*\\)");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private static final List<String> SAMPLES = List.of(
            "Sun, 29 Nov 2026 00:10:18 +0000", "29 Nov 2026 00:10:18 +0000", "Sun, 29 Nov 2026 00:10 +0100",
            "Mon, 1 Feb 2027 23:59:59 -0800", "mon, 01 feb 2027 23:59:59 -0800", "Sun, 29 Nov 2026 00:10:18 GMT",
            "Sat, 29 Nov 2026 00:10:18 +0000", "Sun, 31 Nov 2026 00:10:18 +0000", "Thu, 29 Feb 2024 12:00:00 +0000",
            "Sun, 29 Feb 2026 12:00:00 +0000", "Sun, 0 Nov 2026 00:10:18 +0000", "Sun, 29 Nov 26 00:10:18 +0000",
            "Sun, 29 Nov 2026 24:00:00 +0000", "Sun, 29 Nov 2026 00:60:00 +0000", "Sun, 29 Nov 2026 00:00:60 +0000",
            "Sun, 29 Nov 2026 0:10:18 +0000", "Sun, 29 Nov 2026 00:10:18 +1800", "Sun, 29 Nov 2026 00:10:18 +1900",
            "Sun, 29 Nov 2026 00:10:18 +0060", "Sun, 29 Nov 2026 00:10:18 -0000", "Sun, 29 Nov 2026 00:10:18 UT",
            "Sun, 29 Nov 2026 00:10:18 EST", "Sun, 29 Nov 2026 00:10:18 +00:00", "Sun,29 Nov 2026 00:10:18 +0000",
            "Sunday, 29 Nov 2026 00:10:18 +0000", "Sun, 29 November 2026 00:10:18 +0000", "Sun 29 Nov 2026 00:10:18 +0000",
            "Sun, 29 Nov 2026 00:10:18 +0000 (UTC)", "  Sun,  29 Nov\t2026 00:10:18\r\n +0000  ", "",
            "Sun, 29 Nov 0000 00:10:18 +0000", "Sun, 29 Nov 2026 00:10:18 +0000 x", "Sun, 29 Nov 2026 00:10:18 gmt",
            "Sun, 123 Nov 2026 00:10:18 +0000", "Sun, 29 Nov 20261 00:10:18 +0000", "Sun, 29 Nov 2026 00:10:18 +00000",
            "Sun, 29 Nov 2026 00:10:18 +000", "Sun, 29 Nov 2026 00:10:18", "garbage");

    @Test
    void readsTheSameInstantsAsTheRfc1123Formatter() {
        for (String sample : SAMPLES) {
            assertAgrees(sample);
        }
    }

    @Test
    void agreesWithTheFormatterOnRandomDates() {
        String[] days = {"Mon, ", "Tue, ", "Wed, ", "Thu, ", "Fri, ", "Sat, ", "Sun, ", "", "Xyz, ", "sun, "};
        String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"};
        String[] zones = {"+0000", "-0000", "+0100", "-0530", "+1400", "+1500", "+1800", "-1859", "GMT", "UTC", "Z"};
        Random random = new Random(5322);
        for (int i = 0; i < 50_000; i++) {
            String seconds = random.nextInt(4) == 0 ? "" : String.format(":%02d", random.nextInt(62));
            String value = days[random.nextInt(days.length)] + random.nextInt(33) + " "
                    + months[random.nextInt(months.length)] + " " + (1995 + random.nextInt(40)) + " "
                    + String.format("%02d:%02d", random.nextInt(25), random.nextInt(61)) + seconds + " "
                    + zones[random.nextInt(zones.length)];
            assertAgrees(value);
        }
    }

    @Test
    void readsTheFormMailersWrite() {
        assertThat(PlainDate.instant("Sun, 29 Nov 2026 01:10:18 +0100"))
                .hasValue(Instant.parse("2026-11-29T00:10:18Z"));
        assertThat(PlainDate.instant("29 Nov 2026 00:10 -0000")).hasValue(Instant.parse("2026-11-29T00:10:00Z"));
    }

    private static void assertAgrees(String value) {
        Optional<Instant> expected = formatterInstant(value);
        assertThat(HeaderRules.parseDate(value)).as("date [%s]", value).isEqualTo(expected);
        String cleaned = WHITE_SPACE.matcher(COMMENT.matcher(value).replaceAll(" ")).replaceAll(" ").strip();
        Optional<Instant> plain = PlainDate.instant(cleaned);
        if (plain.isPresent()) {
            assertThat(plain).as("date [%s]", value).isEqualTo(expected);
        }
    }

    /** What HeaderRules did before it had a plain reader: the formatter on the uncommented, single-spaced text. */
    private static Optional<Instant> formatterInstant(String value) {
        String cleaned = WHITE_SPACE.matcher(COMMENT.matcher(value).replaceAll(" ")).replaceAll(" ").strip();
        try {
            return Optional.of(OffsetDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

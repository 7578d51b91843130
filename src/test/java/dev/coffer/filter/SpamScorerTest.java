package dev.coffer.filter;

import static dev.coffer.filter.Inputs.BODY;
import static dev.coffer.filter.Inputs.HEADERS;
import static dev.coffer.filter.Inputs.input;
import static dev.coffer.filter.Inputs.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.dmarc.PublicSuffixList;
import dev.coffer.mailauth.spf.SpfResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SpamScorerTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-28T18:30:00Z"), ZoneOffset.UTC);
    private static final DnsListQuery NO_DNS = name -> List.of();

    private final SpamScorer scorer = new SpamScorer(6.0, 15.0, new DnsList(List.of(), NO_DNS),
            new DnsList(List.of(), NO_DNS), PublicSuffixList.mozilla(), NOW);

    private List<String> rules(FilterInput input) {
        return scorer.hits(input).stream().map(RuleHit::rule).toList();
    }

    private static AuthenticationReport report(SpfResult.Code spf, List<DkimResult> dkim, DmarcResult.Code dmarc) {
        return new AuthenticationReport(new SpfResult(spf, "example.org", ""), dkim, ArcResult.none(),
                new DmarcResult(dmarc, "example.org", DmarcResult.Policy.NONE, DmarcResult.Policy.NONE, ""));
    }

    private static final DkimResult DKIM_PASS = new DkimResult.Pass("example.org", "s1", DkimAlgorithm.RSA_SHA256, false);
    private static final DkimResult DKIM_FAIL = new DkimResult.Fail("example.org", "s1", "body hash mismatch");

    @Test
    void acceptsAWellFormedAuthenticatedMessageWithoutPoints() {
        FilterVerdict verdict = scorer.check(Inputs.clean());

        assertThat(verdict).isEqualTo(new FilterVerdict.Accept(0, List.of()));
    }

    @Test
    void scoresSpfFailAndSoftfail() {
        assertThat(rules(input(HEADERS + "\r\n" + BODY, report(SpfResult.Code.FAIL, List.of(DKIM_PASS),
                DmarcResult.Code.PASS)))).containsExactly("SPF_FAIL");
        assertThat(rules(input(HEADERS + "\r\n" + BODY, report(SpfResult.Code.SOFTFAIL, List.of(DKIM_PASS),
                DmarcResult.Code.PASS)))).containsExactly("SPF_SOFTFAIL");
    }

    @Test
    void scoresDkimFailOnlyWhenNoSignaturePasses() {
        assertThat(rules(input(HEADERS + "\r\n" + BODY, report(SpfResult.Code.PASS, List.of(DKIM_FAIL),
                DmarcResult.Code.PASS)))).containsExactly("DKIM_FAIL");
        assertThat(rules(input(HEADERS + "\r\n" + BODY, report(SpfResult.Code.PASS, List.of(DKIM_FAIL, DKIM_PASS),
                DmarcResult.Code.PASS)))).isEmpty();
    }

    @Test
    void scoresDmarcFailAndMailWhereNothingPasses() {
        assertThat(rules(input(HEADERS + "\r\n" + BODY, report(SpfResult.Code.SOFTFAIL, List.of(DKIM_FAIL),
                DmarcResult.Code.FAIL))))
                .containsExactly("SPF_SOFTFAIL", "DKIM_FAIL", "DMARC_FAIL", "NO_AUTHENTICATION_PASSES");
        assertThat(rules(input(HEADERS + "\r\n" + BODY, Inputs.unauthenticated())))
                .containsExactly("NO_AUTHENTICATION_PASSES");
    }

    @Test
    void doesNotCountADkimPassThatCoversOnlyPartOfTheBody() {
        DkimResult partial = new DkimResult.Pass("example.org", "s1", DkimAlgorithm.RSA_SHA256, true);

        assertThat(rules(input(HEADERS + "\r\n" + BODY, report(SpfResult.Code.NONE, List.of(partial),
                DmarcResult.Code.NONE)))).containsExactly("NO_AUTHENTICATION_PASSES");
    }

    @Test
    void scoresAMissingOrUnreadableDate() {
        assertThat(rules(input(withHeader("Date", "")))).containsExactly("MISSING_DATE");
        assertThat(rules(input(withHeader("Date", "Date: yesterday at noon")))).containsExactly("INVALID_DATE");
    }

    @Test
    void acceptsADateWithACommentAndNoDayOfWeek() {
        assertThat(rules(input(withHeader("Date", "Date: 28 Nov 2026 17:00:00 +0100 (CET)")))).isEmpty();
    }

    @Test
    void scoresADateFarInTheFutureOrThePast() {
        assertThat(rules(input(withHeader("Date", "Date: Mon, 30 Nov 2026 09:00:00 +0000"))))
                .containsExactly("DATE_IN_FUTURE");
        assertThat(rules(input(withHeader("Date", "Date: Fri, 20 Nov 2026 09:00:00 +0000"))))
                .containsExactly("DATE_IN_PAST");
        assertThat(rules(input(withHeader("Date", "Date: Wed, 25 Nov 2026 09:00:00 +0000")))).isEmpty();
    }

    @Test
    void scoresAMissingMessageId() {
        assertThat(rules(input(withHeader("Message-ID", "")))).containsExactly("MISSING_MESSAGE_ID");
    }

    @Test
    void scoresAMissingOrMalformedFrom() {
        assertThat(rules(input(withHeader("From", "")))).containsExactly("MISSING_FROM");
        assertThat(rules(input(withHeader("From", "From: Alice <alice at example>")))).containsExactly("MALFORMED_FROM");
        assertThat(rules(input(withHeader("From", "From: \"Alice\" <alice@example.org>")))).isEmpty();
    }

    @Test
    void scoresManyRecipientsInTo() {
        String many = String.join(", ", IntStream.range(0, 20)
                .mapToObj(i -> "user" + i + "@coffer.test").toList());
        String few = String.join(", ", IntStream.range(0, 19)
                .mapToObj(i -> "user" + i + "@coffer.test").toList());

        assertThat(rules(input(withHeader("To", "To: " + many)))).containsExactly("MANY_RECIPIENTS_IN_TO");
        assertThat(rules(input(withHeader("To", "To: " + few)))).isEmpty();
    }

    @Test
    void scoresAnAllCapsOrEmptySubject() {
        assertThat(rules(input(withHeader("Subject", "Subject: FREE MONEY NOW!!!")))).containsExactly("SUBJECT_ALL_CAPS");
        assertThat(rules(input(withHeader("Subject", "Subject: =?UTF-8?Q?GR=C3=96SSE_CHANCE?="))))
                .containsExactly("SUBJECT_ALL_CAPS");
        assertThat(rules(input(withHeader("Subject", "Subject: OK")))).isEmpty();
        assertThat(rules(input(withHeader("Subject", "Subject:   ")))).containsExactly("EMPTY_SUBJECT");
        assertThat(rules(input(withHeader("Subject", "")))).containsExactly("EMPTY_SUBJECT");
    }

    @Test
    void refusesTheGtubeTestString() {
        FilterVerdict verdict = scorer.check(input(HEADERS + "\r\n" + ContentRules.GTUBE + "\r\n"));

        assertThat(verdict).isEqualTo(new FilterVerdict.Reject(550, "5.7.1", "Message refused as spam (score 1000.0)"));
    }

    @Test
    void findsGtubeInABase64TextPart() {
        String encoded = Base64.getMimeEncoder().encodeToString(
                ("Hello\r\n" + ContentRules.GTUBE + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String message = HEADERS + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n";

        assertThat(rules(input(message))).containsExactly("GTUBE");
    }

    @Test
    void scoresHtmlWithoutAPlainTextPart() {
        String htmlOnly = HEADERS + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi</p>\r\n";
        String alternative = HEADERS + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>\r\n--b--\r\n";

        assertThat(rules(input(htmlOnly))).containsExactly("HTML_ONLY");
        assertThat(rules(input(alternative))).isEmpty();
    }

    @Test
    void scoresExecutableAttachmentsButNotArchivesOrDocuments() {
        assertThat(rules(input(withAttachment("invoice.pdf.exe")))).containsExactly("EXECUTABLE_ATTACHMENT");
        assertThat(rules(input(withAttachment("=?UTF-8?Q?Rechnung.js?=")))).containsExactly("EXECUTABLE_ATTACHMENT");
        assertThat(rules(input(withAttachment("photos.SCR")))).containsExactly("EXECUTABLE_ATTACHMENT");
        assertThat(rules(input(withAttachment("invoices.zip")))).isEmpty();
        assertThat(rules(input(withAttachment("invoice.pdf")))).isEmpty();
    }

    private static String withAttachment(String fileName) {
        return HEADERS + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n";
    }

    @Test
    void filesInJunkFromTheJunkScoreAndRefusesFromTheRejectScore() {
        String sloppy = "To: bob@coffer.test\r\nSubject: WINNER WINNER\r\n\r\nHi\r\n";
        String merelyTerse = "To: bob@coffer.test\r\nSubject: Backup finished\r\n\r\nOK\r\n";
        FilterVerdict junk = scorer.check(input(sloppy, Inputs.unauthenticated()));
        FilterVerdict terse = scorer.check(input(merelyTerse, Inputs.unauthenticated()));
        SpamScorer strict = new SpamScorer(3.0, 6.0, new DnsList(List.of(), NO_DNS), new DnsList(List.of(), NO_DNS),
                PublicSuffixList.mozilla(), NOW);

        // NO_AUTHENTICATION_PASSES 1.0 + MISSING_DATE 1.4 + MISSING_MESSAGE_ID 0.5 + MISSING_FROM 2.0 + SUBJECT_ALL_CAPS 1.5
        assertThat(junk).isInstanceOfSatisfying(FilterVerdict.Junk.class, verdict -> {
            assertThat(verdict.score()).isCloseTo(6.4, Offset.offset(1e-9));
            assertThat(verdict.reasons()).containsExactly("NO_AUTHENTICATION_PASSES(1.0)", "MISSING_DATE(1.4)",
                    "MISSING_MESSAGE_ID(0.5)", "MISSING_FROM(2.0)", "SUBJECT_ALL_CAPS(1.5)");
        });
        assertThat(strict.check(input(sloppy, Inputs.unauthenticated())))
                .isEqualTo(new FilterVerdict.Reject(550, "5.7.1", "Message refused as spam (score 6.4)"));
        // a machine's note without From, Date and Message-ID stays in the inbox: 4.9 points
        assertThat(terse).isInstanceOf(FilterVerdict.Accept.class);
    }

    @Test
    void scoresBrokenMessagesWithoutThrowing() {
        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        List<String> broken = List.of("", "\r\n\r\n", "no header at all",
                HEADERS + "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain; "
                        + "charset=no-such-charset\r\n\r\nunterminated part",
                HEADERS + "Content-Type: text/html; charset=\"\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n",
                new String(noise, StandardCharsets.ISO_8859_1));

        for (String message : broken) {
            assertThat(scorer.check(input(message))).isNotNull();
        }
    }
}

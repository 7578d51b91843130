package dev.coffer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.net.SaslPlain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SmtpCommandParserTest {

    private static SmtpCommand parse(String line) throws SmtpSyntaxException {
        return SmtpCommandParser.parse(line.getBytes(StandardCharsets.UTF_8), false);
    }

    private static SmtpReply error(String line, boolean smtpUtf8) {
        try {
            SmtpCommand command = SmtpCommandParser.parse(line.getBytes(StandardCharsets.UTF_8), smtpUtf8);
            throw new AssertionError("parsed " + line + " as " + command);
        } catch (SmtpSyntaxException e) {
            return e.reply();
        }
    }

    private static SmtpReply error(String line) {
        return error(line, false);
    }

    // RFC 5321 Appendix D.1, a typical SMTP transaction scenario

    @Test
    void parsesTheCommandsOfTheRfc5321Scenario() throws Exception {
        assertThat(parse("EHLO bar.com")).isEqualTo(new SmtpCommand.Hello("bar.com", true));
        assertThat(parse("MAIL FROM:<Smith@bar.com>"))
                .isEqualTo(new SmtpCommand.Mail("Smith@bar.com", OptionalLong.empty(), Envelope.Body.SEVEN_BIT, false));
        assertThat(parse("RCPT TO:<Jones@foo.com>")).isEqualTo(new SmtpCommand.Rcpt("Jones@foo.com"));
        assertThat(parse("RCPT TO:<Green@foo.com>")).isEqualTo(new SmtpCommand.Rcpt("Green@foo.com"));
        assertThat(parse("DATA")).isEqualTo(new SmtpCommand.Data());
        assertThat(parse("QUIT")).isEqualTo(new SmtpCommand.Quit());
    }

    @Test
    void treatsVerbsAndKeywordsCaseInsensitively() throws Exception {
        assertThat(parse("ehlo bar.com")).isEqualTo(new SmtpCommand.Hello("bar.com", true));
        assertThat(parse("mail from:<a@b.example> size=10 body=8bitmime"))
                .isEqualTo(new SmtpCommand.Mail("a@b.example", OptionalLong.of(10), Envelope.Body.EIGHT_BIT_MIME, false));
        assertThat(parse("rcpt to:<x@y.example>")).isEqualTo(new SmtpCommand.Rcpt("x@y.example"));
    }

    @Test
    void acceptsTheNullReversePath() throws Exception {
        // RFC 5321 §4.5.5: notifications are sent with MAIL FROM:<>
        assertThat(parse("MAIL FROM:<>"))
                .isEqualTo(new SmtpCommand.Mail("", OptionalLong.empty(), Envelope.Body.SEVEN_BIT, false));
    }

    @Test
    void acceptsASpaceAfterTheColonAsManyClientsSendIt() throws Exception {
        assertThat(parse("MAIL FROM: <a@b.example>"))
                .isEqualTo(new SmtpCommand.Mail("a@b.example", OptionalLong.empty(), Envelope.Body.SEVEN_BIT, false));
    }

    @Test
    void dropsASourceRoute() throws Exception {
        // RFC 5321 §4.1.1.3 example: RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>
        assertThat(parse("RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>"))
                .isEqualTo(new SmtpCommand.Rcpt("userc@d.bar.org"));
    }

    @Test
    void acceptsPostmasterWithoutDomain() throws Exception {
        assertThat(parse("RCPT TO:<Postmaster>")).isEqualTo(new SmtpCommand.Rcpt("postmaster"));
    }

    @Test
    void acceptsQuotedLocalPartsAndAddressLiterals() throws Exception {
        assertThat(parse("RCPT TO:<\"John Doe\"@example.org>")).isEqualTo(new SmtpCommand.Rcpt("\"John Doe\"@example.org"));
        assertThat(parse("RCPT TO:<\"a>b\\\"c\"@example.org>")).isEqualTo(new SmtpCommand.Rcpt("\"a>b\\\"c\"@example.org"));
        assertThat(parse("RCPT TO:<user@[192.0.2.1]>")).isEqualTo(new SmtpCommand.Rcpt("user@[192.0.2.1]"));
        assertThat(parse("RCPT TO:<user@[IPv6:2001:db8::1]>")).isEqualTo(new SmtpCommand.Rcpt("user@[IPv6:2001:db8::1]"));
        assertThat(parse("EHLO [192.0.2.1]")).isEqualTo(new SmtpCommand.Hello("[192.0.2.1]", true));
    }

    @Test
    void acceptsAtextSpecialsInDotStrings() throws Exception {
        assertThat(parse("RCPT TO:<a.b+tag!#$%&'*/=?^_`{|}~-@example.org>"))
                .isEqualTo(new SmtpCommand.Rcpt("a.b+tag!#$%&'*/=?^_`{|}~-@example.org"));
    }

    @Test
    void parsesBdatChunks() throws Exception {
        assertThat(parse("BDAT 86 LAST")).isEqualTo(new SmtpCommand.Bdat(86, true));
        assertThat(parse("BDAT 0")).isEqualTo(new SmtpCommand.Bdat(0, false));
        assertThat(error("BDAT").code()).isEqualTo(501);
        assertThat(error("BDAT -1").code()).isEqualTo(501);
        assertThat(error("BDAT 10 FIRST").code()).isEqualTo(501);
    }

    @Test
    void allowsUtf8AddressesOnlyWithSmtputf8() throws Exception {
        assertThat(parse("MAIL FROM:<用户@例子.广告> SMTPUTF8"))
                .isEqualTo(new SmtpCommand.Mail("用户@例子.广告", OptionalLong.empty(), Envelope.Body.SEVEN_BIT, true));
        assertThat(SmtpCommandParser.parse("RCPT TO:<josé@example.org>".getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new SmtpCommand.Rcpt("josé@example.org"));
        SmtpReply refused = error("MAIL FROM:<josé@example.org>");
        assertThat(refused.code()).isEqualTo(553);
        assertThat(refused.enhancedCode()).isEqualTo("5.6.7");
        assertThat(error("RCPT TO:<josé@example.org>", false).enhancedCode()).isEqualTo("5.6.7");
    }

    @Test
    void refusesUnknownParametersWith555() {
        SmtpReply reply = error("MAIL FROM:<a@b.example> FOO=bar");
        assertThat(reply.code()).isEqualTo(555);
        assertThat(reply.enhancedCode()).isEqualTo("5.5.4");
        assertThat(error("RCPT TO:<a@b.example> NOTIFY=NEVER").code()).isEqualTo(555);
    }

    @Test
    void refusesBadParameterValues() {
        assertThat(error("MAIL FROM:<a@b.example> BODY=BINARYMIME").code()).isEqualTo(501);
        assertThat(error("MAIL FROM:<a@b.example> SIZE=ten").code()).isEqualTo(501);
        assertThat(error("MAIL FROM:<a@b.example> SMTPUTF8=yes").code()).isEqualTo(501);
        assertThat(error("MAIL FROM:<a@b.example> SIZE=1 SIZE=2").code()).isEqualTo(501);
    }

    @Test
    void explainsBadMailboxSyntax() {
        SmtpReply reply = error("RCPT TO:<no-domain>");
        assertThat(reply.code()).isEqualTo(501);
        assertThat(reply.enhancedCode()).isEqualTo("5.1.3");
        assertThat(reply.lines().getFirst()).contains("missing @domain");
        assertThat(error("RCPT TO:<a..b@example.org>").lines().getFirst()).contains("invalid local part");
        assertThat(error("RCPT TO:<a@-example.org>").lines().getFirst()).contains("invalid domain");
        assertThat(error("RCPT TO:<a@[300.1.1.1]>").lines().getFirst()).contains("invalid domain");
        assertThat(error("RCPT TO:<" + "a".repeat(65) + "@example.org>").lines().getFirst()).contains("64 octets");
        assertThat(error("MAIL FROM:<bad@@example.org>").enhancedCode()).isEqualTo("5.1.7");
        assertThat(error("RCPT TO:<>").code()).isEqualTo(501);
    }

    @Test
    void requiresAnglesAroundPaths() {
        SmtpReply reply = error("MAIL FROM:a@b.example");
        assertThat(reply.code()).isEqualTo(501);
        assertThat(reply.enhancedCode()).isEqualTo("5.5.4");
        assertThat(error("MAIL FROM:<a@b.example").code()).isEqualTo(501);
        assertThat(error("MAIL TO:<a@b.example>").code()).isEqualTo(501);
    }

    @Test
    void refusesUnknownCommandsWith500() {
        SmtpReply reply = error("FROB nicate");
        assertThat(reply.code()).isEqualTo(500);
        assertThat(reply.enhancedCode()).isEqualTo("5.5.1");
    }

    @Test
    void refusesArgumentsWhereNoneAreAllowed() {
        assertThat(error("DATA now").code()).isEqualTo(501);
        assertThat(error("STARTTLS please").code()).isEqualTo(501);
        assertThat(error("EHLO").code()).isEqualTo(501);
        assertThat(error("VRFY").code()).isEqualTo(501);
    }

    @Test
    void refusesControlCharactersAndInvalidUtf8() {
        assertThat(error("NOOP \u0000").code()).isEqualTo(500);
        try {
            SmtpCommandParser.parse(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xC3}, false);
            throw new AssertionError("parsed invalid UTF-8");
        } catch (SmtpSyntaxException e) {
            assertThat(e.reply().enhancedCode()).isEqualTo("5.5.2");
        }
    }

    @Test
    void parsesAuthPerRfc4954() throws Exception {
        assertThat(parse("AUTH PLAIN AGFAYg==")).isEqualTo(new SmtpCommand.Auth("PLAIN", "AGFAYg=="));
        assertThat(parse("auth login")).isEqualTo(new SmtpCommand.Auth("LOGIN", null));
        assertThat(parse("AUTH PLAIN =")).isEqualTo(new SmtpCommand.Auth("PLAIN", "="));
        assertThat(error("AUTH").code()).isEqualTo(501);
        assertThat(error("AUTH PLAIN AGFAYg== extra").code()).isEqualTo(501);
        assertThat(error("AUTH THIS-MECHANISM-NAME-IS-TOO-LONG").code()).isEqualTo(501);
        assertThat(error("AUTH PLAIN AGFAYg=").enhancedCode()).isEqualTo("5.5.2");
        // the initial response of PLAIN carries the password: never in logs
        assertThat(parse("AUTH PLAIN AGFAYg==").toString()).doesNotContain("AGFAYg==");
    }

    @Test
    void decodesSaslPlainPerRfc4616() throws Exception {
        // RFC 4616 §4 example: "\0tim\0tanstaaftanstaaf"
        assertThat(SmtpCommandParser.decodePlain("AHRpbQB0YW5zdGFhZnRhbnN0YWFm"))
                .isEqualTo(new SaslPlain("", "tim", "tanstaaftanstaaf"));
        SaslPlain asOther = SmtpCommandParser.decodePlain("S3VydABjaHJpcwBzZWNyZXQ=");
        assertThat(asOther).isEqualTo(new SaslPlain("Kurt", "chris", "secret"));
        assertThat(asOther.actsAsItself()).isFalse();
        assertThat(asOther.toString()).doesNotContain("secret");
        for (String malformed : List.of("=", "dGlt", "AHRpbQA=", "AAB0YW5zdGFhZg==", "AHRpbQB0YW4AeA==", "%%%%")) {
            assertThatThrownBy(() -> SmtpCommandParser.decodePlain(malformed)).as(malformed)
                    .isInstanceOf(SmtpSyntaxException.class);
        }
    }

    @Test
    void parsesRequireTlsAndAuthOnMail() throws Exception {
        assertThat(parse("MAIL FROM:<a@b.example> REQUIRETLS AUTH=a+2Bb@b.example"))
                .isEqualTo(new SmtpCommand.Mail("a@b.example", OptionalLong.empty(), Envelope.Body.SEVEN_BIT, false, true, true));
        assertThat(parse("MAIL FROM:<a@b.example> AUTH=<>"))
                .isEqualTo(new SmtpCommand.Mail("a@b.example", OptionalLong.empty(), Envelope.Body.SEVEN_BIT, false, false, true));
        assertThat(error("MAIL FROM:<a@b.example> REQUIRETLS=1").code()).isEqualTo(501);
        assertThat(error("MAIL FROM:<a@b.example> AUTH").code()).isEqualTo(501);
    }

    @Test
    void knowsCommandsItDoesNotImplement() throws Exception {
        assertThat(parse("ETRN example.org")).isEqualTo(new SmtpCommand.NotImplemented("ETRN"));
        assertThat(parse("NOOP anything at all")).isEqualTo(new SmtpCommand.Noop());
    }

    @Test
    void formatsMultilineRepliesWithEnhancedCodesOnEveryLine() {
        SmtpReply reply = new SmtpReply(214, "2.0.0", java.util.List.of("one", "two\r\nQUIT"));
        assertThat(new String(reply.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("214-2.0.0 one\r\n214 2.0.0 two  QUIT\r\n");
        assertThatThrownBy(() -> new SmtpReply(451, "5.1.1", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}

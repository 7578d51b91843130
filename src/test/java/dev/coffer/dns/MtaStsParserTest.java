package dev.coffer.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MtaStsParserTest {

    /** RFC 8461 §3.2, the example policy. */
    private static final String RFC_EXAMPLE = """
            version: STSv1\r
            mode: enforce\r
            mx: mail.example.com\r
            mx: *.example.net\r
            mx: backupmx.example.com\r
            max_age: 604800\r
            """;

    @Test
    void parsesTheRfcExamplePolicy() throws Exception {
        MtaStsPolicy policy = MtaStsParser.parsePolicy("20160831085700Z", RFC_EXAMPLE);

        assertThat(policy.id()).isEqualTo("20160831085700Z");
        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(policy.mxPatterns()).containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void acceptsBareLfLineEndingsAndNoFinalNewline() throws Exception {
        MtaStsPolicy policy = MtaStsParser.parsePolicy("1", "version: STSv1\nmode: testing\nmx: mx.example.org\nmax_age: 86400");

        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.TESTING);
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        MtaStsPolicy policy = MtaStsParser.parsePolicy("1",
                "version: STSv1\nmode: enforce\nx-extension: whatever\nmx: mx.example.org\nmax_age: 86400\n");

        assertThat(policy.mxPatterns()).containsExactly("mx.example.org");
    }

    @Test
    void modeNoneNeedsNoMx() throws Exception {
        MtaStsPolicy policy = MtaStsParser.parsePolicy("1", "version: STSv1\nmode: none\nmax_age: 86400\n");

        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.NONE);
        assertThat(policy.mxPatterns()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mode: enforce\nmx: mx.example.org\nmax_age: 86400\n",                              // no version
        "version: STSv2\nmode: enforce\nmx: mx.example.org\nmax_age: 86400\n",              // wrong version
        "version: STSv1\nmx: mx.example.org\nmax_age: 86400\n",                             // no mode
        "version: STSv1\nmode: strict\nmx: mx.example.org\nmax_age: 86400\n",              // unknown mode
        "version: STSv1\nmode: Enforce\nmx: mx.example.org\nmax_age: 86400\n",             // modes are case-sensitive
        "version: STSv1\nmode: enforce\nmx: mx.example.org\n",                              // no max_age
        "version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 31557601\n",           // max_age too long
        "version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 12345678901\n",        // more than 10 digits
        "version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: -1\n",                 // not digits
        "version: STSv1\nmode: enforce\nmax_age: 86400\n",                                  // enforce without mx
        "version: STSv1\nmode: enforce\nmx: mail.*.example.org\nmax_age: 86400\n",          // wildcard not leftmost
        "version: STSv1\nmode: enforce\nmx: mx.example.org\nmode: none\nmax_age: 86400\n",  // repeated mode
        "version: STSv1\nmode enforce\nmx: mx.example.org\nmax_age: 86400\n",               // no colon
        "<html><body>Not found</body></html>\n",                                            // an error page
    })
    void rejectsMalformedPolicies(String body) {
        assertThatThrownBy(() -> MtaStsParser.parsePolicy("1", body)).isInstanceOf(MtaStsException.class);
    }

    @Test
    void readsIdFromTheRfcExampleRecord() {
        assertThat(MtaStsParser.policyId(List.of("v=STSv1; id=20160831085700Z;"))).hasValue("20160831085700Z");
    }

    @Test
    void ignoresTxtRecordsThatAreNotStsAtTheSameName() {
        assertThat(MtaStsParser.policyId(List.of("v=spf1 -all", "v=STSv1; id=abc123"))).hasValue("abc123");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "v=STSv1; id=",                                       // empty id
        "v=STSv1; id=has-dash",                               // id is ALPHA / DIGIT only
        "v=STSv1; id=123456789012345678901234567890123",      // id longer than 32
        "v=STSv1;",                                           // no id
        "v=STSv1; id=1; id=2",                                // two ids
        "v=STSv1; ; id=1",                                    // empty field
        "v=STSv2; id=1",                                      // wrong version
        "id=1; v=STSv1;",                                     // version not first
    })
    void rejectsMalformedTxtRecords(String txt) {
        assertThat(MtaStsParser.policyId(List.of(txt))).isEmpty();
    }

    @Test
    void twoStsRecordsMeanNoPolicy() {
        assertThat(MtaStsParser.policyId(List.of("v=STSv1; id=1", "v=STSv1; id=2"))).isEmpty();
    }

    @Test
    void exactMxPatternMatchesOnlyThatHost() {
        MtaStsPolicy policy = new MtaStsPolicy("1", MtaStsPolicy.Mode.ENFORCE, List.of("mail.example.com"), Duration.ofDays(1));

        assertThat(policy.matches("mail.example.com")).isTrue();
        assertThat(policy.matches("MAIL.Example.COM.")).isTrue();
        assertThat(policy.matches("mail2.example.com")).isFalse();
        assertThat(policy.matches("x.mail.example.com")).isFalse();
    }

    /** RFC 8461 §4.1: "*.example.com" matches "mx1.example.com" but not "example.com" or "a.mx1.example.com". */
    @Test
    void wildcardMxPatternMatchesExactlyOneLeftmostLabel() {
        MtaStsPolicy policy = new MtaStsPolicy("1", MtaStsPolicy.Mode.ENFORCE, List.of("*.example.com"), Duration.ofDays(1));

        assertThat(policy.matches("mx1.example.com")).isTrue();
        assertThat(policy.matches("example.com")).isFalse();
        assertThat(policy.matches("foo.mx1.example.com")).isFalse();
        assertThat(policy.matches("mx1.example.org")).isFalse();
    }
}

package dev.coffer.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7208 §4.5, §4.6, §5, §6: selecting and parsing records. */
class SpfRecordTest {

    @Test
    void selectsRecordsByVersionInAnyCase() {
        assertThat(SpfRecord.isSpfRecord("v=spf1")).isTrue();
        assertThat(SpfRecord.isSpfRecord("V=SpF1 -all")).isTrue();
        assertThat(SpfRecord.isSpfRecord("v=spf10")).isFalse();
        assertThat(SpfRecord.isSpfRecord("v=spf1mx")).isFalse();
        assertThat(SpfRecord.isSpfRecord(" v=spf1 -all")).isFalse();
        assertThat(SpfRecord.isSpfRecord("spf2.0/pra -all")).isFalse();
    }

    @Test
    void parsesMechanismsQualifiersAndPrefixLengths() throws Exception {
        SpfRecord record = SpfRecord.parse("v=spf1 +a -MX:example.org/24//64 ~ip4:192.0.2.0/24 ?ip6:2001:db8::/32 ptr all");

        assertThat(record.directives()).extracting(SpfDirective::qualifier).containsExactly(
                SpfQualifier.PASS, SpfQualifier.FAIL, SpfQualifier.SOFTFAIL, SpfQualifier.NEUTRAL,
                SpfQualifier.PASS, SpfQualifier.PASS);
        assertThat(record.directives().get(0).mechanism()).isEqualTo(new SpfMechanism.A(null, 32, 128));
        SpfMechanism.Mx mx = (SpfMechanism.Mx) record.directives().get(1).mechanism();
        assertThat(mx.ip4Prefix()).isEqualTo(24);
        assertThat(mx.ip6Prefix()).isEqualTo(64);
        assertThat(((SpfMechanism.Ip4) record.directives().get(2).mechanism()).prefix()).isEqualTo(24);
        assertThat(((SpfMechanism.Ip6) record.directives().get(3).mechanism()).prefix()).isEqualTo(32);
    }

    @Test
    void readsModifiersInAnyCaseAndIgnoresUnknownOnes() throws Exception {
        SpfRecord record = SpfRecord.parse("v=spf1 REDIRECT=_spf.example.com Exp=why.%{d} moo.cow-far_out=man:dog/cat x=%{c}");

        assertThat(record.directives()).isEmpty();
        assertThat(record.redirect()).isNotNull();
        assertThat(record.explanation()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "v=spf1 moo",                           // unknown mechanism
            "v=spf1 -all.",                         // junk after all
            "v=spf1 ip4:1.2.3.4/33",                // prefix too long
            "v=spf1 ip4:1.2.3.4/032",               // leading zero
            "v=spf1 ip4:01.2.3.4",                  // leading zero in the address
            "v=spf1 ip4:1.2.3",                     // short address
            "v=spf1 ip6::CAFE::BABE",               // bad IPv6
            "v=spf1 ip6:::1/129",                   // prefix too long
            "v=spf1 a/24/64",                       // dual cidr needs //
            "v=spf1 ptr/0",                         // ptr takes no prefix
            "v=spf1 include",                       // include needs a domain
            "v=spf1 exists:",                       // empty domain-spec
            "v=spf1 redirect=a.example redirect=b.example",
            "v=spf1 exp=a.example exp=b.example",
            "v=spf1 exp=",                          // explicit empty exp is an error (erratum)
            "v=spf1 redirect:example.com",          // redirect is a modifier
            "v=spf1 1up=foo",                       // modifier names start with a letter
            "v=spf1 foo=%abc",                      // unknown modifiers need valid macros
            "v=spf1 a:example.com\tmx",             // only spaces separate terms
            "v=spf1 ip4:192.0.2.5\n include:example.com",
            "v=spf1 a:\u00efexample.com",           // non-ASCII
    })
    void rejectsSyntaxErrors(String record) {
        assertThatThrownBy(() -> SpfRecord.parse(record)).isInstanceOf(SpfSyntaxException.class);
    }

    @Test
    void hugeRecordsParseOrFailQuickly() throws Exception {
        String slashes = "/".repeat(70_000);
        assertThatThrownBy(() -> SpfRecord.parse("v=spf1 a:example.com" + slashes)).isInstanceOf(SpfSyntaxException.class);
        assertThatThrownBy(() -> SpfRecord.parse("v=spf1 mx:" + "x.".repeat(35_000) + "/24/")).isInstanceOf(SpfSyntaxException.class);
        assertThat(SpfRecord.parse("v=spf1" + " ip4:192.0.2.1".repeat(5_000)).directives()).hasSize(5_000);
    }

    @Test
    void acceptsSeveralSpacesAndTrailingSpace() throws Exception {
        assertThat(SpfRecord.parse("v=spf1  a   -all ").directives()).hasSize(2);
    }
}

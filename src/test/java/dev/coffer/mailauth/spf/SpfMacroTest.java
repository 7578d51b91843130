package dev.coffer.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7208 §7: the examples of §7.4 first, then the rules of §7.1–§7.3. */
class SpfMacroTest {

    private static final String SENDER = "strong-bad@email.example.com";

    /** RFC 7208 §7.4: sender strong-bad@email.example.com, IPv4 client 192.0.2.3. */
    private static SpfMacro.Values rfcExample(String client) {
        InetAddress address = InetAddress.ofLiteral(client);
        return letter -> switch (letter) {
            case 's' -> SENDER;
            case 'l' -> "strong-bad";
            case 'o', 'd' -> "email.example.com";
            case 'i' -> SpfAddresses.macroForm(address);
            case 'c' -> SpfAddresses.readableForm(address);
            case 'v' -> address.getAddress().length == 4 ? "in-addr" : "ip6";
            case 'h' -> "mx.example.org";
            default -> "unknown";
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            %{s}                              | strong-bad@email.example.com
            %{o}                              | email.example.com
            %{d}                              | email.example.com
            %{d4}                             | email.example.com
            %{d3}                             | email.example.com
            %{d2}                             | example.com
            %{d1}                             | com
            %{dr}                             | com.example.email
            %{d2r}                            | example.email
            %{l}                              | strong-bad
            %{l-}                             | strong.bad
            %{lr}                             | strong-bad
            %{lr-}                            | bad.strong
            %{l1r-}                           | strong
            %{ir}.%{v}._spf.%{d2}             | 3.2.0.192.in-addr._spf.example.com
            %{lr-}.lp._spf.%{d2}              | bad.strong.lp._spf.example.com
            %{lr-}.lp.%{ir}.%{v}._spf.%{d2}   | bad.strong.lp.3.2.0.192.in-addr._spf.example.com
            %{ir}.%{v}.%{l1r-}.lp._spf.%{d2}  | 3.2.0.192.in-addr.strong.lp._spf.example.com
            %{d2}.trusted-domains.example.net | example.com.trusted-domains.example.net
            """)
    void expandsTheIpv4ExamplesOfRfc7208(String macro, String expansion) throws Exception {
        assertThat(SpfMacro.parse(macro, SpfMacro.Use.DOMAIN_SPEC).expandDomain(rfcExample("192.0.2.3")))
                .isEqualTo(expansion);
    }

    @Test
    void expandsTheIpv6ExampleOfRfc7208() throws Exception {
        SpfMacro macro = SpfMacro.parse("%{ir}.%{v}._spf.%{d2}", SpfMacro.Use.DOMAIN_SPEC);

        assertThat(macro.expandDomain(rfcExample("2001:db8::cb01")))
                .isEqualTo("1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com");
    }

    @Test
    void expandsEscapesAndUrlEscapesUpperCaseLetters() throws Exception {
        SpfMacro macro = SpfMacro.parse("%%%_%-%{S}", SpfMacro.Use.EXPLANATION);

        assertThat(macro.expandText(rfcExample("192.0.2.3"), 100)).isEqualTo("% %20strong-bad%40email.example.com");
    }

    @Test
    void explanationsMayUseSpacesAndTheClientAddress() throws Exception {
        SpfMacro macro = SpfMacro.parse("%{c} may not send for %{d}", SpfMacro.Use.EXPLANATION);

        assertThat(macro.expandText(rfcExample("2001:db8::cb01"), 100)).isEqualTo("2001:db8::cb01 may not send for email.example.com");
    }

    @Test
    void explanationIsCutToItsLimit() throws Exception {
        SpfMacro macro = SpfMacro.parse("%{s} %{s} %{s}", SpfMacro.Use.EXPLANATION);

        assertThat(macro.expandText(rfcExample("192.0.2.3"), 10)).isEqualTo("strong-bad");
    }

    @Test
    void longExpansionKeepsTheRightEndForTruncation() throws Exception {
        SpfMacro macro = SpfMacro.parse("%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.example.net",
                SpfMacro.Use.DOMAIN_SPEC);

        String expanded = macro.expandDomain(rfcExample("192.0.2.3"));
        String name = SpfNames.queryName(expanded).orElseThrow();

        assertThat(name).hasSizeLessThanOrEqualTo(253).endsWith(".example.net").doesNotStartWith(".");
        assertThat(name.length()).isGreaterThan(253 - 30);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            %(ir).sbl.example.com   | %( is no macro
            foo%.sbl.example.com    | %. is no macro
            foo.example.com%        | a lone % at the end
            %{a}.example.com        | a is no macro letter
            %{r}.example.com        | r only in explanations
            %{d0}.example.com       | zero parts
            %{d2x}.example.com      | x is no delimiter
            %{d.example.com         | unclosed
            foo-bar                 | no top-level label
            example.-com            | a top label starting with a dash
            abc.123                 | an all-numeric top label
            museum.                 | a lone top label
            _spf.%{d2}.             | a final dot needs a top label before it
            ''                      | empty
            """)
    void rejectsMalformedDomainSpecs(String text, String why) {
        assertThatThrownBy(() -> SpfMacro.parse(text, SpfMacro.Use.DOMAIN_SPEC)).as(why)
                .isInstanceOf(SpfSyntaxException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            foo.example.xn--zckzah
            %{d}
            %{h}.bar
            _spf.%{d2}
            _spf.example.com.
            foo:bar/baz.example.com
            macro%%percent%_%_space%-url-space.example.com
            """)
    void acceptsWellFormedDomainSpecs(String text) throws Exception {
        assertThat(SpfMacro.parse(text, SpfMacro.Use.DOMAIN_SPEC)).isNotNull();
    }

    @Test
    void explanationTextRejectsNonAsciiAndControlCharacters() {
        assertThatThrownBy(() -> SpfMacro.parse("\u00efExplanation", SpfMacro.Use.EXPLANATION))
                .isInstanceOf(SpfSyntaxException.class);
        assertThatThrownBy(() -> SpfMacro.parse("two\tcolumns", SpfMacro.Use.EXPLANATION))
                .isInstanceOf(SpfSyntaxException.class);
    }
}

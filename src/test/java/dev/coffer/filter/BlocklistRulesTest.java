package dev.coffer.filter;

import static dev.coffer.filter.Inputs.HEADERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.dmarc.PublicSuffixList;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlocklistRulesTest {

    private final List<String> asked = new ArrayList<>();
    private final Map<String, String> listed = Map.of(
            "99.2.0.192.dnsbl.test", "127.0.0.2",
            "spammer.co.uk.uribl.test", "127.0.0.2");

    private final DnsListQuery fake = name -> {
        asked.add(name);
        String answer = listed.get(name);
        return answer == null ? List.of() : List.of(InetAddress.ofLiteral(answer));
    };

    private final SpamScorer scorer = new SpamScorer(6.0, 15.0, new DnsList(List.of("dnsbl.test"), fake),
            new DnsList(List.of("uribl.test"), fake), PublicSuffixList.mozilla(), Clock.systemUTC());

    private List<String> rules(String client, String body) {
        FilterInput input = new FilterInput(Inputs.origin(client), Inputs.passing(), List.of("bob@coffer.test"),
                (HEADERS + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
        return scorer.hits(input).stream().map(RuleHit::rule).filter(rule -> rule.contains("LISTED")).toList();
    }

    @Test
    void scoresAClientOnADnsbl() {
        assertThat(rules("192.0.2.99", "Hi\r\n")).containsExactly("CLIENT_LISTED_dnsbl.test");
        assertThat(rules("192.0.2.98", "Hi\r\n")).isEmpty();
    }

    @Test
    void neverAsksAboutPrivateOrLoopbackClients() {
        rules("127.0.0.1", "Hi\r\n");
        rules("10.1.2.3", "Hi\r\n");
        rules("::1", "Hi\r\n");

        assertThat(asked).isEmpty();
    }

    @Test
    void looksUpLinksAtTheirRegisteredDomain() {
        String body = "Click https://user:pw@click.tracker.spammer.co.uk:8443/win?x=1 or HTTP://WWW.Honest.Example.ORG/.\r\n";

        assertThat(rules("192.0.2.98", body)).containsExactly("LINK_LISTED_uribl.test");
        assertThat(asked).contains("spammer.co.uk.uribl.test", "example.org.uribl.test")
                .noneMatch(name -> name.startsWith("click.") || name.startsWith("www."));
    }

    @Test
    void findsLinksInHtmlAndIgnoresAddressLiterals() {
        String html = "MIME-Version: 1.0\r\n";
        FilterInput input = new FilterInput(Inputs.origin("192.0.2.98"), Inputs.passing(), List.of("bob@coffer.test"),
                (HEADERS + html + "Content-Type: text/html\r\n\r\n<a href=\"https://spammer.co.uk/\">x</a>"
                        + "<a href=\"http://192.0.2.7/\">y</a>\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(scorer.hits(input).stream().map(RuleHit::rule)).contains("LINK_LISTED_uribl.test");
        assertThat(asked).noneMatch(name -> name.contains("192.0.2.7"));
    }

    @Test
    void asksAboutAtMostTwentyDomainsPerMessage() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            body.append("http://www.site").append(i).append(".example/\r\n");
        }
        rules("192.0.2.98", body.toString());

        assertThat(asked.stream().filter(name -> name.endsWith(".uribl.test"))).hasSize(BlocklistRules.MAX_LINK_DOMAINS);
    }

    @Test
    void linkDomainsAreReducedToTheirRegisteredDomainByThePublicSuffixList() {
        PublicSuffixList domains = PublicSuffixList.mozilla();

        assertThat(domains.registrableDomain("a.b.example.com")).contains("example.com");
        assertThat(domains.registrableDomain("www.example.co.uk")).contains("example.co.uk");
        assertThat(domains.registrableDomain("co.uk")).isEmpty();
        assertThat(domains.registrableDomain("localhost")).isEmpty();
        assertThat(domains.registrableDomain("bücher.example.de")).contains("example.de");
        assertThat(domains.registrableDomain("x.xn--bcher-kva.de")).contains("xn--bcher-kva.de");
    }
}

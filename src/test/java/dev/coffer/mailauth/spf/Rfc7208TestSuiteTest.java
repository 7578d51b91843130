package dev.coffer.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the openspf.org RFC 7208 test suite (src/test/resources/mailauth/spf/rfc7208-tests.yml,
 * see the README there): every test of every scenario, against a DNS built from the scenario's
 * zone data. Where a test lists several acceptable results, any of them passes; where it gives an
 * explanation, the explanation must be exactly that ("DEFAULT" is the verifier's default here).
 */
class Rfc7208TestSuiteTest {

    private static final String SUITE = "/mailauth/spf/rfc7208-tests.yml";
    private static final String DEFAULT_EXPLANATION = "DEFAULT";

    @TestFactory
    Stream<DynamicNode> rfc7208TestSuite() throws IOException {
        List<DynamicNode> scenarios = new ArrayList<>();
        for (JsonNode scenario : scenarios()) {
            ZoneSpfDns dns = zone(scenario.get("zonedata"));
            List<DynamicNode> tests = new ArrayList<>();
            for (Map.Entry<String, JsonNode> test : scenario.get("tests").properties()) {
                JsonNode spec = test.getValue();
                tests.add(DynamicTest.dynamicTest(test.getKey() + " (RFC 7208 " + spec.path("spec").asText() + ")",
                        () -> run(dns, spec)));
            }
            scenarios.add(DynamicContainer.dynamicContainer(scenario.get("description").asText(), tests));
        }
        return scenarios.stream();
    }

    @Test
    void suiteHasEveryScenarioAndTest() throws IOException {
        List<JsonNode> scenarios = scenarios();
        int tests = scenarios.stream().mapToInt(s -> s.get("tests").size()).sum();

        assertThat(scenarios).hasSize(16);
        assertThat(tests).isEqualTo(203);
    }

    private static void run(ZoneSpfDns dns, JsonNode spec) throws Exception {
        SpfVerifier verifier = new SpfVerifier(dns).withDefaultExplanation(DEFAULT_EXPLANATION)
                .withClock(Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC));
        InetAddress host = InetAddress.ofLiteral(spec.get("host").asText());

        SpfResult result = verifier.check(host, spec.get("helo").asText(), spec.get("mailfrom").asText());

        List<String> acceptable = new ArrayList<>();
        JsonNode expected = spec.get("result");
        if (expected.isArray()) {
            expected.forEach(r -> acceptable.add(r.asText()));
        } else {
            acceptable.add(expected.asText());
        }
        assertThat(result.code().keyword()).as("result (%s)", result.explanation()).isIn(acceptable);
        if (spec.has("explanation")) {
            assertThat(result.explanation()).as("explanation").isEqualTo(spec.get("explanation").asText());
        }
    }

    private static List<JsonNode> scenarios() throws IOException {
        try (InputStream in = Rfc7208TestSuiteTest.class.getResourceAsStream(SUITE);
             MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
            return documents.readAll();
        }
    }

    /**
     * The zone as the suite's driver reads it: SPF entries stand in for TXT at names with no TXT
     * entry, "TXT: NONE" means no TXT record, "TIMEOUT" makes queries for absent types time out.
     */
    private static ZoneSpfDns zone(JsonNode zonedata) {
        ZoneSpfDns dns = new ZoneSpfDns();
        for (Map.Entry<String, JsonNode> name : zonedata.properties()) {
            String owner = name.getKey();
            dns.exists(owner);
            List<String> spf = new ArrayList<>();
            boolean hasTxt = false;
            for (JsonNode entry : name.getValue()) {
                if (entry.isTextual() && entry.asText().equals("TIMEOUT")) {
                    dns.timeout(owner);
                    continue;
                }
                Map.Entry<String, JsonNode> record = entry.properties().iterator().next();
                JsonNode value = record.getValue();
                switch (record.getKey().toUpperCase(Locale.ROOT)) {
                    case "SPF" -> spf.add(text(value));
                    case "TXT" -> {
                        hasTxt = true;
                        if (!value.asText().equals("NONE")) {
                            dns.txt(owner, text(value));
                        }
                    }
                    case "A" -> dns.a(owner, value.asText());
                    case "AAAA" -> dns.aaaa(owner, value.asText());
                    case "MX" -> dns.mx(owner, value.get(1).asText());
                    case "PTR" -> dns.ptr(owner, value.asText());
                    case "CNAME" -> dns.cname(owner, value.asText());
                    default -> throw new IllegalArgumentException("unknown record type in the test suite: " + record.getKey());
                }
            }
            if (!hasTxt) {
                spf.forEach(text -> dns.txt(owner, text));
            }
        }
        return dns;
    }

    /** A TXT value: one string, or a list of character-strings joined without separator (RFC 7208 §3.3). */
    private static String text(JsonNode value) {
        if (!value.isArray()) {
            return value.asText();
        }
        StringBuilder joined = new StringBuilder();
        value.forEach(part -> joined.append(part.asText()));
        return joined.toString();
    }
}

package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsReportTest {

    private static final List<Finding> FINDINGS = List.of(
            Finding.pass("spf", "\"v=spf1 mx -all\" ends in -all"),
            Finding.fail("dmarc", "p=none", "Set p=reject."),
            Finding.warn("dkim", "selectors unknown\u001b[31m", "Pass --dkim-selector."));

    @Test
    void printsOneLinePerCheckWithTheFixAndASummary() {
        String text = FindingsReport.text("example.org", FINDINGS);

        assertThat(text.lines().toList()).containsExactly(
                "PASS  spf    \"v=spf1 mx -all\" ends in -all",
                "FAIL  dmarc  p=none  → Set p=reject.",
                "WARN  dkim   selectors unknown?[31m  → Pass --dkim-selector.",
                "example.org: 3 checks, 1 failed, 1 warnings");
    }

    @Test
    void printsJsonWithVerdictsAndOverallResult() throws Exception {
        JsonNode json = new ObjectMapper().readTree(FindingsReport.json("example.org", FINDINGS));

        assertThat(json.get("domain").asText()).isEqualTo("example.org");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("findings").get(1).get("check").asText()).isEqualTo("dmarc");
        assertThat(json.get("findings").get(1).get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("findings").get(1).get("fix").asText()).isEqualTo("Set p=reject.");
    }
}

package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DkimCheckTest {

    private static final String KEY = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private static Map<String, Lookup<String>> lookups(Object... selectorAndRecords) {
        Map<String, Lookup<String>> lookups = new LinkedHashMap<>();
        for (int i = 0; i < selectorAndRecords.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> records = (List<String>) selectorAndRecords[i + 1];
            lookups.put((String) selectorAndRecords[i], Lookup.of(records, true));
        }
        return lookups;
    }

    @Test
    void passesWhenEveryKnownSelectorHasAKey() {
        Finding finding = DkimCheck.check("example.org", true, lookups("ed1", List.of(KEY), "rsa1", List.of("p=MIIB")));

        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
        assertThat(finding.detail()).contains("ed1, rsa1");
    }

    @Test
    void failsNamingAKnownSelectorWithoutRecord() {
        Finding finding = DkimCheck.check("example.org", true, lookups("ed1", List.of(KEY), "rsa1", List.of()));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("rsa1._domainkey.example.org: no record");
    }

    @Test
    void failsARevokedKey() {
        // RFC 6376 §3.6.1: an empty p= means the key was revoked
        assertThat(DkimCheck.check("example.org", true, lookups("ed1", List.of("v=DKIM1; p="))).detail())
                .contains("revoked");
    }

    @Test
    void onlyWarnsWhenGuessedSelectorsFindNothing() {
        Finding finding = DkimCheck.check("example.org", false, lookups("default", List.of(), "selector1", List.of()));

        assertThat(finding.verdict()).isEqualTo(Verdict.WARN);
        assertThat(finding.detail()).contains("selectors of a domain not hosted here are unknown");
    }

    @Test
    void passesWhenAGuessedSelectorHasAKey() {
        assertThat(DkimCheck.check("example.org", false, lookups("default", List.of(), "selector1", List.of(KEY))).detail())
                .isEqualTo("key published for selector selector1");
    }
}

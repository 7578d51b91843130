package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PublicSuffixListTest {

    private static final PublicSuffixList PSL = PublicSuffixList.mozilla();
    private static final Pattern CHECK = Pattern.compile("^checkPublicSuffix\\('([^']*)', (null|'([^']*)')\\);");

    /** The publicsuffix.org test vectors (test_psl.txt, CC0), run against the vendored list. */
    @Test
    void passesThePublicSuffixListsOwnTestVectors() throws IOException {
        String vectors;
        try (InputStream in = getClass().getResourceAsStream("/publicsuffix/test_psl.txt")) {
            vectors = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : vectors.split("\n")) {
            Matcher check = CHECK.matcher(line.strip());
            if (!check.find() || check.group(1).startsWith(".")) {
                continue; // null input and leading dots are not domains DMARC ever sees
            }
            Optional<String> expected = Optional.ofNullable(check.group(3))
                    .map(domain -> IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase());
            Optional<String> actual = PSL.registrableDomain(check.group(1));
            checked++;
            if (!actual.equals(expected)) {
                failures.add(check.group(1) + " -> " + actual + ", expected " + expected);
            }
        }
        assertThat(checked).isGreaterThan(60);
        assertThat(failures).isEmpty();
    }

    @Test
    void organizationalDomainIsOneLabelBelowThePublicSuffix() {
        assertThat(PSL.organizationalDomain("mail.sub.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(PSL.organizationalDomain("Example.COM.")).isEqualTo("example.com");
    }

    @Test
    void aPublicSuffixIsItsOwnOrganizationalDomain() {
        assertThat(PSL.organizationalDomain("co.uk")).isEqualTo("co.uk");
    }

    @Test
    void wildcardAndExceptionRulesApply() {
        assertThat(PSL.organizationalDomain("a.b.c.kawasaki.jp")).isEqualTo("b.c.kawasaki.jp");
        assertThat(PSL.organizationalDomain("www.city.kawasaki.jp")).isEqualTo("city.kawasaki.jp");
    }

    @Test
    void anEmptyNameHasNoOrganizationalDomain() {
        assertThat(PSL.organizationalDomain(".")).isEmpty();
        assertThat(PSL.registrableDomain("")).isEmpty();
        assertThat(Alignment.RELAXED.aligned(".", ".", PSL)).isFalse();
    }

    @Test
    void unlistedTopLevelDomainsUseTheDefaultRule() {
        assertThat(PSL.organizationalDomain("mx.example.test")).isEqualTo("example.test");
    }
}

package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult.Code;
import dev.coffer.mailauth.dmarc.DmarcResult.Policy;
import dev.coffer.mailauth.spf.SpfResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DmarcVerifierTest {

    private static final PublicSuffixList PSL = PublicSuffixList.mozilla();
    private static final SpfResult NO_SPF = new SpfResult(SpfResult.Code.NONE, "", "");

    private final FakeDmarcDns dns = new FakeDmarcDns();

    private DmarcVerifier verifier() {
        return new DmarcVerifier(dns, PSL);
    }

    private static SpfResult spfPass(String domain) {
        return new SpfResult(SpfResult.Code.PASS, domain, "");
    }

    private static DkimResult dkimPass(String domain) {
        return new DkimResult.Pass(domain, "sel", DkimAlgorithm.ED25519_SHA256, false);
    }

    /** A generator whose nextInt(bound) always returns {@code value}. */
    private static RandomGenerator fixed(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }

    @Test
    void rejectsMailFromDomainsWithRejectPolicyWhenNothingAligns() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcResult result = verifier().evaluate("example.com", spfPass("attacker.example"),
                List.of(dkimPass("attacker.example")), ArcResult.none());

        assertThat(result).isEqualTo(new DmarcResult(Code.FAIL, "example.com", Policy.REJECT, Policy.REJECT,
                "no aligned SPF or DKIM pass"));
    }

    @Test
    void passesOnAnAlignedDkimSignature() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcResult result = verifier().evaluate("example.com", NO_SPF, List.of(dkimPass("example.com")), null);

        assertThat(result.code()).isEqualTo(Code.PASS);
        assertThat(result.policy()).isEqualTo(Policy.REJECT);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void relaxedAlignmentAcceptsAnotherDomainOfTheSameOrganization() {
        dns.add("_dmarc.example.co.uk", "v=DMARC1; p=reject");

        assertThat(verifier().evaluate("news.example.co.uk", spfPass("bounces.example.co.uk"), List.of(), null).code())
                .isEqualTo(Code.PASS);
        assertThat(verifier().evaluate("news.example.co.uk", spfPass("other.co.uk"), List.of(), null).code())
                .isEqualTo(Code.FAIL);
    }

    @Test
    void strictAlignmentWantsTheExactDomain() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; aspf=s; adkim=s");

        assertThat(verifier().evaluate("example.com", spfPass("bounces.example.com"),
                List.of(dkimPass("mail.example.com")), null).code()).isEqualTo(Code.FAIL);
        assertThat(verifier().evaluate("example.com", spfPass("EXAMPLE.com"), List.of(), null).code())
                .isEqualTo(Code.PASS);
        assertThat(verifier().evaluate("example.com", NO_SPF, List.of(dkimPass("example.com")), null).code())
                .isEqualTo(Code.PASS);
    }

    @Test
    void spfMustPassToCount() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=quarantine");

        DmarcResult result = verifier().evaluate("example.com",
                new SpfResult(SpfResult.Code.SOFTFAIL, "example.com", ""), List.of(), null);

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.disposition()).isEqualTo(Policy.QUARANTINE);
    }

    @Test
    void aBodyLengthLimitedDkimPassDoesNotCount() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");
        DkimResult limited = new DkimResult.Pass("example.com", "sel", DkimAlgorithm.RSA_SHA256, true);

        assertThat(verifier().evaluate("example.com", NO_SPF, List.of(limited), null).code()).isEqualTo(Code.FAIL);
    }

    @Test
    void failingDkimResultsDoNotCount() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");

        assertThat(verifier().evaluate("example.com", NO_SPF,
                List.of(new DkimResult.Fail("example.com", "sel", "bad signature")), null).code()).isEqualTo(Code.FAIL);
    }

    @Test
    void subdomainsWithoutTheirOwnRecordGetTheOrganizationalDomainsSubdomainPolicy() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine");

        DmarcResult result = verifier().evaluate("mail.example.com", NO_SPF, List.of(), null);

        assertThat(dns.queries).containsExactly("_dmarc.mail.example.com", "_dmarc.example.com");
        assertThat(result.policy()).isEqualTo(Policy.QUARANTINE);
        assertThat(verifier().evaluate("example.com", NO_SPF, List.of(), null).policy()).isEqualTo(Policy.REJECT);
    }

    @Test
    void aSubdomainsOwnRecordWinsAndItsPolicyIsP() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; sp=reject");
        dns.add("_dmarc.mail.example.com", "v=DMARC1; p=none; sp=reject");

        DmarcResult result = verifier().evaluate("mail.example.com", NO_SPF, List.of(), null);

        assertThat(result.policy()).isEqualTo(Policy.NONE);
        assertThat(dns.queries).containsExactly("_dmarc.mail.example.com");
    }

    @Test
    void noRecordMeansNone() {
        DmarcResult result = verifier().evaluate("example.com", NO_SPF, List.of(), null);

        assertThat(result.code()).isEqualTo(Code.NONE);
        assertThat(result.fromDomain()).isEqualTo("example.com");
        assertThat(dns.queries).containsExactly("_dmarc.example.com");
    }

    @Test
    void otherTxtRecordsAtTheNameAreIgnored() {
        dns.add("_dmarc.example.com", "v=spf1 -all", "v=DMARC1; p=reject");

        assertThat(verifier().evaluate("example.com", NO_SPF, List.of(), null).code()).isEqualTo(Code.FAIL);
    }

    @Test
    void multipleRecordsMeanNone() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject", "v=DMARC1; p=none");

        DmarcResult result = verifier().evaluate("example.com", NO_SPF, List.of(), null);

        assertThat(result.code()).isEqualTo(Code.NONE);
        assertThat(result.reason()).contains("2 DMARC records");
    }

    @Test
    void anInvalidRecordMeansNoneAndDoesNotFallBackToTheOrganizationalDomain() {
        dns.add("_dmarc.mail.example.com", "v=DMARC1; p=reject; pct=200");
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcResult result = verifier().evaluate("mail.example.com", NO_SPF, List.of(), null);

        assertThat(result.code()).isEqualTo(Code.NONE);
        assertThat(result.reason()).contains("invalid DMARC record");
        assertThat(dns.queries).containsExactly("_dmarc.mail.example.com");
    }

    @Test
    void dnsFailureIsTemperror() {
        dns.failing.add("_dmarc.example.com");

        DmarcResult result = verifier().evaluate("mail.example.com", NO_SPF, List.of(), null);

        assertThat(result.code()).isEqualTo(Code.TEMPERROR);
        assertThat(result.disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void pctSamplesTheFailuresThePolicyAppliesTo() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; pct=30");

        DmarcResult inSample = new DmarcVerifier(dns, PSL, fixed(29)).evaluate("example.com", NO_SPF, List.of(), null);
        DmarcResult outOfSample = new DmarcVerifier(dns, PSL, fixed(30)).evaluate("example.com", NO_SPF, List.of(), null);

        assertThat(inSample.disposition()).isEqualTo(Policy.REJECT);
        // RFC 7489 §6.6.4: the next less strict policy
        assertThat(outOfSample.policy()).isEqualTo(Policy.REJECT);
        assertThat(outOfSample.disposition()).isEqualTo(Policy.QUARANTINE);
        assertThat(outOfSample.reason()).startsWith(DmarcVerifier.SAMPLED_OUT);
    }

    @Test
    void pctZeroQuarantineBecomesNone() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=quarantine; pct=0");

        assertThat(new DmarcVerifier(dns, PSL, fixed(0)).evaluate("example.com", NO_SPF, List.of(), null).disposition())
                .isEqualTo(Policy.NONE);
    }

    @Test
    void aPassingArcChainOverridesAFailingPolicy() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcResult result = verifier().evaluate("example.com", spfPass("list.example.org"), List.of(),
                new ArcResult(ArcResult.Code.PASS, 2, "", "i=1 mx.example.org; dkim=pass"));

        assertThat(result).isEqualTo(new DmarcResult(Code.FAIL, "example.com", Policy.REJECT, Policy.NONE,
                DmarcVerifier.ARC_OVERRIDE));
    }

    @Test
    void aFailingArcChainOverridesNothing() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcResult result = verifier().evaluate("example.com", NO_SPF, List.of(),
                new ArcResult(ArcResult.Code.FAIL, 2, "bad seal", ""));

        assertThat(result.disposition()).isEqualTo(Policy.REJECT);
    }

    @Test
    void emptyFromDomainIsNone() {
        assertThat(verifier().evaluate("", NO_SPF, List.of(), null)).isEqualTo(DmarcResult.none(""));
        assertThat(dns.queries).isEmpty();
    }

    @Test
    void aMessageWithoutASingleFromFieldIsPermerror() {
        byte[] twoFroms = "From: a@example.com\r\nFrom: b@example.org\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        DmarcResult result = verifier().evaluate(twoFroms, NO_SPF, List.of(), null);

        assertThat(result.code()).isEqualTo(Code.PERMERROR);
        assertThat(result.reason()).contains("2 From fields");
    }

    @Test
    void severalAuthorsGetTheStrictestOutcome() {
        // RFC 7489 §6.6.1: a forged bank address next to the sender's own must not slip through
        dns.add("_dmarc.sender.example", "v=DMARC1; p=none");
        dns.add("_dmarc.bank.example", "v=DMARC1; p=reject");
        byte[] message = "From: me@sender.example, ceo@bank.example\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        DmarcResult result = verifier().evaluate(message, spfPass("sender.example"), List.of(), null);

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.fromDomain()).isEqualTo("bank.example");
        assertThat(result.disposition()).isEqualTo(Policy.REJECT);
    }

    @Test
    void aMessageWithOneAuthorIsEvaluatedForItsDomain() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");
        byte[] message = "From: Jane <jane@example.com>\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(verifier().evaluate(message, NO_SPF, List.of(dkimPass("example.com")), null).code())
                .isEqualTo(Code.PASS);
    }
}

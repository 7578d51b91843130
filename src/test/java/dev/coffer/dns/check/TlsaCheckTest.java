package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.TlsaDigest;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsaCheckTest {

    private static final String MX = "mx.example.org";
    private static TestCertificates served;
    private static TestCertificates other;

    @BeforeAll
    static void certificates(@TempDir Path directory) throws Exception {
        served = TestCertificates.issue(directory.resolve("served"), MX);
        other = TestCertificates.issue(directory.resolve("other"), MX);
    }

    private static TlsaRecord record(int usage, int selector, int matching, byte[] data) {
        return new TlsaRecord(usage, selector, matching, data);
    }

    private static Finding check(boolean secure, TlsaRecord... records) {
        return TlsaCheck.check(MX, Lookup.of(List.of(records), secure), served.chain(), null);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void passesA311RecordOfTheServedKey() {
        Finding finding = check(true, record(3, 1, 1, HexFormat.of().parseHex(TlsaDigest.of(served.leaf()))));

        assertThat(finding.check()).isEqualTo("tlsa mx.example.org");
        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void passesFullCertificateAndSha512AndExactForms() throws Exception {
        // RFC 6698 §2.1: selector 0 is the whole certificate; matching type 2 is SHA-512, 0 the data itself
        assertThat(check(true, record(3, 0, 1, sha256(served.leaf().getEncoded()))).verdict()).isEqualTo(Verdict.PASS);
        assertThat(check(true, record(3, 1, 2, MessageDigest.getInstance("SHA-512")
                .digest(served.leaf().getPublicKey().getEncoded()))).verdict()).isEqualTo(Verdict.PASS);
        assertThat(check(true, record(3, 1, 0, served.leaf().getPublicKey().getEncoded())).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failsWhenNoRecordMatchesAndGivesTheRecordToPublish() {
        Finding finding = check(true, record(3, 1, 1, HexFormat.of().parseHex(TlsaDigest.of(other.leaf()))));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("does not match the server's certificate");
        assertThat(finding.fix()).contains("_25._tcp.mx.example.org. IN TLSA 3 1 1 " + TlsaDigest.of(served.leaf()));
    }

    @Test
    void passesWhileAPrePublishedNextKeyMatchesNothingYet() {
        // RFC 7671 §8.1: publish the next key's record before rolling over
        Finding finding = check(true, record(3, 1, 1, HexFormat.of().parseHex(TlsaDigest.of(served.leaf()))),
                record(3, 1, 1, HexFormat.of().parseHex(TlsaDigest.of(other.leaf()))));

        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
        assertThat(finding.detail()).contains("also:");
    }

    @Test
    void passesADaneTaRecordOfTheCaInTheChainWhenTheLeafNamesTheHost() throws Exception {
        // RFC 7672 §3.1.2: DANE-TA(2) names a CA the server sends; the chain is checked up to it, and the name
        TlsaRecord ta = record(2, 0, 1, sha256(served.ca().getEncoded()));

        assertThat(check(true, ta).verdict()).isEqualTo(Verdict.PASS);
        Finding wrongHost = TlsaCheck.check("other.example.org", Lookup.of(List.of(ta), true), served.chain(), null);
        assertThat(wrongHost.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(wrongHost.detail()).contains("does not name other.example.org");
    }

    @Test
    void failsADaneTaRecordOfACaTheServerDoesNotSend() throws Exception {
        assertThat(check(true, record(2, 0, 1, sha256(other.ca().getEncoded()))).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void treatsPkixUsagesAsUnusableForSmtp() throws Exception {
        // RFC 7672 §3.1.3
        Finding finding = check(true, record(1, 0, 1, sha256(served.leaf().getEncoded())));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("unusable for SMTP");
    }

    @Test
    void checksOtherServicesByPortButLeavesPkixUsagesUnchecked() throws Exception {
        // RFC 7671: DANE for any TLS service; PKIX usages would also need PKIX validation
        TlsaRecord ee = record(3, 1, 1, HexFormat.of().parseHex(TlsaDigest.of(served.leaf())));
        Finding imaps = TlsaCheck.check(MX, 993, Lookup.of(List.of(ee), true), served.chain(), null);
        Finding pkix = TlsaCheck.check(MX, 993, Lookup.of(List.of(record(1, 0, 1, sha256(served.leaf().getEncoded()))), true),
                served.chain(), null);

        assertThat(imaps.check()).isEqualTo("tlsa mx.example.org:993");
        assertThat(imaps.verdict()).isEqualTo(Verdict.PASS);
        assertThat(pkix.detail()).contains("_993._tcp.mx.example.org").contains("not checked here");
    }

    @Test
    void failsRecordsThatAreNotDnssecSecure() {
        // RFC 7672 §2.2: senders ignore TLSA records that did not validate
        Finding finding = check(false, record(3, 1, 1, HexFormat.of().parseHex(TlsaDigest.of(served.leaf()))));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("not DNSSEC-secure");
    }

    @Test
    void failsWithoutRecordsOrWithoutAServedCertificate() {
        assertThat(check(true).detail()).contains("no TLSA record at _25._tcp.mx.example.org");
        Finding noTls = TlsaCheck.check(MX, Lookup.of(List.of(record(3, 1, 1, new byte[32])), true), null, "no STARTTLS");
        assertThat(noTls.detail()).contains("no STARTTLS");
    }
}

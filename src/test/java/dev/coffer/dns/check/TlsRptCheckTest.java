package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsRptCheckTest {

    private static Finding check(String... txt) {
        return TlsRptCheck.check("example.org", Lookup.of(List.of(txt), true));
    }

    @Test
    void passesOneRecordWithMailtoOrHttpsReports() {
        assertThat(check("v=TLSRPTv1; rua=mailto:tls@example.org").verdict()).isEqualTo(Verdict.PASS);
        assertThat(check("v=TLSRPTv1; rua=mailto:tls@example.org,https://reports.example.org/tls").verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void failsWithoutRecordOrUsableReportAddress() {
        assertThat(check().detail()).contains("no TLS-RPT record at _smtp._tls.example.org");
        assertThat(check("v=TLSRPTv1; rua=ftp://example.org").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check("v=TLSRPTv1;").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsWithTwoRecords() {
        assertThat(check("v=TLSRPTv1; rua=mailto:a@example.org", "v=TLSRPTv1; rua=mailto:b@example.org").verdict())
                .isEqualTo(Verdict.FAIL);
    }
}

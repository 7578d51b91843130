package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.DmarcReportCount;
import dev.coffer.store.DmarcReportRow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DmarcAggregateReportTest {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static String text(Document document, String path) throws Exception {
        return XPATH.evaluate(path, document);
    }

    @Test
    void writesTheFeedbackElementsOfAppendixC() throws Exception {
        DmarcAggregateReport report = new DmarcAggregateReport("mx.coffer.example", "postmaster@mx.coffer.example",
                "r1", DAY, "example.com", List.of(new DmarcReportCount(ReportRows.row("2026-04-01", "example.com", "192.0.2.1", "none"), 1)));

        Document xml = parse(report.xml());

        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("feedback");
        assertThat(childNames(xml.getDocumentElement()))
                .containsExactly("version", "report_metadata", "policy_published", "record");
        assertThat(text(xml, "/feedback/report_metadata/org_name")).isEqualTo("mx.coffer.example");
        assertThat(text(xml, "/feedback/report_metadata/email")).isEqualTo("postmaster@mx.coffer.example");
        assertThat(text(xml, "/feedback/report_metadata/report_id")).isEqualTo("r1");
        assertThat(text(xml, "/feedback/report_metadata/date_range/begin")).isEqualTo("1775001600");
        assertThat(text(xml, "/feedback/report_metadata/date_range/end")).isEqualTo("1775087999");
        assertThat(text(xml, "/feedback/policy_published/domain")).isEqualTo("example.com");
        assertThat(text(xml, "/feedback/policy_published/p")).isEqualTo("reject");
        assertThat(text(xml, "/feedback/policy_published/pct")).isEqualTo("100");
        assertThat(text(xml, "/feedback/record/row/source_ip")).isEqualTo("192.0.2.1");
        assertThat(text(xml, "/feedback/record/row/count")).isEqualTo("1");
        assertThat(text(xml, "/feedback/record/row/policy_evaluated/disposition")).isEqualTo("none");
        assertThat(text(xml, "/feedback/record/row/policy_evaluated/dkim")).isEqualTo("pass");
        assertThat(text(xml, "/feedback/record/row/policy_evaluated/spf")).isEqualTo("fail");
        assertThat(text(xml, "/feedback/record/identifiers/header_from")).isEqualTo("example.com");
        assertThat(text(xml, "/feedback/record/identifiers/envelope_from")).isEqualTo("bounces.example.com");
        assertThat(text(xml, "/feedback/record/auth_results/dkim/domain")).isEqualTo("example.com");
        assertThat(text(xml, "/feedback/record/auth_results/dkim/selector")).isEqualTo("sel");
        assertThat(text(xml, "/feedback/record/auth_results/spf/scope")).isEqualTo("mfrom");
        assertThat(text(xml, "/feedback/record/auth_results/spf/result")).isEqualTo("pass");
    }

    @Test
    void writesOneRecordPerCountedGroup() throws Exception {
        DmarcAggregateReport report = new DmarcAggregateReport("o", "e@o.example", "r", DAY, "example.com", List.of(
                new DmarcReportCount(ReportRows.row("2026-04-01", "example.com", "192.0.2.1", "none"), 2),
                new DmarcReportCount(ReportRows.row("2026-04-01", "example.com", "2001:db8::1", "reject"), 1)));

        Document xml = parse(report.xml());

        NodeList records = (NodeList) XPATH.evaluate("/feedback/record", xml, XPathConstants.NODESET);
        assertThat(records.getLength()).isEqualTo(2);
        assertThat(text(xml, "/feedback/record[1]/row/count")).isEqualTo("2");
        assertThat(text(xml, "/feedback/record[2]/row/source_ip")).isEqualTo("2001:db8::1");
        assertThat(text(xml, "/feedback/record[2]/row/policy_evaluated/disposition")).isEqualTo("reject");
    }

    @Test
    void writesOverrideReasons() throws Exception {
        DmarcReportRow row = ReportRows.row("2026-04-01", "example.com", "192.0.2.1", "none");
        DmarcReportRow overridden = new DmarcReportRow(row.day(), row.policyDomain(), row.headerFrom(), "",
                row.sourceIp(), "none", false, false, DmarcReportLog.OVERRIDE_LOCAL_POLICY, "arc=pass",
                "helo.example.org", "none", List.of(), "reject", "reject", "r", "r", 100, "1");

        Document xml = parse(new DmarcAggregateReport("o", "e@o.example", "r", DAY, "example.com",
                List.of(new DmarcReportCount(overridden, 1))).xml());

        assertThat(text(xml, "/feedback/record/row/policy_evaluated/reason/type")).isEqualTo("local_policy");
        assertThat(text(xml, "/feedback/record/row/policy_evaluated/reason/comment")).isEqualTo("arc=pass");
        assertThat(text(xml, "/feedback/record/identifiers/envelope_from")).isEmpty();
        assertThat(text(xml, "/feedback/policy_published/fo")).isEqualTo("1");
        assertThat(text(xml, "/feedback/record/auth_results/spf/scope")).isEqualTo("helo");
    }

    @Test
    void escapesMarkupAndDropsCharactersXmlCannotHold() throws Exception {
        DmarcReportRow row = new DmarcReportRow("2026-04-01", "example.com", "example.com", "", "192.0.2.1", "none",
                false, false, "", "", "x.example", "none",
                List.of(new DmarcReportRow.DkimAuth("example.com", "<sel>&\u0001", "fail")),
                "none", "none", "r", "r", 100, "0");

        Document xml = parse(new DmarcAggregateReport("A & B <org>", "e@o.example", "r", DAY, "example.com",
                List.of(new DmarcReportCount(row, 1))).xml());

        assertThat(text(xml, "/feedback/report_metadata/org_name")).isEqualTo("A & B <org>");
        assertThat(text(xml, "/feedback/record/auth_results/dkim/selector")).isEqualTo("<sel>&?");
    }

    @Test
    void gzipsTheXml() throws Exception {
        DmarcAggregateReport report = new DmarcAggregateReport("o", "e@o.example", "r", DAY, "example.com",
                List.of(new DmarcReportCount(ReportRows.row("2026-04-01", "example.com", "192.0.2.1", "none"), 1)));

        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(report.gzipped()))) {
            assertThat(in.readAllBytes()).isEqualTo(report.xml());
        }
    }

    @Test
    void aReportNeedsARecord() {
        assertThatThrownBy(() -> new DmarcAggregateReport("o", "e", "r", DAY, "example.com", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> childNames(Element element) {
        List<String> names = new java.util.ArrayList<>();
        for (var node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && !names.contains(child.getTagName())) {
                names.add(child.getTagName());
            }
        }
        return names;
    }
}

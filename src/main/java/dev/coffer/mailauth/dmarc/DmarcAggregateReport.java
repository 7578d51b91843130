package dev.coffer.mailauth.dmarc;

import dev.coffer.store.DmarcReportCount;
import dev.coffer.store.DmarcReportRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One DMARC aggregate report (RFC 7489 §7.2, the XML of appendix C): the messages of one policy
 * domain over one UTC day, identical ones counted together.
 *
 * @param orgName      report_metadata/org_name: this receiver
 * @param email        report_metadata/email: where to ask about the report
 * @param reportId     report_metadata/report_id
 * @param day          the UTC day the report covers (date_range, 00:00:00 to 23:59:59)
 * @param policyDomain policy_published/domain
 * @param records      the counted messages of {@code policyDomain} on {@code day}, the newest last; at least one
 */
public record DmarcAggregateReport(String orgName, String email, String reportId, LocalDate day,
                                   String policyDomain, List<DmarcReportCount> records) {

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    public DmarcAggregateReport {
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a DMARC report needs at least one record");
        }
    }

    /** The first second of the day, in seconds since the epoch (date_range/begin). */
    public long begin() {
        return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** The last second of the day (date_range/end). */
    public long end() {
        return begin() + Duration.ofDays(1).toSeconds() - 1;
    }

    /** The report as UTF-8 XML. */
    public byte[] xml() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feedback");
            element(xml, "version", "1.0");
            xml.writeStartElement("report_metadata");
            element(xml, "org_name", orgName);
            element(xml, "email", email);
            element(xml, "report_id", reportId);
            xml.writeStartElement("date_range");
            element(xml, "begin", Long.toString(begin()));
            element(xml, "end", Long.toString(end()));
            xml.writeEndElement();
            xml.writeEndElement();
            policyPublished(xml, records.getLast().row());
            for (DmarcReportCount counted : records) {
                record(xml, counted.row(), counted.messages());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a DMARC report: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The XML, gzip-compressed (RFC 7489 §7.2.1.1: application/gzip). */
    public byte[] gzipped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(xml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The policy as last seen during the day. */
    private void policyPublished(XMLStreamWriter xml, DmarcReportRow latest) throws XMLStreamException {
        xml.writeStartElement("policy_published");
        element(xml, "domain", policyDomain);
        element(xml, "adkim", latest.adkim());
        element(xml, "aspf", latest.aspf());
        element(xml, "p", latest.policyP());
        element(xml, "sp", latest.policySp());
        element(xml, "pct", Integer.toString(latest.pct()));
        element(xml, "fo", latest.fo());
        xml.writeEndElement();
    }

    private static void record(XMLStreamWriter xml, DmarcReportRow row, long count) throws XMLStreamException {
        xml.writeStartElement("record");
        xml.writeStartElement("row");
        element(xml, "source_ip", row.sourceIp());
        element(xml, "count", Long.toString(count));
        xml.writeStartElement("policy_evaluated");
        element(xml, "disposition", row.disposition());
        element(xml, "dkim", row.dkimAligned() ? "pass" : "fail");
        element(xml, "spf", row.spfAligned() ? "pass" : "fail");
        if (!row.overrideType().isEmpty()) {
            xml.writeStartElement("reason");
            element(xml, "type", row.overrideType());
            if (!row.overrideComment().isEmpty()) {
                element(xml, "comment", row.overrideComment());
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement("identifiers");
        // RFC 7489 appendix C: envelope_from is required; empty for the null reverse-path
        element(xml, "envelope_from", row.envelopeFrom());
        element(xml, "header_from", row.headerFrom());
        xml.writeEndElement();
        xml.writeStartElement("auth_results");
        for (DmarcReportRow.DkimAuth dkim : row.dkim()) {
            xml.writeStartElement("dkim");
            element(xml, "domain", dkim.domain());
            if (!dkim.selector().isEmpty()) {
                element(xml, "selector", dkim.selector());
            }
            element(xml, "result", dkim.result());
            xml.writeEndElement();
        }
        // RFC 7489 appendix C: at least one spf element
        xml.writeStartElement("spf");
        element(xml, "domain", row.spfDomain());
        element(xml, "scope", row.envelopeFrom().isEmpty() ? "helo" : "mfrom");
        element(xml, "result", row.spfResult());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(xmlSafe(text));
        xml.writeEndElement();
    }

    /** XML 1.0 §2.2: only these characters may appear; anything else from the wire becomes "?". */
    private static String xmlSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(
                c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                        || c >= 0x10000 ? c : '?'));
        return safe.toString();
    }
}

package dev.coffer.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import dev.coffer.store.QueueStore;
import dev.coffer.store.QueueTlsCount;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP TLS Reporting (RFC 8460): counts every TLS session of outbound delivery per policy
 * domain and day, and builds the daily aggregate report in the JSON format of §4.4.
 */
public final class TlsReports {

    private static final Logger log = LoggerFactory.getLogger(TlsReports.class);

    // RFC 8460 §4.4 policy-type
    public static final String POLICY_STS = "sts";
    public static final String POLICY_TLSA = "tlsa";
    public static final String POLICY_NONE = "no-policy-found";

    // RFC 8460 §4.3 result-type
    public static final String STARTTLS_NOT_SUPPORTED = "starttls-not-supported";
    public static final String CERTIFICATE_HOST_MISMATCH = "certificate-host-mismatch";
    public static final String CERTIFICATE_EXPIRED = "certificate-expired";
    public static final String CERTIFICATE_NOT_TRUSTED = "certificate-not-trusted";
    public static final String VALIDATION_FAILURE = "validation-failure";
    public static final String TLSA_INVALID = "tlsa-invalid";
    public static final String DNSSEC_INVALID = "dnssec-invalid";
    public static final String STS_POLICY_FETCH_ERROR = "sts-policy-fetch-error";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueueStore rows;
    private final String organizationName;
    private final String contactInfo;

    /**
     * @param organizationName RFC 8460 §4.4 organization-name (the operator)
     * @param contactInfo      RFC 8460 §4.4 contact-info (an address for questions about the report)
     */
    public TlsReports(QueueStore rows, String organizationName, String contactInfo) {
        this.rows = rows;
        this.organizationName = organizationName;
        this.contactInfo = contactInfo;
    }

    /** Counts one TLS session with an MX of {@code policyDomain}. */
    public void record(String policyDomain, TlsSessionResult result, Instant when) {
        TlsRequirement requirement = result.requirement();
        rows.recordTlsSession(day(when).toString(), policyDomain.toLowerCase(Locale.ROOT), requirement.policyType(),
                policyStrings(requirement), mxPatterns(requirement, result.mxHost()), result.resultType(),
                result.mxHost());
    }

    /** The report of one policy domain for one UTC day, or empty when no session was counted. */
    public Optional<byte[]> build(String policyDomain, LocalDate day) {
        return build(policyDomain, day, UUID.randomUUID().toString());
    }

    Optional<byte[]> build(String policyDomain, LocalDate day, String reportId) {
        List<QueueTlsCount> counts = rows.tlsSessions(day.toString(), policyDomain.toLowerCase(Locale.ROOT));
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode report = JSON.createObjectNode();
        report.put("organization-name", organizationName);
        ObjectNode range = report.putObject("date-range");
        range.put("start-datetime", day + "T00:00:00Z");
        range.put("end-datetime", day + "T23:59:59Z");
        report.put("contact-info", contactInfo);
        report.put("report-id", reportId);
        ArrayNode policies = report.putArray("policies");

        Map<List<Object>, List<QueueTlsCount>> byPolicy = new LinkedHashMap<>();
        for (QueueTlsCount count : counts) {
            byPolicy.computeIfAbsent(List.of(count.policyType(), count.policyStrings(), count.mxPatterns()),
                    key -> new ArrayList<>()).add(count);
        }
        for (List<QueueTlsCount> group : byPolicy.values()) {
            QueueTlsCount first = group.getFirst();
            ObjectNode entry = policies.addObject();
            ObjectNode policy = entry.putObject("policy");
            policy.put("policy-type", first.policyType());
            if (!first.policyStrings().isEmpty()) {
                ArrayNode strings = policy.putArray("policy-string");
                first.policyStrings().forEach(strings::add);
            }
            policy.put("policy-domain", policyDomain.toLowerCase(Locale.ROOT));
            if (!first.mxPatterns().isEmpty()) {
                ArrayNode hosts = policy.putArray("mx-host");
                first.mxPatterns().forEach(hosts::add);
            }
            long successes = group.stream().filter(count -> count.resultType() == null)
                    .mapToLong(QueueTlsCount::sessions).sum();
            long failures = group.stream().filter(count -> count.resultType() != null)
                    .mapToLong(QueueTlsCount::sessions).sum();
            ObjectNode summary = entry.putObject("summary");
            summary.put("total-successful-session-count", successes);
            summary.put("total-failure-session-count", failures);
            if (failures > 0) {
                ArrayNode details = entry.putArray("failure-details");
                for (QueueTlsCount count : group) {
                    if (count.resultType() != null) {
                        ObjectNode detail = details.addObject();
                        detail.put("result-type", count.resultType());
                        detail.put("receiving-mx-hostname", count.receivingMx());
                        detail.put("failed-session-count", count.sessions());
                    }
                }
            }
        }
        try {
            return Optional.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a TLS report: " + e.getMessage(), e);
        }
    }

    /**
     * Builds and sends the reports of {@code day} for every policy domain with sessions; returns how
     * many were sent. A domain whose sending fails is logged and skipped: its counts stay for a retry.
     */
    public int send(LocalDate day, TlsReportSender sender) {
        int sent = 0;
        for (String domain : rows.tlsPolicyDomains(day.toString())) {
            String reportId = day + "_" + domain + "_" + UUID.randomUUID();
            Optional<byte[]> report = build(domain, day, reportId);
            if (report.isEmpty()) {
                continue;
            }
            try {
                sender.send(domain, reportId, day, report.get());
                sent++;
            } catch (IOException e) {
                log.warn("event=tlsrpt-send-failed domain={} error=\"{}\"", domain, e.getMessage());
            }
        }
        return sent;
    }

    /** Forgets counts of days before {@code day} (after they were reported). */
    public void forgetBefore(LocalDate day) {
        rows.deleteTlsSessionsBefore(day.toString());
    }

    static LocalDate day(Instant when) {
        return LocalDate.ofInstant(when, ZoneOffset.UTC);
    }

    /** RFC 8460 §4.4 policy-string: the STS policy's lines, or the TLSA records in presentation format. */
    static List<String> policyStrings(TlsRequirement requirement) {
        return switch (requirement) {
            case TlsRequirement.Dane dane -> dane.records().stream().map(TlsReports::presentation).toList();
            case TlsRequirement.Verified verified -> stsLines(verified.policy());
            case TlsRequirement.Testing testing -> stsLines(testing.policy());
            case TlsRequirement.Refused refused -> stsLines(refused.policy());
            case TlsRequirement.Encrypted encrypted -> List.of();
            case TlsRequirement.Opportunistic opportunistic -> List.of();
        };
    }

    private static List<String> mxPatterns(TlsRequirement requirement, String mxHost) {
        return switch (requirement) {
            case TlsRequirement.Verified verified when verified.policy() != null -> verified.policy().mxPatterns();
            case TlsRequirement.Testing testing -> testing.policy().mxPatterns();
            case TlsRequirement.Refused refused when refused.policy() != null -> refused.policy().mxPatterns();
            case TlsRequirement.Dane dane -> List.of(mxHost);
            case TlsRequirement.Encrypted encrypted -> List.of(mxHost);
            default -> List.of();
        };
    }

    /** RFC 8461 §3.2 policy fields, one string each, as RFC 8460 §4.4 shows them. */
    private static List<String> stsLines(MtaStsPolicy policy) {
        if (policy == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("version: STSv1");
        lines.add("mode: " + policy.mode().name().toLowerCase(Locale.ROOT));
        policy.mxPatterns().forEach(pattern -> lines.add("mx: " + pattern));
        lines.add("max_age: " + policy.maxAge().toSeconds());
        return lines;
    }

    private static String presentation(TlsaRecord record) {
        return record.usage() + " " + record.selector() + " " + record.matchingType() + " "
                + HexFormat.of().formatHex(record.data());
    }
}

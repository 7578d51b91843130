package dev.coffer.dns.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The findings for a terminal (one line each) or as JSON. */
public final class FindingsReport {

    private FindingsReport() {}

    /** {@code PASS  spf  detail}; failures and warnings add {@code  → fix}. */
    public static String text(String domain, List<Finding> findings) {
        int width = findings.stream().mapToInt(f -> f.check().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Finding finding : findings) {
            out.append(String.format("%-4s  %-" + width + "s  %s", finding.verdict(), finding.check(), oneLine(finding.detail())));
            if (!finding.fix().isEmpty()) {
                out.append("  → ").append(oneLine(finding.fix()));
            }
            out.append('\n');
        }
        long failed = findings.stream().filter(f -> f.verdict() == Verdict.FAIL).count();
        long warned = findings.stream().filter(f -> f.verdict() == Verdict.WARN).count();
        out.append(domain).append(": ").append(findings.size()).append(" checks, ")
                .append(failed).append(" failed, ").append(warned).append(" warnings\n");
        return out.toString();
    }

    public static String json(String domain, List<Finding> findings) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("domain", domain);
        document.put("passed", !DomainAudit.anyFailed(findings));
        document.put("findings", findings.stream().map(f -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("check", f.check());
            entry.put("verdict", f.verdict().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("detail", f.detail());
            entry.put("fix", f.fix());
            return entry;
        }).toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("findings are plain strings and always serialise", e);
        }
    }

    /** Control characters from DNS data must not reach the terminal. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}

package dev.coffer.mailauth.dmarc;

import dev.coffer.mailauth.dmarc.DmarcResult.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Domain Owner's DMARC policy record (RFC 7489 §6.3), as published at {@code _dmarc.DOMAIN}.
 *
 * @param policy           p=, what to do with mail that fails
 * @param subdomainPolicy  sp=, the same for subdomains of the Organizational Domain; empty means p=
 * @param dkimAlignment    adkim=, relaxed by default
 * @param spfAlignment     aspf=, relaxed by default
 * @param percent          pct=, the share of failing mail the policy applies to (0-100), 100 by default
 * @param aggregateReports rua=, where aggregate reports go
 * @param failureReports   ruf=, where failure reports go (Coffer sends none)
 * @param reportInterval   ri=, seconds between aggregate reports, 86400 by default
 * @param failureOptions   fo=, as published ("0" by default); only echoed in aggregate reports
 * @param text             the record as published
 */
public record DmarcRecord(Policy policy, Optional<Policy> subdomainPolicy, Alignment dkimAlignment,
                          Alignment spfAlignment, int percent, List<ReportUri> aggregateReports,
                          List<ReportUri> failureReports, long reportInterval, String failureOptions,
                          String text) {

    /** RFC 7489 §6.4 dmarc-version, case-sensitive "DMARC1" with optional WSP around "=". */
    private static final Pattern VERSION = Pattern.compile("^[vV][ \\t]*=[ \\t]*DMARC1[ \\t]*(;.*)?$", Pattern.DOTALL);
    /** RFC 7489 §6.4: a tag name (ABNF literals, so case-insensitive) is ALPHA *(ALPHA / DIGIT / "_"). */
    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern PERCENT = Pattern.compile("[0-9]{1,3}");
    private static final Pattern INTERVAL = Pattern.compile("[0-9]{1,10}");
    private static final long DEFAULT_INTERVAL = 86_400;

    public DmarcRecord {
        aggregateReports = List.copyOf(aggregateReports);
        failureReports = List.copyOf(failureReports);
    }

    /** Whether a TXT record claims to be a DMARC record (§6.6.3 step 2: others are discarded). */
    public static boolean isDmarc(String txt) {
        return VERSION.matcher(txt.strip()).matches();
    }

    /** The policy for mail from {@code fromDomain}: sp= when it is a subdomain of where the record was found. */
    public Policy policyFor(boolean subdomain) {
        return subdomain ? subdomainPolicy.orElse(policy) : policy;
    }

    /**
     * Parses a record that {@link #isDmarc} accepted. Unknown tags are ignored (§6.3). An invalid
     * or missing p=, or an invalid sp=, reads as p=none when rua= names a valid URI (§6.6.3 step 6).
     *
     * @throws DmarcRecordException for any other syntax error, or a bad p= without a rua=
     */
    public static DmarcRecord parse(String txt) throws DmarcRecordException {
        String text = txt.strip();
        if (!isDmarc(text)) {
            throw new DmarcRecordException("the record does not start with v=DMARC1");
        }
        String[] parts = text.split(";", -1);
        Set<String> seen = new HashSet<>();
        String p = null;
        String sp = null;
        Alignment adkim = Alignment.RELAXED;
        Alignment aspf = Alignment.RELAXED;
        int pct = 100;
        long ri = DEFAULT_INTERVAL;
        String fo = "0";
        List<ReportUri> rua = List.of();
        List<ReportUri> ruf = List.of();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue; // RFC 7489 §6.4: a trailing ";" (or an empty spec between separators) is allowed
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new DmarcRecordException("\"" + brief(part) + "\" is not a tag=value pair");
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (!TAG_NAME.matcher(name).matches()) {
                throw new DmarcRecordException("\"" + brief(name) + "\" is not a tag name");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new DmarcRecordException("the tag " + name + "= appears twice");
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "v" -> throw new DmarcRecordException("v= may only be the first tag");
                case "p" -> p = value;
                case "sp" -> sp = value;
                case "adkim" -> adkim = Alignment.fromTagValue(value.toLowerCase(Locale.ROOT));
                case "aspf" -> aspf = Alignment.fromTagValue(value.toLowerCase(Locale.ROOT));
                case "pct" -> pct = percent(value);
                case "ri" -> ri = interval(value);
                case "rua" -> rua = uris(value);
                case "ruf" -> ruf = uris(value);
                case "fo" -> fo = value.length() > 32 ? value.substring(0, 32) : value;
                default -> {
                    // RFC 7489 §6.3: unknown tags (and rf=, which Coffer does not use) are ignored
                }
            }
        }
        Optional<Policy> policy = Optional.ofNullable(p).flatMap(DmarcRecord::policy);
        Optional<Policy> subdomain = Optional.ofNullable(sp).flatMap(DmarcRecord::policy);
        boolean badSubdomain = sp != null && subdomain.isEmpty();
        if (policy.isEmpty() || badSubdomain) {
            String problem = p == null ? "the record has no p= tag"
                    : policy.isEmpty() ? "p=" + brief(p) + " is not none, quarantine or reject"
                    : "sp=" + brief(sp) + " is not none, quarantine or reject";
            if (rua.isEmpty()) {
                throw new DmarcRecordException(problem);
            }
            // RFC 7489 §6.6.3 step 6: act as if p=none was published, so reports still flow
            return new DmarcRecord(Policy.NONE, Optional.empty(), adkim, aspf, pct, rua, ruf, ri, fo, text);
        }
        return new DmarcRecord(policy.get(), subdomain, adkim, aspf, pct, rua, ruf, ri, fo, text);
    }

    private static Optional<Policy> policy(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(Policy.NONE);
            case "quarantine" -> Optional.of(Policy.QUARANTINE);
            case "reject" -> Optional.of(Policy.REJECT);
            default -> Optional.empty();
        };
    }

    private static int percent(String value) throws DmarcRecordException {
        if (!PERCENT.matcher(value).matches() || Integer.parseInt(value) > 100) {
            throw new DmarcRecordException("pct=" + brief(value) + " is not a number from 0 to 100");
        }
        return Integer.parseInt(value);
    }

    private static long interval(String value) throws DmarcRecordException {
        if (!INTERVAL.matcher(value).matches()) {
            throw new DmarcRecordException("ri=" + brief(value) + " is not a number of seconds");
        }
        return Long.parseLong(value);
    }

    /** RFC 7489 §6.4: URIs separated by commas; ones that do not parse are ignored. */
    private static List<ReportUri> uris(String value) {
        List<ReportUri> uris = new ArrayList<>();
        for (String item : value.split(",")) {
            ReportUri.parse(item).ifPresent(uris::add);
        }
        return uris;
    }

    private static String brief(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}

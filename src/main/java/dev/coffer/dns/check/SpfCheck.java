package dev.coffer.dns.check;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The domain's SPF record (RFC 7208): exactly one, well-formed, ending in {@code -all}. */
public final class SpfCheck {

    public static final String NAME = "spf";

    private static final Set<String> MECHANISMS = Set.of("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists");
    /** RFC 7208 §12: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ). */
    private static final Pattern MODIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*=\\S*");
    private static final Pattern IP4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}(/([0-9]|[12]\\d|3[0-2]))?");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/([0-9]|[1-9]\\d|1[01]\\d|12[0-8]))?");

    private SpfCheck() {}

    public static Finding check(String domain, Lookup<String> txt) {
        if (txt.failed()) {
            return txt.failure(NAME, "SPF (TXT " + domain + ")");
        }
        // RFC 7208 §4.5: records are those beginning "v=spf1" followed by a space or the end
        List<String> spf = txt.records().stream()
                .filter(t -> t.toLowerCase(Locale.ROOT).equals("v=spf1") || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 "))
                .toList();
        String fix = "Publish one TXT record at " + domain + " such as \"v=spf1 mx -all\".";
        if (spf.isEmpty()) {
            return Finding.fail(NAME, "no SPF record at " + domain, fix);
        }
        if (spf.size() > 1) {
            // RFC 7208 §4.5: more than one record is a permerror
            return Finding.fail(NAME, spf.size() + " SPF records at " + domain + " (a permanent error)",
                    "Merge them into one: " + fix);
        }
        String record = spf.getFirst();
        String[] terms = record.substring("v=spf1".length()).strip().split("\\s+");
        String all = null;
        boolean redirect = false;
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            String problem = termProblem(term);
            if (problem != null) {
                return Finding.fail(NAME, "SPF record \"" + record + "\": " + problem, "Correct the term: " + fix);
            }
            String lower = term.toLowerCase(Locale.ROOT);
            if (lower.startsWith("redirect=")) {
                redirect = true;
            } else if (lower.matches("[+?~-]?all")) {
                all = lower.length() == 3 ? "+all" : lower;
            }
        }
        return switch (all == null ? (redirect ? "redirect" : "none") : all) {
            case "-all" -> Finding.pass(NAME, "\"" + record + "\" ends in -all");
            case "~all" -> Finding.warn(NAME, "\"" + record + "\" ends in ~all (softfail)",
                    "End the SPF record in -all once every sending host is listed.");
            case "redirect" -> Finding.warn(NAME, "\"" + record + "\" ends in a redirect; its target decides the result",
                    "Make sure the redirect target's SPF record ends in -all.");
            case "none" -> Finding.fail(NAME, "\"" + record + "\" has no all mechanism, so the default is neutral",
                    "End the SPF record in -all.");
            default -> Finding.fail(NAME, "\"" + record + "\" ends in " + all + ", which lets anyone send as " + domain,
                    "End the SPF record in -all.");
        };
    }

    /** RFC 7208 §4.6.1, §5, §6: null when {@code term} is a well-formed mechanism or modifier. */
    static String termProblem(String term) {
        if (MODIFIER.matcher(term).matches()) {
            return null;
        }
        String body = "+-~?".indexOf(term.charAt(0)) >= 0 ? term.substring(1) : term;
        int end = 0;
        while (end < body.length() && Character.isLetterOrDigit(body.charAt(end))) {
            end++;
        }
        String name = body.substring(0, end).toLowerCase(Locale.ROOT);
        String rest = body.substring(end);
        if (!MECHANISMS.contains(name)) {
            return "unknown mechanism " + term;
        }
        return switch (name) {
            case "all" -> rest.isEmpty() ? null : "malformed " + term;
            case "ip4" -> rest.startsWith(":") && IP4.matcher(rest.substring(1)).matches() ? null : "malformed " + term;
            case "ip6" -> rest.startsWith(":") && IP6.matcher(rest.substring(1)).matches() ? null : "malformed " + term;
            case "include", "exists" -> rest.length() > 1 && rest.startsWith(":") ? null : term + " needs a domain";
            default -> rest.isEmpty() || rest.startsWith(":") || rest.startsWith("/") ? null : "malformed " + term;
        };
    }
}

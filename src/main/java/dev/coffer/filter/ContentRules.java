package dev.coffer.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Points for what the body carries: the GTUBE test string, HTML without a text part, executable attachments. */
final class ContentRules {

    /** The Generic Test for Unsolicited Bulk Email (https://spamassassin.apache.org/gtube/). */
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    /** SpamAssassin gives GTUBE 1000 points, far above any threshold. */
    static final double GTUBE_SCORE = 1000.0;
    static final double HTML_ONLY = 1.0;
    static final double EXECUTABLE_ATTACHMENT = 5.0;

    /** Extensions Windows runs on a double click; mail clients and gateways commonly block them. */
    static final Set<String> EXECUTABLE_EXTENSIONS = Set.of("exe", "scr", "js", "jse", "vbs", "vbe", "bat", "cmd",
            "com", "pif", "cpl", "hta", "msi", "wsf", "wsh", "jar", "ps1", "lnk", "reg");

    private ContentRules() {}

    static List<RuleHit> score(MessageFacts facts) {
        List<RuleHit> hits = new ArrayList<>();
        if (facts.text().contains(GTUBE)) {
            hits.add(new RuleHit("GTUBE", GTUBE_SCORE));
        }
        if (facts.hasHtml() && !facts.hasPlainText()) {
            hits.add(new RuleHit("HTML_ONLY", HTML_ONLY));
        }
        if (facts.attachments().stream().anyMatch(ContentRules::executable)) {
            hits.add(new RuleHit("EXECUTABLE_ATTACHMENT", EXECUTABLE_ATTACHMENT));
        }
        return hits;
    }

    private static boolean executable(String fileName) {
        String name = fileName.strip().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXECUTABLE_EXTENSIONS.contains(name.substring(dot + 1));
    }
}

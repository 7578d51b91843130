package dev.coffer.mailauth;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.spf.SpfResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes this server's {@code Authentication-Results} field (RFC 8601): one field, one resinfo
 * per method in the order spf, dkim (one per signature), arc, dmarc, each on its own folded line.
 * Reasons go in comments; everything taken from the message (DKIM d= and s=, domains) is written
 * as a token when it is one and as a quoted-string otherwise, so nothing a sender writes can add
 * a result of its own.
 */
public final class AuthenticationResultsHeader implements ResultsHeader {

    public static final String FIELD_NAME = "Authentication-Results";

    private final String authservId;

    /**
     * @param authservId this server's name for itself in the field (RFC 8601 §2.5), usually the
     *                   host name; a token, since §5 removals compare it with what a message claims
     */
    public AuthenticationResultsHeader(String authservId) {
        if (authservId == null || authservId.isEmpty() || !Syntax.isToken(authservId)) {
            throw new IllegalArgumentException("the authserv-id \"" + authservId + "\" must be a token such as a host name");
        }
        this.authservId = authservId;
    }

    public String authservId() {
        return authservId;
    }

    @Override
    public String field(AuthenticationReport report) {
        List<List<String>> results = report == null ? List.of() : resinfos(report);
        FoldedField field = new FoldedField(FIELD_NAME);
        if (results.isEmpty()) {
            // RFC 8601 §2.2: "none" when no method produced a result
            field.word(authservId + ";").word("none");
            return field.toString();
        }
        field.word(authservId + ";");
        for (int i = 0; i < results.size(); i++) {
            List<String> words = new ArrayList<>(results.get(i));
            if (i < results.size() - 1) {
                words.set(words.size() - 1, words.getLast() + ";");
            }
            field.line(words);
        }
        return field.toString();
    }

    /** One list of words per resinfo; nothing when every method came back none and unattributed. */
    private static List<List<String>> resinfos(AuthenticationReport report) {
        List<List<String>> all = new ArrayList<>();
        boolean anything = false;
        SpfResult spf = report.spf();
        if (spf != null) {
            // RFC 8601 §2.7.2: smtp.mailfrom, the domain SPF checked
            all.add(resinfo("spf", spf.code().keyword(), spf.explanation(), "smtp.mailfrom", spf.domain()));
            anything |= spf.code() != SpfResult.Code.NONE;
        }
        for (DkimResult dkim : report.dkim()) {
            all.add(dkim(dkim));
            anything |= !(dkim instanceof DkimResult.None);
        }
        ArcResult arc = report.arc();
        if (arc != null) {
            // RFC 8617 §10.1: the "arc" method
            String comment = arc.code() == ArcResult.Code.NONE ? "" : (arc.reason().isEmpty()
                    ? "i=" + arc.instances() : "i=" + arc.instances() + "; " + arc.reason());
            all.add(resinfo("arc", arc.code().keyword(), comment, null, null));
            anything |= arc.code() != ArcResult.Code.NONE;
        }
        DmarcResult dmarc = report.dmarc();
        if (dmarc != null) {
            all.add(resinfo("dmarc", dmarc.code().keyword(), dmarcComment(dmarc), "header.from", dmarc.fromDomain()));
            anything |= dmarc.code() != DmarcResult.Code.NONE;
        }
        return anything ? all : List.of();
    }

    /** RFC 8601 §2.7.1: header.d, header.s and header.a for a signature that was evaluated. */
    private static List<String> dkim(DkimResult result) {
        return switch (result) {
            case DkimResult.Pass pass -> {
                List<String> words = resinfo("dkim", "pass",
                        pass.bodyLengthLimited() ? "body length limited by l=" : "", "header.d", pass.domain());
                words.add(property("header.s", pass.selector()));
                words.add(property("header.a", pass.algorithm().tagValue()));
                yield words;
            }
            case DkimResult.Fail fail -> {
                List<String> words = resinfo("dkim", "fail", fail.reason(), "header.d", fail.domain());
                if (fail.selector() != null && !fail.selector().isEmpty()) {
                    words.add(property("header.s", fail.selector()));
                }
                yield words;
            }
            case DkimResult.TempError error -> resinfo("dkim", "temperror", error.reason(), null, null);
            case DkimResult.PermError error -> resinfo("dkim", "permerror", error.reason(), null, null);
            case DkimResult.Neutral neutral -> resinfo("dkim", "neutral", neutral.reason(), null, null);
            case DkimResult.None none -> resinfo("dkim", "none", "", null, null);
        };
    }

    /** {@code p=reject dis=none; why}, as receivers commonly write it. */
    private static String dmarcComment(DmarcResult dmarc) {
        if (dmarc.code() != DmarcResult.Code.PASS && dmarc.code() != DmarcResult.Code.FAIL) {
            return dmarc.reason();
        }
        String comment = "p=" + dmarc.policy().keyword() + " dis=" + dmarc.disposition().keyword();
        return dmarc.reason().isEmpty() ? comment : comment + "; " + dmarc.reason();
    }

    private static List<String> resinfo(String method, String result, String comment, String property, String value) {
        List<String> words = new ArrayList<>();
        words.add(method + "=" + result);
        words.addAll(Syntax.comment(comment));
        if (property != null && value != null && !value.isEmpty()) {
            words.add(property(property, value));
        }
        return words;
    }

    private static String property(String name, String value) {
        return name + "=" + Syntax.value(value);
    }

    /**
     * RFC 8601 §5: removes every {@code Authentication-Results} field whose authserv-id is ours
     * (compared without case); all other bytes, other fields' folding included, stay as they were.
     */
    @Override
    public byte[] withoutForgedResults(byte[] message) {
        HeaderSection header = HeaderSection.parse(message);
        List<HeaderSection.Field> forged = new ArrayList<>();
        for (HeaderSection.Field field : header.fieldsNamed(FIELD_NAME)) {
            String claimed = Syntax.firstValue(header.value(field));
            if (claimed.equalsIgnoreCase(authservId)) {
                forged.add(field);
            }
        }
        return forged.isEmpty() ? message : header.without(forged);
    }

    /** A header field folded before any word that would pass 78 columns (RFC 5322 §2.1.1). */
    private static final class FoldedField {
        private static final int LINE_LIMIT = 78;
        private final StringBuilder out = new StringBuilder(256);
        private int column;

        FoldedField(String name) {
            out.append(name).append(':');
            column = out.length();
        }

        FoldedField word(String word) {
            if (column > 1 && column + 1 + word.length() > LINE_LIMIT) {
                out.append("\r\n ");
                column = 1;
            } else {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            return this;
        }

        /** Starts a new line (a fold) and writes the words there. */
        void line(List<String> words) {
            out.append("\r\n");
            column = 0;
            for (String word : words) {
                word(word);
            }
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}

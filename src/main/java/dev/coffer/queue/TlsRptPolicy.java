package dev.coffer.queue;

import dev.coffer.dns.DnsException;
import dev.coffer.dns.DnsResolver;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Policy Domain's TLS reporting policy, the {@code _smtp._tls} TXT record of RFC 8460 §3:
 * {@code v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/tlsrpt}.
 *
 * @param mailto the addresses of the {@code mailto:} URIs of {@code rua}, in order
 * @param https  the {@code https:} URIs of {@code rua}, in order
 */
public record TlsRptPolicy(List<String> mailto, List<URI> https) {

    /** RFC 8460 §3: the record lives at {@code _smtp._tls.} and the Policy Domain. */
    public static final String PREFIX = "_smtp._tls.";
    /** RFC 8460 §3: tlsrpt-version = %s"v=TLSRPTv1" (case-sensitive). */
    public static final String VERSION = "v=TLSRPTv1";

    /** RFC 8460 §3: tlsrpt-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."). */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    /** RFC 8460 §3: tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E), no "=", ";", SP or controls. */
    private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3a\\x3c\\x3e-\\x7e]+");
    /** RFC 5322 §3.2.3 dot-atom-text: the local parts we mail to (quoted strings are not accepted). */
    private static final Pattern LOCAL_PART = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** RFC 5321 §4.1.2 Domain: LDH labels separated by dots. */
    private static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    public TlsRptPolicy {
        mailto = List.copyOf(mailto);
        https = List.copyOf(https);
    }

    /** The DNS name of the policy of {@code policyDomain}. */
    public static String dnsName(String policyDomain) {
        return PREFIX + policyDomain;
    }

    /**
     * Looks up and parses the policy of {@code policyDomain}; empty when the domain publishes none
     * (or several, see {@link #select}).
     *
     * @throws DnsException           when DNS fails
     * @throws TlsRptPolicyException  when the one record is malformed
     */
    public static Optional<TlsRptPolicy> lookup(DnsResolver dns, String policyDomain)
            throws DnsException, TlsRptPolicyException {
        Optional<List<String>> records = dns.txt(dnsName(policyDomain));
        return records.isEmpty() ? Optional.empty() : select(records.get());
    }

    /**
     * The policy among the TXT records at {@code _smtp._tls.DOMAIN}. RFC 8460 §3: records that do
     * not begin with {@code v=TLSRPTv1;} are discarded; unless exactly one remains, the domain does
     * not implement TLSRPT (empty).
     *
     * @throws TlsRptPolicyException when the one remaining record is malformed
     */
    public static Optional<TlsRptPolicy> select(List<String> txtRecords) throws TlsRptPolicyException {
        List<String> candidates = txtRecords.stream().filter(TlsRptPolicy::isCandidate).toList();
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(parse(candidates.getFirst()));
    }

    /**
     * Parses one record (RFC 8460 §3):
     * <pre>
     * tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
     * field-delim   = *WSP ";" *WSP
     * tlsrpt-rua    = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
     * </pre>
     * Unknown fields are ignored; {@code rua} is required, once. Of its URIs, {@code mailto:} and
     * {@code https:} are used and others ignored, but at least one must be usable.
     *
     * @throws TlsRptPolicyException saying what is wrong
     */
    public static TlsRptPolicy parse(String record) throws TlsRptPolicyException {
        if (!record.startsWith(VERSION)) {
            throw new TlsRptPolicyException("the record does not begin with " + VERSION);
        }
        String[] fields = record.split(";", -1);
        if (!stripWsp(fields[0]).equals(VERSION)) {
            throw new TlsRptPolicyException("the record does not begin with " + VERSION + " and \";\"");
        }
        List<String> rua = null;
        for (int i = 1; i < fields.length; i++) {
            String field = stripWsp(fields[i]);
            if (field.isEmpty()) {
                // RFC 8460 §3: one trailing field-delim is allowed; an empty field elsewhere is not
                if (i == fields.length - 1 && i > 1) {
                    continue;
                }
                throw new TlsRptPolicyException(i == fields.length - 1
                        ? "the record has no fields after " + VERSION : "the record has an empty field (\";;\")");
            }
            int equals = field.indexOf('=');
            if (equals < 0) {
                throw new TlsRptPolicyException("field \"" + abbreviate(field) + "\" has no \"=\"");
            }
            String name = field.substring(0, equals);
            String value = field.substring(equals + 1);
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new TlsRptPolicyException("\"" + abbreviate(name) + "\" is not a valid field name");
            }
            if (name.equals("rua")) {
                if (rua != null) {
                    throw new TlsRptPolicyException("rua appears more than once");
                }
                rua = splitUris(value);
            } else if (!EXT_VALUE.matcher(value).matches()) {
                // RFC 8460 §3: unknown fields are ignored, but must still be well-formed
                throw new TlsRptPolicyException("field " + name + " has an empty value or one with spaces, \"=\" or controls");
            }
        }
        if (rua == null) {
            throw new TlsRptPolicyException("the record has no rua field");
        }
        List<String> mailto = new ArrayList<>();
        List<URI> https = new ArrayList<>();
        for (String text : rua) {
            URI uri = uri(text);
            switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
                case "mailto" -> mailto.addAll(addresses(uri, text));
                case "https" -> {
                    if (uri.getHost() == null) {
                        throw new TlsRptPolicyException("rua URI " + abbreviate(text) + " has no host");
                    }
                    https.add(uri);
                }
                default -> {
                    // RFC 8460 §3: two URI schemes are supported, mailto and https; others are ignored
                }
            }
        }
        if (mailto.isEmpty() && https.isEmpty()) {
            throw new TlsRptPolicyException("rua has no mailto: or https: URI");
        }
        return new TlsRptPolicy(mailto, https);
    }

    /** A record that begins with {@code v=TLSRPTv1} and then, after optional WSP, ";" or its end. */
    private static boolean isCandidate(String record) {
        return record.startsWith(VERSION) && stripWsp(record.substring(VERSION.length()) + ";").startsWith(";");
    }

    private static List<String> splitUris(String value) throws TlsRptPolicyException {
        List<String> uris = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String uri = stripWsp(part);
            if (uri.isEmpty()) {
                throw new TlsRptPolicyException("rua has an empty URI");
            }
            uris.add(uri);
        }
        return uris;
    }

    private static URI uri(String text) throws TlsRptPolicyException {
        // RFC 8460 §3: commas and exclamation points in a tlsrpt-uri MUST be encoded
        if (text.indexOf('!') >= 0) {
            throw new TlsRptPolicyException("rua URI " + abbreviate(text) + " has an unencoded \"!\" (RFC 8460 §3)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new TlsRptPolicyException("rua URI " + abbreviate(text) + " is not a valid URI: " + e.getReason());
        }
        if (uri.getScheme() == null) {
            throw new TlsRptPolicyException("rua URI " + abbreviate(text) + " has no scheme");
        }
        return uri;
    }

    /** RFC 6068 §2: the addresses of a mailto URI, before any "?"; percent-decoded. */
    private static List<String> addresses(URI uri, String text) throws TlsRptPolicyException {
        String to = uri.getRawSchemeSpecificPart();
        int query = to.indexOf('?');
        if (query >= 0) {
            to = to.substring(0, query);
        }
        List<String> addresses = new ArrayList<>();
        for (String address : percentDecode(to).split(",", -1)) {
            int at = address.lastIndexOf('@');
            if (at <= 0 || !LOCAL_PART.matcher(address.substring(0, at)).matches()
                    || !DOMAIN.matcher(address.substring(at + 1)).matches()) {
                throw new TlsRptPolicyException("rua URI " + abbreviate(text) + " does not name a mail address");
            }
            addresses.add(address);
        }
        return addresses;
    }

    /** Decodes %-escapes as UTF-8; {@link URI} has already checked that each is well-formed. */
    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                // URI lets other Unicode characters through: keep them whole, never one byte of them
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** RFC 5234 WSP: space and horizontal tab. */
    private static String stripWsp(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}

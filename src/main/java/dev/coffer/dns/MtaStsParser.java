package dev.coffer.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The two MTA-STS texts: the {@code _mta-sts} TXT record (RFC 8461 §3.1) and the policy file (§3.2). */
public final class MtaStsParser {

    /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about one year). */
    public static final long MAX_AGE_LIMIT = 31_557_600L;

    /** RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** RFC 8461 §3.1/§3.2: field names are 1*32(ALPHA / DIGIT / "_" / "-" / "."). */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    /** RFC 8461 §3.1: sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E), printable ASCII but ";" and "=". */
    private static final Pattern TXT_VALUE = Pattern.compile("[\\x21-\\x3a\\x3c\\x3e-\\x7e]+");
    /** RFC 8461 §3.2: max_age is 1*10(DIGIT). */
    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");
    /** RFC 8461 §3.2: sts-policy-mx-value = ["*."] Domain (RFC 5321 §4.1.2). */
    private static final Pattern MX_PATTERN = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** RFC 8461 §3.2: field values are printable ASCII and spaces, trimmed of whitespace. */
    private static final Pattern POLICY_VALUE = Pattern.compile("[\\x20-\\x7e]*");

    private MtaStsParser() {
    }

    /**
     * The policy id from the {@code _mta-sts} TXT records. RFC 8461 §3.1: records that do not
     * begin with {@code v=STSv1;} are discarded; unless exactly one remains and it is valid, the
     * domain has no MTA-STS policy available (empty).
     */
    public static Optional<String> policyId(List<String> txtRecords) {
        List<String> candidates = txtRecords.stream().filter(t -> t.startsWith("v=STSv1;")).toList();
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        String id = null;
        String[] fields = candidates.getFirst().split(";", -1);
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i].strip();
            if (field.isEmpty()) {
                // RFC 8461 §3.1: a trailing ";" is allowed; an empty field elsewhere is not
                if (i == fields.length - 1) {
                    continue;
                }
                return Optional.empty();
            }
            int equals = field.indexOf('=');
            if (equals <= 0) {
                return Optional.empty();
            }
            String name = field.substring(0, equals);
            String value = field.substring(equals + 1);
            if (!FIELD_NAME.matcher(name).matches() || !TXT_VALUE.matcher(value).matches()) {
                return Optional.empty();
            }
            if (name.equals("id")) {
                if (id != null || !ID.matcher(value).matches()) {
                    return Optional.empty();
                }
                id = value;
            }
        }
        return Optional.ofNullable(id);
    }

    /**
     * Parses a policy file (RFC 8461 §3.2). Lines end in LF or CRLF; unknown fields are ignored;
     * version, mode and max_age must each appear once; mx may repeat and is required unless the
     * mode is {@code none}.
     *
     * @param id the id of the TXT record that announced this policy
     */
    public static MtaStsPolicy parsePolicy(String id, String body) throws MtaStsException {
        String version = null;
        MtaStsPolicy.Mode mode = null;
        Duration maxAge = null;
        List<String> mx = new ArrayList<>();
        int lineNumber = 0;
        for (String line : body.split("\n", -1)) {
            lineNumber++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MtaStsException("policy line " + lineNumber + " is not \"name: value\"");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new MtaStsException("policy line " + lineNumber + " has an invalid field name");
            }
            if (!POLICY_VALUE.matcher(value).matches()) {
                throw new MtaStsException("policy field " + name + " has characters outside printable ASCII");
            }
            switch (name) {
                case "version" -> {
                    once(version, name);
                    if (!value.equals("STSv1")) {
                        throw new MtaStsException("policy version is not STSv1");
                    }
                    version = value;
                }
                case "mode" -> {
                    once(mode, name);
                    mode = switch (value) {
                        case "enforce" -> MtaStsPolicy.Mode.ENFORCE;
                        case "testing" -> MtaStsPolicy.Mode.TESTING;
                        case "none" -> MtaStsPolicy.Mode.NONE;
                        default -> throw new MtaStsException("policy mode must be enforce, testing or none");
                    };
                }
                case "max_age" -> {
                    once(maxAge, name);
                    if (!MAX_AGE.matcher(value).matches()) {
                        throw new MtaStsException("policy max_age is not 1 to 10 digits");
                    }
                    long seconds = Long.parseLong(value);
                    if (seconds > MAX_AGE_LIMIT) {
                        throw new MtaStsException("policy max_age exceeds " + MAX_AGE_LIMIT + " seconds");
                    }
                    maxAge = Duration.ofSeconds(seconds);
                }
                case "mx" -> {
                    if (!MX_PATTERN.matcher(value).matches() || value.length() > 255) {
                        throw new MtaStsException("policy mx is not a host name or *.host name pattern");
                    }
                    mx.add(value.toLowerCase(Locale.ROOT));
                }
                default -> {
                    // RFC 8461 §3.2: unknown fields are ignored (extensions)
                }
            }
        }
        if (version == null) {
            throw new MtaStsException("policy has no version field");
        }
        if (mode == null) {
            throw new MtaStsException("policy has no mode field");
        }
        if (maxAge == null) {
            throw new MtaStsException("policy has no max_age field");
        }
        if (mx.isEmpty() && mode != MtaStsPolicy.Mode.NONE) {
            throw new MtaStsException("policy in mode " + mode.name().toLowerCase(Locale.ROOT) + " lists no mx");
        }
        return new MtaStsPolicy(id, mode, List.copyOf(mx), maxAge);
    }

    private static void once(Object previous, String name) throws MtaStsException {
        if (previous != null) {
            throw new MtaStsException("policy field " + name + " appears more than once");
        }
    }
}

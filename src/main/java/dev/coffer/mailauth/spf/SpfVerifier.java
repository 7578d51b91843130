package dev.coffer.mailauth.spf;

import java.net.IDN;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;

/**
 * Checks whether a client may send mail for a domain, by the domain's SPF record (RFC 7208).
 *
 * <pre>{@code
 * SpfVerifier spf = new SpfVerifier(new DnsSpfLookup(resolver)).withReceiver("mx.example.org");
 * SpfResult result = spf.check(clientAddress, "mail.example.com", "alice@example.com");
 * }</pre>
 *
 * <p>A verifier keeps no state between checks and may be shared between threads if its
 * {@link SpfDns} may. Each check obeys {@link SpfLimits}. For a fail, the result's explanation
 * is the domain's own text (exp=, RFC 7208 §6.2), meant for the SMTP reply; it may contain the
 * client's address or the sender, so log it only where those may be logged.
 */
public final class SpfVerifier {

    /** RFC 7208 §6.2: the explanation when the domain gives none; a macro-string (§7). */
    public static final String DEFAULT_EXPLANATION = "the SPF policy of %{o} does not authorize this host";
    /** RFC 7208 §7.2: "r" expands to "unknown" when the receiving host's name is not known. */
    private static final String UNKNOWN_RECEIVER = "unknown";
    /** RFC 7208 §4.3: a sender without a local-part is checked as postmaster. */
    private static final String POSTMASTER = "postmaster";

    private final SpfDns dns;
    private final SpfLimits limits;
    private final String receiver;
    private final SpfMacro defaultExplanation;
    private final String defaultExplanationText;
    private final Clock clock;

    public SpfVerifier(SpfDns dns) {
        this(dns, SpfLimits.RFC_7208, UNKNOWN_RECEIVER, DEFAULT_EXPLANATION, Clock.systemUTC());
    }

    private SpfVerifier(SpfDns dns, SpfLimits limits, String receiver, String defaultExplanation, Clock clock) {
        this.dns = Objects.requireNonNull(dns);
        this.limits = Objects.requireNonNull(limits);
        this.receiver = Objects.requireNonNull(receiver);
        this.clock = Objects.requireNonNull(clock);
        this.defaultExplanationText = defaultExplanation;
        try {
            this.defaultExplanation = SpfMacro.parse(defaultExplanation, SpfMacro.Use.EXPLANATION);
        } catch (SpfSyntaxException e) {
            throw new IllegalArgumentException("the default SPF explanation is not a valid macro-string: " + e.getMessage(), e);
        }
    }

    /** The same verifier with other limits. */
    public SpfVerifier withLimits(SpfLimits value) {
        return new SpfVerifier(dns, value, receiver, defaultExplanationText, clock);
    }

    /** The same verifier naming the receiving host (the "r" macro, RFC 7208 §7.2). */
    public SpfVerifier withReceiver(String hostName) {
        return new SpfVerifier(dns, limits, hostName, defaultExplanationText, clock);
    }

    /** The same verifier with another explanation for fails the domain does not explain (a macro-string). */
    public SpfVerifier withDefaultExplanation(String macroString) {
        return new SpfVerifier(dns, limits, receiver, macroString, clock);
    }

    /** The same verifier with another clock (the "t" macro and the time limit). */
    public SpfVerifier withClock(Clock value) {
        return new SpfVerifier(dns, limits, receiver, defaultExplanationText, value);
    }

    /**
     * The "MAIL FROM" check (RFC 7208 §2.4): the policy of the reverse-path's domain; for the null
     * reverse-path ({@code mailFrom} empty) the policy of the HELO name, as postmaster@helo.
     *
     * @param client   the SMTP client's address (an IPv4-mapped IPv6 address counts as IPv4)
     * @param heloName the name the client gave in HELO/EHLO
     * @param mailFrom the MAIL FROM address without angle brackets; empty for {@code <>}
     */
    public SpfResult check(InetAddress client, String heloName, String mailFrom) {
        String helo = heloName == null ? "" : heloName;
        if (mailFrom == null || mailFrom.isEmpty()) {
            return checkHelo(client, helo);
        }
        int at = mailFrom.lastIndexOf('@');
        if (at < 0) {
            return new SpfResult(SpfResult.Code.NONE, mailFrom, "the MAIL FROM address has no domain");
        }
        String localPart = at == 0 ? POSTMASTER : mailFrom.substring(0, at);
        String domain = asciiDomain(mailFrom.substring(at + 1));
        return evaluation(client, localPart, domain, helo).run(domain);
    }

    /** The "HELO" check (RFC 7208 §2.3): the policy of the HELO name, with sender postmaster@helo. */
    public SpfResult checkHelo(InetAddress client, String heloName) {
        String helo = heloName == null ? "" : heloName;
        String domain = asciiDomain(helo);
        return evaluation(client, POSTMASTER, domain, helo).run(domain);
    }

    /** RFC 8616 §4: a domain with U-labels is checked in its A-label form; one that has none stays as it is. */
    private static String asciiDomain(String domain) {
        if (domain.chars().allMatch(c -> c < 0x80)) {
            return domain;
        }
        try {
            return IDN.toASCII(domain);
        } catch (IllegalArgumentException notADomain) {
            return domain; // stays non-ASCII, which RFC 7208 §4.3 makes a "none"
        }
    }

    private SpfEvaluation evaluation(InetAddress client, String localPart, String domain, String helo) {
        return new SpfEvaluation(dns, limits, clock, defaultExplanation, receiver,
                Objects.requireNonNull(client), localPart, domain, helo);
    }
}

package dev.coffer.smtp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a sending policy's {@link Admission} into the reply a client gets, and logs the refusal (without addresses). */
final class PolicyReplies {

    private static final Logger log = LoggerFactory.getLogger(PolicyReplies.class);

    private PolicyReplies() {}

    /**
     * @param rateLimitedCode 450 on the MX (as Postfix answers a client over its message rate),
     *                        451 on submission; both RFC 3463 4.7.1, delivery not authorized for now
     * @return null when admitted, else the refusal
     */
    static SmtpReply refusal(String sessionId, Admission admission, int rateLimitedCode) {
        return switch (admission) {
            case Admission.Admitted admitted -> null;
            case Admission.RateLimited limited -> {
                long seconds = Admission.seconds(limited.retryAfter());
                log.info("session={} event=rate-limited scope={} limit={} retry-after-s={}",
                        sessionId, limited.scope(), limited.limit(), seconds);
                yield new SmtpReply(rateLimitedCode, "4.7.1", "Too many messages from " + whose(limited.scope())
                        + " in the last hour (limit " + limited.limit() + "), try again in " + seconds + " seconds");
            }
            case Admission.Greylisted greylisted -> {
                long seconds = Admission.seconds(greylisted.retryAfter());
                log.info("session={} event=greylisted retry-after-s={}", sessionId, seconds);
                // RFC 6647: a temporary failure that a legitimate client retries
                yield new SmtpReply(451, "4.7.1", "Greylisted, try again in " + seconds + " seconds");
            }
        };
    }

    private static String whose(String scope) {
        return switch (scope) {
            case "ip" -> "your address";
            case "sender" -> "this sender";
            case "account" -> "your account";
            default -> scope;
        };
    }
}

package dev.coffer.smtp.policy;

import dev.coffer.smtp.Admission;
import dev.coffer.smtp.InboundPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;

/**
 * The MX's limits: messages per hour from one client address (an IPv6 /64 counts as one
 * address) and from one envelope sender, and optional greylisting. A message counts once
 * it is accepted; a client over a limit is refused at MAIL FROM. Sessions that run at the
 * same time may each pass the check before any of them is counted, so a client can overshoot
 * by at most its concurrent sessions (bounded by {@code max_connections_per_ip}).
 */
public final class InboundLimits implements InboundPolicy {

    /** How many client addresses and senders each counter remembers at most (about 100 bytes each). */
    public static final int MAX_TRACKED_KEYS = 100_000;

    private static final Duration HOUR = Duration.ofHours(1);

    private final SlidingWindowCounter perHost;
    private final SlidingWindowCounter perSender;
    private final Greylist greylist;

    /**
     * @param greylist null for no greylisting
     */
    public InboundLimits(int messagesPerHostPerHour, int messagesPerSenderPerHour, Greylist greylist,
                         InstantSource clock) {
        this(messagesPerHostPerHour, messagesPerSenderPerHour, greylist, clock, MAX_TRACKED_KEYS);
    }

    InboundLimits(int messagesPerHostPerHour, int messagesPerSenderPerHour, Greylist greylist, InstantSource clock,
                  int maxTrackedKeys) {
        this.perHost = new SlidingWindowCounter(clock, HOUR, messagesPerHostPerHour, maxTrackedKeys);
        this.perSender = new SlidingWindowCounter(clock, HOUR, messagesPerSenderPerHour, maxTrackedKeys);
        this.greylist = greylist;
    }

    @Override
    public Admission mailFrom(InetAddress client, String reversePath) {
        Duration wait = perHost.wait(ClientNetwork.host(client));
        if (wait.isPositive()) {
            return new Admission.RateLimited("ip", perHost.limit(), wait);
        }
        wait = perSender.wait(senderKey(client, reversePath));
        if (wait.isPositive()) {
            return new Admission.RateLimited("sender", perSender.limit(), wait);
        }
        return Admission.ADMITTED;
    }

    @Override
    public Admission recipient(InetAddress client, String reversePath, String recipient) {
        if (greylist == null) {
            return Admission.ADMITTED;
        }
        Duration wait = greylist.check(client, reversePath, recipient);
        return wait.isPositive() ? new Admission.Greylisted(wait) : Admission.ADMITTED;
    }

    @Override
    public void accepted(InetAddress client, String reversePath) {
        perHost.add(ClientNetwork.host(client));
        perSender.add(senderKey(client, reversePath));
    }

    /** The sender, lower-cased; bounces (the null reverse-path) have no sender and count by client address. */
    private static String senderKey(InetAddress client, String reversePath) {
        return reversePath.isEmpty() ? "<>" + ClientNetwork.host(client) : reversePath.toLowerCase(Locale.ROOT);
    }
}

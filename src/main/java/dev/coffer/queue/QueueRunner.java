package dev.coffer.queue;

import dev.coffer.dns.DnsException;
import dev.coffer.dns.MailRouting;
import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.MxLookup;
import dev.coffer.dns.TlsaLookup;
import dev.coffer.store.QueueEntry;
import dev.coffer.store.QueueRecipient;
import dev.coffer.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the outbound queue: picks due messages, groups their pending recipients by domain,
 * resolves each domain's MX hosts, decides the TLS policy per host and delivers with the
 * {@link SmtpClient}, on virtual threads with bounded concurrency per destination domain.
 * Deferred recipients are retried on the {@link RetrySchedule}; the sender gets a DSN for
 * every recipient that fails, and a delay warning once. All state lives in the database, so
 * a restarted runner carries on where the last one stopped.
 */
public final class QueueRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueRunner.class);
    private static final int BATCH = 100;

    /**
     * @param hostname      our name, as the Reporting-MTA of DSNs
     * @param maxPerDomain  simultaneous deliveries to one recipient domain
     * @param maxDeliveries simultaneous deliveries in all
     * @param pollInterval  the longest the runner sleeps before looking at the queue again
     */
    public record Settings(String hostname, int maxPerDomain, int maxDeliveries, Duration pollInterval,
                           RetrySchedule schedule) {

        public Settings {
            if (maxPerDomain < 1 || maxDeliveries < 1) {
                throw new IllegalArgumentException("delivery concurrency must be positive");
            }
        }

        public static Settings defaults(String hostname) {
            return new Settings(hostname, 4, 64, Duration.ofSeconds(30), RetrySchedule.defaults());
        }
    }

    private final PersistentQueue queue;
    private final MailRouting routing;
    private final SmtpClient client;
    private final BounceSink bounces;
    private final TlsReports tlsReports;
    private final int remotePort;
    private final Settings settings;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Semaphore> perDomain = new ConcurrentHashMap<>();
    private final Semaphore deliveries;
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeup = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread scheduler;

    /**
     * @param remotePort the port of remote MX hosts: 25, except in tests
     */
    public QueueRunner(PersistentQueue queue, MailRouting routing, SmtpClient client, BounceSink bounces,
                       TlsReports tlsReports, int remotePort, Settings settings) {
        this.queue = queue;
        this.routing = routing;
        this.client = client;
        this.bounces = bounces;
        this.tlsReports = tlsReports;
        this.remotePort = remotePort;
        this.settings = settings;
        this.deliveries = new Semaphore(settings.maxDeliveries());
        queue.onChange(this::wake);
    }

    /** Starts the scheduler thread; messages already due (from before a restart) go out at once. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler = Thread.ofVirtual().name("coffer-queue-runner").start(this::loop);
    }

    /** Looks at the queue now instead of at the next planned time. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops picking messages and waits (briefly) for deliveries in progress; their state stays in the queue. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        try {
            scheduler.join(Duration.ofSeconds(10));
            for (Thread worker : workers) {
                worker.join(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                startDue();
            } catch (StoreException e) {
                log.warn("event=queue-scan-failed error=\"{}\"", e.getMessage());
            }
            sleep();
        }
    }

    private void startDue() {
        for (QueueEntry entry : queue.due(queue.clock().instant(), BATCH)) {
            if (!running || !inFlight.add(entry.id())) {
                continue;
            }
            Thread worker = Thread.ofVirtual().name("coffer-queue-" + entry.id()).unstarted(() -> {
                try {
                    process(entry);
                } catch (RuntimeException e) {
                    log.error("event=queue-round-failed id={}", entry.id(), e);
                } finally {
                    inFlight.remove(entry.id());
                    workers.remove(Thread.currentThread());
                    wake();
                }
            });
            workers.add(worker);
            worker.start();
        }
    }

    private void sleep() {
        Duration wait = settings.pollInterval();
        try {
            Optional<Instant> next = queue.nextDue();
            if (next.isPresent()) {
                Duration untilDue = Duration.between(queue.clock().instant(), next.get());
                if (untilDue.isPositive() && untilDue.compareTo(wait) < 0) {
                    wait = untilDue;
                }
            }
        } catch (StoreException e) {
            log.warn("event=queue-scan-failed error=\"{}\"", e.getMessage());
        }
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!woken && running && nanos > 0) {
                nanos = wakeup.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Runs one round for every due message, on the calling thread, and returns when all are done (tests, CLI). */
    void runDue() {
        for (QueueEntry entry : queue.due(queue.clock().instant(), BATCH)) {
            if (inFlight.add(entry.id())) {
                try {
                    process(entry);
                } finally {
                    inFlight.remove(entry.id());
                }
            }
        }
    }

    /** One delivery round for one message: deliver, record, notify, and reschedule or remove. */
    void process(QueueEntry entry) {
        Instant started = queue.clock().instant();
        byte[] content;
        try {
            content = queue.content(entry);
        } catch (IOException e) {
            log.error("event=queue-blob-unreadable id={} error=\"{}\"", entry.id(), e.getMessage());
            queue.save(entry.withState(settings.schedule().nextAttempt(started, entry.attempts() + 1),
                    entry.attempts() + 1, entry.delayWarned(), entry.recipients()));
            return;
        }

        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (QueueRecipient recipient : entry.recipients()) {
            if (recipient.state() == QueueRecipient.State.PENDING) {
                byDomain.computeIfAbsent(domainOf(recipient.address()), domain -> new ArrayList<>())
                        .add(recipient.address());
            }
        }
        Map<String, RecipientResult> results = new ConcurrentHashMap<>();
        List<Thread> domainThreads = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : byDomain.entrySet()) {
            domainThreads.add(Thread.ofVirtual().name("coffer-queue-" + entry.id() + "-" + group.getKey()).start(() -> {
                for (RecipientResult result : deliverToDomain(entry, group.getKey(), group.getValue(), content)) {
                    results.put(result.address(), result);
                }
            }));
        }
        for (Thread thread : domainThreads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        finishRound(entry, results, content, byDomain.isEmpty());
    }

    private void finishRound(QueueEntry entry, Map<String, RecipientResult> results, byte[] content, boolean noneTried) {
        RetrySchedule schedule = settings.schedule();
        Instant now = queue.clock().instant();
        boolean expired = schedule.expired(entry.created(), now);
        List<QueueRecipient> recipients = new ArrayList<>();
        List<QueueRecipient> stillPending = new ArrayList<>();
        for (QueueRecipient recipient : entry.recipients()) {
            RecipientResult result = results.get(recipient.address());
            if (recipient.state() != QueueRecipient.State.PENDING || result == null) {
                recipients.add(recipient);
                continue;
            }
            int attempts = recipient.attempts() + 1;
            QueueRecipient updated = switch (result.outcome()) {
                case DELIVERED -> new QueueRecipient(recipient.position(), recipient.address(),
                        QueueRecipient.State.DELIVERED, attempts, null, result.status(), result.remoteMta(), false);
                case FAILED -> new QueueRecipient(recipient.position(), recipient.address(),
                        QueueRecipient.State.FAILED, attempts, result.diagnostic(), result.status(), result.remoteMta(), false);
                // RFC 3463 X.4.7: delivery time expired; the last error stays as the diagnostic
                case DEFERRED -> expired
                        ? new QueueRecipient(recipient.position(), recipient.address(), QueueRecipient.State.FAILED,
                                attempts, result.diagnostic(), "5.4.7", result.remoteMta(), false)
                        : new QueueRecipient(recipient.position(), recipient.address(), QueueRecipient.State.PENDING,
                                attempts, result.diagnostic(), result.status(), result.remoteMta(), false);
            };
            log.info("event=delivery-result id={} domain={} outcome={} status={} mx={}", entry.id(),
                    domainOf(recipient.address()), updated.state(), updated.status(), result.remoteMta());
            recipients.add(updated);
            if (updated.state() == QueueRecipient.State.PENDING) {
                stillPending.add(updated);
            }
        }
        int rounds = noneTried ? entry.attempts() : entry.attempts() + 1;
        boolean delayWarned = entry.delayWarned();
        if (!stillPending.isEmpty() && !delayWarned && schedule.shouldWarn(entry.created(), now)) {
            delayWarned = notify(entry, stillPending, DeliveryStatusNotification.Action.DELAYED, content, now);
        }
        Instant next = stillPending.isEmpty() ? now : schedule.nextAttempt(now, rounds);
        QueueEntry updated = entry.withState(next, rounds, delayWarned, recipients);
        if (!queue.save(updated)) {
            log.info("event=round-discarded id={} reason=dropped", entry.id());
            return;
        }

        List<QueueRecipient> toReport = recipients.stream()
                .filter(recipient -> recipient.state() == QueueRecipient.State.FAILED && !recipient.notified())
                .toList();
        if (!toReport.isEmpty()) {
            boolean sent = notify(updated, toReport, DeliveryStatusNotification.Action.FAILED, content, now);
            if (!sent) {
                // Keep the message so that the bounce is tried again in the next round.
                queue.save(updated.withState(stillPending.isEmpty() ? schedule.nextAttempt(now, rounds) : next,
                        rounds, delayWarned, recipients));
                return;
            }
            recipients = recipients.stream()
                    .map(recipient -> recipient.state() == QueueRecipient.State.FAILED
                            ? new QueueRecipient(recipient.position(), recipient.address(), recipient.state(),
                                    recipient.attempts(), recipient.lastError(), recipient.status(),
                                    recipient.remoteMta(), true)
                            : recipient)
                    .toList();
            updated = updated.withState(next, rounds, delayWarned, recipients);
            queue.save(updated);
        }
        if (stillPending.isEmpty()) {
            queue.remove(updated);
            log.info("event=queue-done id={} rounds={}", entry.id(), rounds);
        }
    }

    /** Sends a DSN to the reverse-path; true when sent (or when there is nobody to send it to). */
    private boolean notify(QueueEntry entry, List<QueueRecipient> recipients, DeliveryStatusNotification.Action action,
                           byte[] content, Instant now) {
        // RFC 5321 §4.5.5, RFC 3464 §2: never a DSN to the null reverse-path
        if (entry.reversePath().isEmpty()) {
            return true;
        }
        List<DeliveryStatusNotification.Recipient> blocks = recipients.stream()
                .map(recipient -> new DeliveryStatusNotification.Recipient(recipient.address(), action,
                        action == DeliveryStatusNotification.Action.DELAYED && recipient.status() != null
                                && !recipient.status().startsWith("4") ? "4.0.0"
                                : recipient.status() == null ? "4.0.0" : recipient.status(),
                        recipient.lastError(), recipient.remoteMta(), now))
                .toList();
        DeliveryStatusNotification.Report report = new DeliveryStatusNotification.Report(settings.hostname(),
                entry.envelopeId(), entry.created(),
                action == DeliveryStatusNotification.Action.DELAYED ? settings.schedule().giveUpAt(entry.created()) : null,
                blocks, content);
        try {
            bounces.deliver(entry.reversePath(), DeliveryStatusNotification.build(report, entry.reversePath(), now));
            log.info("event=dsn-sent id={} action={} recipients={}", entry.id(),
                    action.name().toLowerCase(Locale.ROOT), blocks.size());
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("event=dsn-failed id={} error=\"{}\"", entry.id(), e.getMessage());
            return false;
        }
    }

    /** Delivers to the recipients of one domain, trying its MX hosts in order; one result per recipient. */
    private List<RecipientResult> deliverToDomain(QueueEntry entry, String domain, List<String> recipients, byte[] content) {
        Semaphore domainSlots = perDomain.computeIfAbsent(domain, d -> new Semaphore(settings.maxPerDomain()));
        try {
            domainSlots.acquire();
            try {
                deliveries.acquire();
                try {
                    return routeAndDeliver(entry, domain, recipients, content);
                } finally {
                    deliveries.release();
                }
            } finally {
                domainSlots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all(recipients, RecipientResult.Outcome.DEFERRED, "4.3.0", "delivery interrupted (shutdown)", null);
        }
    }

    private List<RecipientResult> routeAndDeliver(QueueEntry entry, String domain, List<String> recipients, byte[] content) {
        MxLookup mx;
        try {
            mx = routing.mx(domain);
        } catch (DnsException e) {
            // A domain without MX or address records may be a transient misconfiguration: retry, bounce on expiry
            return all(recipients, RecipientResult.Outcome.DEFERRED, e.isTemporary() ? "4.4.3" : "4.4.4",
                    "cannot resolve the mail exchanger of " + domain + ": " + e.getMessage(), null);
        }
        if (mx.nullMx()) {
            // RFC 7505 §4.2: a null MX means the domain accepts no mail; fail at once
            return all(recipients, RecipientResult.Outcome.FAILED, "5.1.10",
                    domain + " accepts no mail (null MX)", null);
        }
        if (mx.hosts().isEmpty()) {
            return all(recipients, RecipientResult.Outcome.DEFERRED, "4.4.4",
                    domain + " has no MX or address records", null);
        }
        Optional<MtaStsPolicy> sts;
        try {
            sts = routing.mtaStsPolicy(domain);
        } catch (DnsException e) {
            // RFC 8461 §5.1: without a (cached) policy, deliver as if the domain had none
            log.info("event=mta-sts-unavailable domain={} error=\"{}\"", domain, e.getMessage());
            sts = Optional.empty();
        }

        // RFC 8689 §5: the sender asked to ignore the recipient's TLS policy (never with REQUIRETLS)
        boolean ignorePolicy = !entry.requireTls() && TlsRequiredHeader.saysNo(content);
        Map<String, RecipientResult> best = new LinkedHashMap<>();
        SmtpClient.Envelope envelope = new SmtpClient.Envelope(entry.reversePath(), recipients, entry.requireTls());
        for (MxLookup.MxHost host : mx.hosts()) {
            TlsaLookup tlsa = null;
            if (mx.dnssecValid()) {
                try {
                    tlsa = routing.tlsa(host.name(), remotePort);
                } catch (DnsException e) {
                    if (e.isTemporary()) {
                        // RFC 7672 §2.2: a TLSA lookup that fails in a signed zone means: do not use this host now
                        merge(best, all(recipients, RecipientResult.Outcome.DEFERRED, "4.7.5",
                                "TLSA lookup for " + host.name() + " failed: " + e.getMessage(), host.name()));
                        continue;
                    }
                }
            }
            TlsRequirement requirement = ignorePolicy
                    ? new TlsRequirement.Opportunistic()
                    : TlsPolicy.decide(mx, host.name(), tlsa, sts, entry.requireTls());
            if (requirement instanceof TlsRequirement.Refused refused) {
                record(domain, new TlsSessionResult(refused, host.name(), refused.resultType(), null));
                merge(best, entry.requireTls()
                        ? all(recipients, RecipientResult.Outcome.FAILED, "5.7.10", refused.reason(), host.name())
                        : all(recipients, RecipientResult.Outcome.DEFERRED, "4.7.5", refused.reason(), host.name()));
                continue;
            }
            List<InetAddress> addresses;
            try {
                addresses = routing.addresses(host.name());
            } catch (DnsException e) {
                merge(best, all(recipients, RecipientResult.Outcome.DEFERRED, "4.4.3",
                        "cannot resolve " + host.name() + ": " + e.getMessage(), host.name()));
                continue;
            }
            for (InetAddress address : addresses) {
                SmtpAttempt attempt = client.deliver(new InetSocketAddress(address, remotePort), host.name(),
                        requirement, envelope, content);
                if (attempt.tls() != null) {
                    record(domain, attempt.tls());
                }
                if (!attempt.tryNextHost()) {
                    // A conversation took place: its answers are final for this round
                    Map<String, RecipientResult> answered = new LinkedHashMap<>();
                    attempt.results().forEach(result -> answered.put(result.address(), result));
                    return recipients.stream().map(answered::get).toList();
                }
                merge(best, attempt.results());
            }
        }
        return recipients.stream()
                .map(recipient -> best.getOrDefault(recipient, new RecipientResult(recipient,
                        RecipientResult.Outcome.DEFERRED, "4.4.4", "no MX host of " + domain + " could be used", null)))
                .toList();
    }

    /** Of several hosts' answers, a deferral beats a failure: another round may reach a better host. */
    private static void merge(Map<String, RecipientResult> best, List<RecipientResult> results) {
        for (RecipientResult result : results) {
            best.merge(result.address(), result, (old, fresh) ->
                    old.outcome() == RecipientResult.Outcome.FAILED && fresh.outcome() != RecipientResult.Outcome.FAILED
                            ? fresh : old.outcome() == fresh.outcome() ? fresh : old);
        }
    }

    private void record(String domain, TlsSessionResult result) {
        try {
            tlsReports.record(domain, result, queue.clock().instant());
        } catch (StoreException e) {
            log.warn("event=tlsrpt-record-failed domain={} error=\"{}\"", domain, e.getMessage());
        }
    }

    private static List<RecipientResult> all(List<String> recipients, RecipientResult.Outcome outcome, String status,
                                             String diagnostic, String remoteMta) {
        return recipients.stream()
                .map(recipient -> new RecipientResult(recipient, outcome, status, diagnostic, remoteMta))
                .toList();
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}

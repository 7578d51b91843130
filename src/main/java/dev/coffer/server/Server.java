package dev.coffer.server;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.DomainOwnership;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.PublicDirectory;
import dev.coffer.account.RecipientResolver;
import dev.coffer.acme.CertificateService;
import dev.coffer.acme.Http01Answers;
import dev.coffer.acme.TlsKeys;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ListenAddress;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.crypto.CmsSigner;
import dev.coffer.crypto.ServerTls;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.delivery.InboundChecks;
import dev.coffer.delivery.SmtpDelivery;
import dev.coffer.dns.ConfiguredAddressResolver;
import dev.coffer.dns.DnsMailRouting;
import dev.coffer.dns.DnsResolver;
import dev.coffer.dns.DnsTxtLookup;
import dev.coffer.dns.MtaStsPolicies;
import dev.coffer.filter.ConfiguredFilters;
import dev.coffer.filter.sieve.ScriptedSieve;
import dev.coffer.filter.sieve.SieveLimits;
import dev.coffer.filter.sieve.SieveScripts;
import dev.coffer.filter.sieve.StoredStandingVacation;
import dev.coffer.imap.ImapLimits;
import dev.coffer.imap.ImapServer;
import dev.coffer.jmap.Jmap;
import dev.coffer.jmap.JmapLimits;
import dev.coffer.jmap.PushHub;
import dev.coffer.jmap.mail.HeldMessages;
import dev.coffer.jmap.mail.MailJmap;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MailboxNames;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mailbox.StoreMailboxService;
import dev.coffer.managesieve.ManageSieveLimits;
import dev.coffer.managesieve.ManageSieveServer;
import dev.coffer.pop3.Pop3Limits;
import dev.coffer.pop3.Pop3Server;
import dev.coffer.queue.CertificateVerifier;
import dev.coffer.queue.DailyTlsReports;
import dev.coffer.queue.MailedTlsReportSender;
import dev.coffer.queue.PersistentQueue;
import dev.coffer.queue.QueueRunner;
import dev.coffer.queue.SmtpClient;
import dev.coffer.queue.SmtpTimeouts;
import dev.coffer.queue.TlsReports;
import dev.coffer.smtp.SmtpLimits;
import dev.coffer.smtp.SmtpServer;
import dev.coffer.smtp.SubmissionServer;
import dev.coffer.smtp.policy.AccountLimits;
import dev.coffer.smtp.policy.Greylist;
import dev.coffer.smtp.policy.InboundLimits;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import dev.coffer.submission.AutomaticMail;
import dev.coffer.submission.BounceRouter;
import dev.coffer.submission.SubmissionService;
import dev.coffer.web.AcmeChallenges;
import dev.coffer.web.ClientAutoconfiguration;
import dev.coffer.web.HttpRedirectListener;
import dev.coffer.web.HttpsListener;
import dev.coffer.web.JmapRoutes;
import dev.coffer.web.MailEndpoints;
import dev.coffer.web.MtaStsHosting;
import dev.coffer.web.MtaStsPolicyFile;
import dev.coffer.web.SecurityHeaders;
import dev.coffer.web.WebKeyDirectory;
import dev.coffer.web.WebRoutes;
import dev.coffer.web.webmail.WebmailAssets;
import dev.coffer.web.webmail.WebmailRoutes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: builds the services and the listeners from the configuration, in
 * one place, by constructor calls. Closing it stops the listeners and the queue, then the store.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    /** How a protocol server binds its socket. */
    @FunctionalInterface
    private interface Binder<L> {
        void start(L listener, InetSocketAddress bind) throws IOException;
    }

    private final Store store;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private Server(Store store) {
        this.store = store;
    }

    public static Server start(Path dataDir, CofferConfig config) throws IOException {
        ServerTls.hardenJsse();
        Store store = Store.open(dataDir);
        Server server = new Server(store);
        try {
            server.startServices(dataDir, config);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startServices(Path dataDir, CofferConfig config) throws IOException {
        Clock clock = Clock.systemUTC();
        String hostname = config.hostname();
        boolean logIps = config.privacy().logIpAddresses();
        TlsKeys tlsKeys = TlsKeys.in(dataDir, config.tls().key());
        if (tlsKeys.completeInterruptedRotation(dataDir.resolve(config.tls().certificate()))) {
            LOG.warn("event=tls-key-rotation-completed reason=\"the server stopped during a key rotation\"");
        }
        ServerTls tls = ServerTls.load(dataDir.resolve(config.tls().certificate()), dataDir.resolve(config.tls().key()));
        // The next key's TLSA record is published ahead of a rotation (docs/tls.md), so it must exist from the start.
        tlsKeys.next();
        running.add(new Periodic("tls-reload", CertificateReload.INTERVAL,
                new CertificateReload(tls, dataDir.resolve(config.tls().certificate()),
                        dataDir.resolve(config.tls().key()))));

        DnsResolver dns = ConfiguredDns.resolver(dataDir, config.dns());
        PersistentQueue queue = PersistentQueue.open(store, dataDir);
        DomainDkimKeys dkimKeys = new DomainDkimKeys(store, clock);

        // Receiving and reading.
        MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(config.mail().maxMimeDepth()));
        MessageSealer sealer = new MessageSealer(new MessageEncryption());
        RecipientResolver resolver = new RecipientResolver(store, config.mail().subaddressSeparator());
        MailAuthentication mailAuth = MailAuthentication.create(hostname, config.authservId(),
                config.mailauth().dmarcReports(), dns, store, dkimKeys, queue, clock);
        if (mailAuth.reports() != null) {
            running.add(mailAuth.reports());
            mailAuth.reports().start();
        }
        AutomaticMail automaticMail = new AutomaticMail(resolver, queue, dkimKeys, parser, mailAuth.forwarding());
        SieveScripts sieveScripts = new SieveScripts(store, SieveLimits.defaults(), clock);
        InboundChecks checks = new InboundChecks(mailAuth.authenticator(), mailAuth.resultsHeader(),
                ConfiguredFilters.from(config.filter(), dns),
                new ScriptedSieve(sieveScripts, store.vacations(), new StoredStandingVacation(store.vacationResponses()),
                        config.mail().subaddressSeparator(),
                        (account, name) -> store.mailboxes().idOf(account.id(), MailboxNames.normalize(name)).isPresent(), clock),
                automaticMail);
        DeliveryPipeline localDelivery = DeliveryPipeline.standard(resolver, parser, sealer, store, checks);
        automaticMail.deliverLocallyThrough(localDelivery);
        StoreMailboxService mailboxes = new StoreMailboxService(store, sealer, parser, config.smtp().maxMessageSize());
        AppPasswordLogin login = new AppPasswordLogin(store, new LoginThrottle(clock), clock);

        // Sending.
        MtaStsPolicies mtaSts = MtaStsPolicies.builder(dns).clock(clock).build();
        running.add(mtaSts);
        DnsMailRouting routing = new DnsMailRouting(dns, mtaSts);
        if (!config.dns().resolver().isEmpty()) {
            // The MTA-STS policy host (an HTTPS fetch) must be found through the same resolver.
            ConfiguredAddressResolver.install(routing::addresses);
        }
        TlsReports tlsReports = new TlsReports(store.queue(), hostname, "postmaster@" + hostname);
        QueueRunner runner = new QueueRunner(queue, routing,
                new SmtpClient(hostname, SmtpTimeouts.rfc5321(), CertificateVerifier.withJdkTrust()),
                new BounceRouter(resolver, localDelivery, queue), tlsReports,
                config.outbound().remotePort(), QueueRunner.Settings.defaults(hostname));
        running.add(runner);
        runner.start();
        SubmissionService submission = new SubmissionService(store, resolver, dkimKeys, localDelivery, queue,
                mailboxes, parser, clock);
        // RFC 8460 §5.3: daily TLS reports, signed by the domain of this host.
        MailedTlsReportSender reportSender = MailedTlsReportSender.builder(dns, queue, hostname)
                .signer(message -> dkimKeys.hostedDomainOf(hostname)
                        .map(domain -> dkimKeys.sign(domain, message)).orElse(message))
                .clock(clock)
                .build();
        running.add(reportSender);
        DailyTlsReports dailyReports = new DailyTlsReports(tlsReports, reportSender);
        running.add(dailyReports);
        dailyReports.start();

        CofferConfig.Listeners addresses = config.listeners();
        CofferConfig.Smtp smtp = config.smtp();
        SmtpLimits smtpLimits = smtpLimits(smtp);
        Greylist greylist = smtp.greylisting() ? new Greylist(store.greylist(),
                Greylist.Settings.withDelay(Duration.ofSeconds(smtp.greylistDelaySeconds())), clock) : null;
        InboundLimits inboundLimits = new InboundLimits(smtp.maxMessagesPerIpPerHour(),
                smtp.maxMessagesPerSenderPerHour(), greylist, clock);
        AccountLimits accountLimits = new AccountLimits(smtp.maxMessagesPerSenderPerHour(), clock);
        listen("smtp", addresses.smtp(), new SmtpServer(hostname, new SmtpDelivery(resolver, localDelivery),
                inboundLimits, tls, smtpLimits, logIps), SmtpServer::start, SmtpServer::port);
        listen("submissions", addresses.submissions(), new SubmissionServer(hostname, submission, login, tls,
                smtpLimits, true, logIps, false, accountLimits), SubmissionServer::start, SubmissionServer::port);
        listen("submission", addresses.submission(), new SubmissionServer(hostname, submission, login, tls,
                smtpLimits, false, logIps, false, accountLimits), SubmissionServer::start, SubmissionServer::port);
        listen("imap", addresses.imap(), new ImapServer(hostname, mailboxes, login, tls,
                ImapLimits.defaults(), false, logIps), ImapServer::start, ImapServer::port);
        listen("imaps", addresses.imaps(), new ImapServer(hostname, mailboxes, login, tls,
                ImapLimits.defaults(), true, logIps), ImapServer::start, ImapServer::port);
        listen("pop3", addresses.pop3(), new Pop3Server(hostname, mailboxes, login, tls,
                Pop3Limits.defaults(), false, logIps), Pop3Server::start, Pop3Server::port);
        listen("pop3s", addresses.pop3s(), new Pop3Server(hostname, mailboxes, login, tls,
                Pop3Limits.defaults(), true, logIps), Pop3Server::start, Pop3Server::port);
        listen("managesieve", addresses.managesieve(), new ManageSieveServer(hostname, sieveScripts, login, tls,
                ManageSieveLimits.defaults(), logIps), ManageSieveServer::start, ManageSieveServer::port);
        Jmap jmap = jmap(config, mailboxes, submission, resolver, queue, accountLimits, clock);
        startWeb(dataDir, config, tls, clock, jmap, login, new DomainOwnership(store,
                DnsTxtLookup.through(ConfiguredDns.uncached(dataDir, config.dns())), clock));
    }

    /** After the mail listeners, whose ports autoconfiguration announces. http runs only beside https. */
    private void startWeb(Path dataDir, CofferConfig config, ServerTls tls, Clock clock, Jmap jmap,
                          AppPasswordLogin login, DomainOwnership ownership) throws IOException {
        PublicDirectory directory = new PublicDirectory(store);
        WebAccounts accounts = WebAccounts.create(dataDir, config, store, clock, ownership);
        int inactiveDays = config.accounts().inactiveDays();
        running.add(new Periodic("account-lifecycle", Duration.ofHours(1), () -> {
            if (inactiveDays > 0) {
                accounts.deletion().lockInactive(Duration.ofDays(inactiveDays));
            }
            accounts.deletion().purgeDue();
        }));
        List<WebRoutes> routes = new ArrayList<>(List.of(
                new WebKeyDirectory(directory),
                new MtaStsHosting(directory, MtaStsPolicyFile.from(config)),
                new ClientAutoconfiguration(directory, MailEndpoints.of(config.hostname(), ports),
                        CmsSigner.of(tls)),
                new WebmailRoutes(WebmailAssets.load())));
        routes.addAll(accounts.routes());
        routes.add(new JmapRoutes(jmap, accounts.sessions(), login, config.hostname()));
        SecurityHeaders headers = new SecurityHeaders(config.web().hstsPreload(), config.web().onionAddress());
        listen("https", config.listeners().https(), new HttpsListener(tls, headers, routes),
                HttpsListener::start, HttpsListener::port);
        AcmeChallenges challenges = new AcmeChallenges();
        if (ports.containsKey("https")) {
            listen("http", config.listeners().http(), new HttpRedirectListener(challenges,
                    ports.get("https"), config.hostname()), HttpRedirectListener::start, HttpRedirectListener::port);
        }
        if (config.acme().enabled()) {
            CertificateService certificates = new CertificateService(dataDir, config,
                    () -> store.domains().list().stream().map(Domain::name).toList(), tls,
                    new Http01Answers(challenges::put, challenges::remove), clock);
            // The first check right after start: a fresh install gets its certificate at once.
            running.add(new Periodic("acme", Duration.ofSeconds(1),
                    Duration.ofSeconds(config.acme().checkIntervalSeconds()), certificates::runDue));
        }
    }

    /**
     * JMAP: mailboxes, emails and threads, with identities, submission (sharing the submission
     * listeners' per-account limit), the vacation response and the key methods.
     */
    private Jmap jmap(CofferConfig config, MailboxService mailboxes, SubmissionService submission,
                      RecipientResolver resolver, PersistentQueue queue, AccountLimits sendingLimit, Clock clock) {
        JmapLimits limits = JmapLimits.defaults(config.smtp().maxMessageSize());
        PushHub push = new PushHub(mailboxes);
        HeldMessages held = new HeldMessages(limits.maxUploadsHeld(), 4 * limits.maxSizeUpload(), clock);
        JmapExtras extras = JmapExtras.create(store, config, submission, resolver, queue::find, MailJmap::threadOf,
                push, held, sendingLimit, new Limits(limits.maxObjectsInGet(), limits.maxObjectsInSet()), clock);
        running.add(extras);
        return MailJmap.create(mailboxes, limits, push, held, clock, extras.methods(), extras.capabilities(),
                extras.dataTypes());
    }

    /** Starts a listener unless its address is empty (turned off in the configuration). */
    private <L extends AutoCloseable> void listen(String name, String address, L listener, Binder<L> binder,
                                                  ToIntFunction<L> port) throws IOException {
        if (address == null || address.isEmpty()) {
            return;
        }
        running.add(listener);
        binder.start(listener, ListenAddress.parse(address));
        ports.put(name, port.applyAsInt(listener));
    }

    /** The listeners that are running, by name, with the port each is bound to. */
    public Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    public Store store() {
        return store;
    }

    private static SmtpLimits smtpLimits(CofferConfig.Smtp smtp) {
        return new SmtpLimits(Math.toIntExact(smtp.maxMessageSize()), smtp.maxRecipients(),
                smtp.maxConnectionsPerIp(), Duration.ofSeconds(smtp.commandTimeoutSeconds()), 10);
    }

    /** Listeners first (no new work), then the queue, then the store. */
    @Override
    public void close() {
        for (AutoCloseable part : running.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                // Shutting down: keep closing the others.
            }
        }
        store.close();
    }
}

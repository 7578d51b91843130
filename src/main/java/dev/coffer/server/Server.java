package dev.coffer.server;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.RecipientResolver;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ListenAddress;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.crypto.ServerTls;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.delivery.SmtpDelivery;
import dev.coffer.imap.ImapLimits;
import dev.coffer.imap.ImapServer;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mailbox.StoreMailboxService;
import dev.coffer.pop3.Pop3Limits;
import dev.coffer.pop3.Pop3Server;
import dev.coffer.smtp.SmtpLimits;
import dev.coffer.smtp.SmtpServer;
import dev.coffer.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The running server: builds the services and the listeners from the configuration, in
 * one place, by constructor calls. Closing it stops the listeners, then the store.
 */
public final class Server implements AutoCloseable {

    /** How a protocol server binds its socket. */
    @FunctionalInterface
    private interface Binder<L> {
        void start(L listener, InetSocketAddress bind) throws IOException;
    }

    private final Store store;
    private final Map<String, AutoCloseable> listeners = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private Server(Store store) {
        this.store = store;
    }

    public static Server start(Path dataDir, CofferConfig config) throws IOException {
        ServerTls.hardenJsse();
        Store store = Store.open(dataDir);
        Server server = new Server(store);
        try {
            server.startListeners(dataDir, config);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startListeners(Path dataDir, CofferConfig config) throws IOException {
        ServerTls tls = ServerTls.load(dataDir.resolve(config.tls().certificate()), dataDir.resolve(config.tls().key()));
        boolean logIps = config.privacy().logIpAddresses();
        MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(config.mail().maxMimeDepth()));
        MessageSealer sealer = new MessageSealer(new MessageEncryption());
        RecipientResolver resolver = new RecipientResolver(store, config.mail().subaddressSeparator());
        SmtpDelivery inbound = new SmtpDelivery(resolver, DeliveryPipeline.standard(resolver, parser, sealer, store));
        MailboxService mailboxes = new StoreMailboxService(store, sealer, parser, config.smtp().maxMessageSize());
        AppPasswordLogin login = new AppPasswordLogin(store, new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
        CofferConfig.Listeners addresses = config.listeners();

        listen("smtp", addresses.smtp(), new SmtpServer(config.hostname(), inbound, tls,
                smtpLimits(config.smtp()), logIps), SmtpServer::start, SmtpServer::port);
        listen("imap", addresses.imap(), new ImapServer(config.hostname(), mailboxes, login, tls,
                ImapLimits.defaults(), false, logIps), ImapServer::start, ImapServer::port);
        listen("imaps", addresses.imaps(), new ImapServer(config.hostname(), mailboxes, login, tls,
                ImapLimits.defaults(), true, logIps), ImapServer::start, ImapServer::port);
        listen("pop3", addresses.pop3(), new Pop3Server(config.hostname(), mailboxes, login, tls,
                Pop3Limits.defaults(), false, logIps), Pop3Server::start, Pop3Server::port);
        listen("pop3s", addresses.pop3s(), new Pop3Server(config.hostname(), mailboxes, login, tls,
                Pop3Limits.defaults(), true, logIps), Pop3Server::start, Pop3Server::port);
    }

    /** Starts a listener unless its address is empty (turned off in the configuration). */
    private <L extends AutoCloseable> void listen(String name, String address, L listener, Binder<L> binder,
                                                  ToIntFunction<L> port) throws IOException {
        if (address == null || address.isEmpty()) {
            return;
        }
        listeners.put(name, listener);
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

    @Override
    public void close() {
        for (AutoCloseable listener : listeners.values()) {
            try {
                listener.close();
            } catch (Exception e) {
                // Shutting down: keep closing the others.
            }
        }
        store.close();
    }
}

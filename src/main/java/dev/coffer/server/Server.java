package dev.coffer.server;

import dev.coffer.account.RecipientResolver;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ListenAddress;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.crypto.ServerTls;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.delivery.SmtpDelivery;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.smtp.SmtpLimits;
import dev.coffer.smtp.SmtpServer;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running server: builds the services and the listeners from the configuration, in
 * one place, by constructor calls. Closing it stops the listeners, then the store.
 */
public final class Server implements AutoCloseable {

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
            ServerTls tls = ServerTls.load(dataDir.resolve(config.tls().certificate()),
                    dataDir.resolve(config.tls().key()));
            RecipientResolver resolver = new RecipientResolver(store, config.mail().subaddressSeparator());
            MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(config.mail().maxMimeDepth()));
            DeliveryPipeline pipeline = DeliveryPipeline.standard(resolver, parser,
                    new MessageSealer(new MessageEncryption()), store);
            SmtpDelivery inbound = new SmtpDelivery(resolver, pipeline);
            if (!config.listeners().smtp().isEmpty()) {
                SmtpServer smtp = new SmtpServer(config.hostname(), inbound, tls, smtpLimits(config.smtp()),
                        config.privacy().logIpAddresses());
                server.listeners.put("smtp", smtp);
                smtp.start(ListenAddress.parse(config.listeners().smtp()));
                server.ports.put("smtp", smtp.port());
            }
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
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

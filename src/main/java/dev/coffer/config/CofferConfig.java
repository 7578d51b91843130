package dev.coffer.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The whole of {@code coffer.toml}, typed. Every section has defaults, so a file only
 * names what differs; an unknown key or a bad value is refused with the key's name
 * (see {@link ConfigLoader}).
 */
public record CofferConfig(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("listeners") Listeners listeners,
        @JsonProperty("tls") Tls tls,
        @JsonProperty("smtp") Smtp smtp,
        @JsonProperty("mail") Mail mail,
        @JsonProperty("privacy") Privacy privacy,
        @JsonProperty("dns") Dns dns,
        @JsonProperty("outbound") Outbound outbound) {

    public CofferConfig {
        hostname = hostname == null ? "localhost" : hostname;
        listeners = listeners == null ? Listeners.standard() : listeners;
        tls = tls == null ? new Tls(null, null) : tls;
        smtp = smtp == null ? new Smtp(null, null, null, null) : smtp;
        mail = mail == null ? new Mail(null, null) : mail;
        privacy = privacy == null ? new Privacy(null) : privacy;
        dns = dns == null ? new Dns(null, null) : dns;
        outbound = outbound == null ? new Outbound(null) : outbound;
    }

    /**
     * Where each protocol listens, as {@code host:port}; an empty string turns a listener off.
     * {@code https} is not served yet (the web side is a later issue); its address is kept so the port is reserved.
     */
    public record Listeners(
            @JsonProperty("smtp") String smtp,
            @JsonProperty("submissions") String submissions,
            @JsonProperty("submission") String submission,
            @JsonProperty("imap") String imap,
            @JsonProperty("imaps") String imaps,
            @JsonProperty("pop3") String pop3,
            @JsonProperty("pop3s") String pop3s,
            @JsonProperty("https") String https) {

        public static Listeners standard() {
            return new Listeners("0.0.0.0:25", "0.0.0.0:465", "0.0.0.0:587", "0.0.0.0:143",
                    "0.0.0.0:993", "0.0.0.0:110", "0.0.0.0:995", "0.0.0.0:443");
        }

        public static Listeners demo() {
            return new Listeners("127.0.0.1:2525", "127.0.0.1:4465", "127.0.0.1:2587", "127.0.0.1:2143",
                    "127.0.0.1:2993", "127.0.0.1:2110", "127.0.0.1:2995", "127.0.0.1:8443");
        }
    }

    /** PEM files for the server certificate chain (leaf first) and its key, relative to the data directory. */
    public record Tls(
            @JsonProperty("certificate") String certificate,
            @JsonProperty("key") String key) {

        public Tls {
            certificate = certificate == null ? "tls/cert.pem" : certificate;
            key = key == null ? "tls/key.pem" : key;
        }
    }

    public record Smtp(
            @JsonProperty("max_message_size") Long maxMessageSize,
            @JsonProperty("max_recipients") Integer maxRecipients,
            @JsonProperty("max_connections_per_ip") Integer maxConnectionsPerIp,
            @JsonProperty("command_timeout_seconds") Integer commandTimeoutSeconds) {

        public Smtp {
            maxMessageSize = maxMessageSize == null ? 50L * 1024 * 1024 : maxMessageSize;
            maxRecipients = maxRecipients == null ? 100 : maxRecipients;
            maxConnectionsPerIp = maxConnectionsPerIp == null ? 20 : maxConnectionsPerIp;
            commandTimeoutSeconds = commandTimeoutSeconds == null ? 300 : commandTimeoutSeconds;
        }
    }

    public record Mail(
            @JsonProperty("subaddress_separator") String subaddressSeparator,
            @JsonProperty("max_mime_depth") Integer maxMimeDepth) {

        public Mail {
            subaddressSeparator = subaddressSeparator == null ? "+" : subaddressSeparator;
            maxMimeDepth = maxMimeDepth == null ? 50 : maxMimeDepth;
        }
    }

    /** DESIGN §1.6: no IP addresses in logs unless the operator turns it on. */
    public record Privacy(@JsonProperty("log_ip_addresses") Boolean logIpAddresses) {

        public Privacy {
            logIpAddresses = logIpAddresses != null && logIpAddresses;
        }
    }

    /**
     * The DNS resolver for MX, TLSA, MTA-STS and DKIM lookups.
     *
     * @param resolver     {@code host:port} of a resolver; empty: the system's (/etc/resolv.conf)
     * @param trustAnchors a file of DNSKEY/DS records to trust instead of the root's (test zones); empty: the root
     */
    public record Dns(
            @JsonProperty("resolver") String resolver,
            @JsonProperty("trust_anchors") String trustAnchors) {

        public Dns {
            resolver = resolver == null ? "" : resolver;
            trustAnchors = trustAnchors == null ? "" : trustAnchors;
        }
    }

    /** Delivery to other servers. {@code remote_port} is 25 but for tests and special setups. */
    public record Outbound(@JsonProperty("remote_port") Integer remotePort) {

        public Outbound {
            remotePort = remotePort == null ? 25 : remotePort;
        }
    }
}

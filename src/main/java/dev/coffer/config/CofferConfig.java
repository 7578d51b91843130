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
        @JsonProperty("outbound") Outbound outbound,
        @JsonProperty("mailauth") MailAuth mailauth,
        @JsonProperty("filter") Filter filter,
        @JsonProperty("web") Web web,
        @JsonProperty("accounts") Accounts accounts,
        @JsonProperty("domains") Domains domains,
        @JsonProperty("acme") Acme acme) {

    public CofferConfig {
        hostname = hostname == null ? "localhost" : hostname;
        listeners = listeners == null ? Listeners.standard() : listeners;
        tls = tls == null ? new Tls(null, null) : tls;
        smtp = smtp == null ? new Smtp(null, null, null, null, null, null, null, null) : smtp;
        mail = mail == null ? new Mail(null, null) : mail;
        privacy = privacy == null ? new Privacy(null) : privacy;
        dns = dns == null ? new Dns(null, null) : dns;
        outbound = outbound == null ? new Outbound(null) : outbound;
        mailauth = mailauth == null ? new MailAuth(null, null) : mailauth;
        filter = filter == null ? new Filter(null, null, null, null, null, null, null, null) : filter;
        web = web == null ? new Web(null, null, null, null) : web;
        accounts = accounts == null ? new Accounts(null, null, null) : accounts;
        domains = domains == null ? new Domains(null, null) : domains;
        acme = acme == null ? new Acme(null, null, null, null, null, null, null) : acme;
    }

    /** The authserv-id of Authentication-Results fields: the configured one, else the hostname. */
    public String authservId() {
        return mailauth.authservId().isEmpty() ? hostname : mailauth.authservId();
    }

    /**
     * Where each protocol listens, as {@code host:port}; an empty string turns a listener off.
     * {@code http} only redirects to {@code https} and answers ACME challenges.
     */
    public record Listeners(
            @JsonProperty("smtp") String smtp,
            @JsonProperty("submissions") String submissions,
            @JsonProperty("submission") String submission,
            @JsonProperty("imap") String imap,
            @JsonProperty("imaps") String imaps,
            @JsonProperty("pop3") String pop3,
            @JsonProperty("pop3s") String pop3s,
            @JsonProperty("https") String https,
            @JsonProperty("http") String http,
            @JsonProperty("managesieve") String managesieve) {

        public static Listeners standard() {
            return new Listeners("0.0.0.0:25", "0.0.0.0:465", "0.0.0.0:587", "0.0.0.0:143",
                    "0.0.0.0:993", "0.0.0.0:110", "0.0.0.0:995", "0.0.0.0:443", "0.0.0.0:80", "0.0.0.0:4190");
        }

        public static Listeners demo() {
            return new Listeners("127.0.0.1:2525", "127.0.0.1:4465", "127.0.0.1:2587", "127.0.0.1:2143",
                    "127.0.0.1:2993", "127.0.0.1:2110", "127.0.0.1:2995", "127.0.0.1:8443", "127.0.0.1:8080",
                    "127.0.0.1:24190");
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
            @JsonProperty("command_timeout_seconds") Integer commandTimeoutSeconds,
            @JsonProperty("max_messages_per_ip_per_hour") Integer maxMessagesPerIpPerHour,
            @JsonProperty("max_messages_per_sender_per_hour") Integer maxMessagesPerSenderPerHour,
            @JsonProperty("greylisting") Boolean greylisting,
            @JsonProperty("greylist_delay_seconds") Integer greylistDelaySeconds) {

        public Smtp {
            maxMessagesPerIpPerHour = maxMessagesPerIpPerHour == null ? 1000 : maxMessagesPerIpPerHour;
            maxMessagesPerSenderPerHour = maxMessagesPerSenderPerHour == null ? 500 : maxMessagesPerSenderPerHour;
            greylisting = greylisting != null && greylisting;
            greylistDelaySeconds = greylistDelaySeconds == null ? 300 : greylistDelaySeconds;
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

    /**
     * Checking inbound mail (SPF, DKIM, DMARC, ARC).
     *
     * @param authservId   the name in Authentication-Results fields; empty: the hostname
     * @param dmarcReports whether to send DMARC aggregate reports (RFC 7489 §7.2) to domains that ask
     */
    public record MailAuth(
            @JsonProperty("authserv_id") String authservId,
            @JsonProperty("dmarc_reports") Boolean dmarcReports) {

        public MailAuth {
            authservId = authservId == null ? "" : authservId;
            dmarcReports = dmarcReports == null || dmarcReports;
        }
    }

    /**
     * Spam and virus filtering of inbound mail, on the plaintext in memory before encryption.
     *
     * @param junkScore      a built-in score at or above this files the message in Junk
     * @param rejectScore    a score at or above this refuses it at DATA
     * @param dnsbl          DNS block lists of client IPs to consult (zones, e.g. zen.spamhaus.org)
     * @param uribl          DNS block lists of domains named in links
     * @param rspamdUrl      base URL of Rspamd's normal worker (e.g. http://127.0.0.1:11333); empty: off
     * @param rspamdRequired when true and Rspamd is down, mail is tempfailed rather than accepted unscanned
     * @param clamd          clamd's TCP {@code host:port} or Unix socket path; empty: off
     * @param clamdRequired  when true and clamd is down, mail is tempfailed rather than accepted unscanned
     */
    public record Filter(
            @JsonProperty("junk_score") Double junkScore,
            @JsonProperty("reject_score") Double rejectScore,
            @JsonProperty("dnsbl") java.util.List<String> dnsbl,
            @JsonProperty("uribl") java.util.List<String> uribl,
            @JsonProperty("rspamd_url") String rspamdUrl,
            @JsonProperty("rspamd_required") Boolean rspamdRequired,
            @JsonProperty("clamd") String clamd,
            @JsonProperty("clamd_required") Boolean clamdRequired) {

        public Filter {
            junkScore = junkScore == null ? 6.0 : junkScore;
            rejectScore = rejectScore == null ? 15.0 : rejectScore;
            dnsbl = dnsbl == null ? java.util.List.of() : java.util.List.copyOf(dnsbl);
            uribl = uribl == null ? java.util.List.of() : java.util.List.copyOf(uribl);
            rspamdUrl = rspamdUrl == null ? "" : rspamdUrl;
            rspamdRequired = rspamdRequired == null || rspamdRequired;
            clamd = clamd == null ? "" : clamd;
            clamdRequired = clamdRequired == null || clamdRequired;
        }
    }

    /**
     * The HTTPS side.
     *
     * @param hstsPreload          add {@code preload} to Strict-Transport-Security (only once the domain is on the list)
     * @param onionAddress         the onion service name, announced with {@code Onion-Location}; empty: none
     * @param mtaStsMode           the MTA-STS policy mode published for hosted domains: enforce, testing or none
     * @param mtaStsMaxAgeSeconds  the policy's max_age (RFC 8461 §3.2)
     */
    public record Web(
            @JsonProperty("hsts_preload") Boolean hstsPreload,
            @JsonProperty("onion_address") String onionAddress,
            @JsonProperty("mta_sts_mode") String mtaStsMode,
            @JsonProperty("mta_sts_max_age_seconds") Long mtaStsMaxAgeSeconds) {

        public Web {
            hstsPreload = hstsPreload != null && hstsPreload;
            onionAddress = onionAddress == null ? "" : onionAddress;
            mtaStsMode = mtaStsMode == null ? "enforce" : mtaStsMode;
            mtaStsMaxAgeSeconds = mtaStsMaxAgeSeconds == null ? 604_800L : mtaStsMaxAgeSeconds;
        }
    }

    /**
     * Account lifecycle.
     *
     * @param signup            who may create an account over the web: closed, invite or open
     * @param deletionGraceDays how long an account whose user asked for its deletion stays locked
     *                          before its keys and mail are shredded
     * @param inactiveDays      accounts without a login for this many days are locked for deletion; 0: never
     */
    public record Accounts(
            @JsonProperty("signup") String signup,
            @JsonProperty("deletion_grace_days") Integer deletionGraceDays,
            @JsonProperty("inactive_days") Integer inactiveDays) {

        public Accounts {
            signup = signup == null ? "closed" : signup;
            deletionGraceDays = deletionGraceDays == null ? 30 : deletionGraceDays;
            inactiveDays = inactiveDays == null ? 0 : inactiveDays;
        }
    }

    /**
     * Hosted domains and what {@code coffer domain dns} tells their owners to publish.
     *
     * @param userDomains whether users may add domains of their own over the API (each proved with a TXT token)
     * @param caaIssuer   the CA's CAA issuer domain (RFC 8659 §4.2), e.g. letsencrypt.org; empty: no CAA records
     */
    public record Domains(
            @JsonProperty("user_domains") Boolean userDomains,
            @JsonProperty("caa_issuer") String caaIssuer) {

        public Domains {
            userDomains = userDomains != null && userDomains;
            caaIssuer = caaIssuer == null ? "letsencrypt.org" : caaIssuer;
        }
    }

    /**
     * Certificates from an ACME CA (RFC 8555) for the hostname and the mta-sts., autoconfig. and
     * openpgpkey. names of every hosted domain, renewed before they expire ({@code docs/tls.md}).
     *
     * @param enabled              off by default: the certificate in [tls] is then used as it is
     * @param directory            the CA's directory URL
     * @param contact              an e-mail address the CA may write to about the account; empty: none
     * @param challenges           the challenge types to answer, in order of preference: http-01, tls-alpn-01
     * @param renewBeforeDays      renew when fewer days than this are left (and at 2/3 of the lifetime at the latest)
     * @param checkIntervalSeconds how often the server looks whether a certificate is due (and for CLI requests)
     * @param trust                a PEM file of CA certificates to trust for the directory's HTTPS (test CAs);
     *                             empty: the JDK's trust store
     */
    public record Acme(
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("directory") String directory,
            @JsonProperty("contact") String contact,
            @JsonProperty("challenges") java.util.List<String> challenges,
            @JsonProperty("renew_before_days") Integer renewBeforeDays,
            @JsonProperty("check_interval_seconds") Integer checkIntervalSeconds,
            @JsonProperty("trust") String trust) {

        public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

        public Acme {
            enabled = enabled != null && enabled;
            directory = directory == null ? LETS_ENCRYPT : directory;
            contact = contact == null ? "" : contact;
            challenges = challenges == null ? java.util.List.of("http-01", "tls-alpn-01")
                    : java.util.List.copyOf(challenges);
            renewBeforeDays = renewBeforeDays == null ? 30 : renewBeforeDays;
            checkIntervalSeconds = checkIntervalSeconds == null ? 300 : checkIntervalSeconds;
            trust = trust == null ? "" : trust;
        }
    }
}

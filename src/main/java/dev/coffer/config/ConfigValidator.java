package dev.coffer.config;

import java.nio.file.Path;

/** Checks values that parse but make no sense, naming the key that holds them. */
final class ConfigValidator {

    private ConfigValidator() {}

    static void validate(CofferConfig config, Path file) throws ConfigException {
        if (config.hostname().isBlank() || !config.hostname().matches("[A-Za-z0-9.-]+")) {
            throw bad(file, "hostname", "'" + config.hostname() + "' is not a host name");
        }
        CofferConfig.Listeners listeners = config.listeners();
        listener(file, "listeners.smtp", listeners.smtp());
        listener(file, "listeners.submissions", listeners.submissions());
        listener(file, "listeners.submission", listeners.submission());
        listener(file, "listeners.imap", listeners.imap());
        listener(file, "listeners.imaps", listeners.imaps());
        listener(file, "listeners.pop3", listeners.pop3());
        listener(file, "listeners.pop3s", listeners.pop3s());
        listener(file, "listeners.https", listeners.https());
        listener(file, "listeners.http", listeners.http());
        listener(file, "listeners.managesieve", listeners.managesieve());
        CofferConfig.Smtp smtp = config.smtp();
        positive(file, "smtp.max_message_size", smtp.maxMessageSize());
        positive(file, "smtp.max_recipients", smtp.maxRecipients());
        positive(file, "smtp.max_connections_per_ip", smtp.maxConnectionsPerIp());
        positive(file, "smtp.command_timeout_seconds", smtp.commandTimeoutSeconds());
        positive(file, "smtp.max_messages_per_ip_per_hour", smtp.maxMessagesPerIpPerHour());
        positive(file, "smtp.max_messages_per_sender_per_hour", smtp.maxMessagesPerSenderPerHour());
        positive(file, "smtp.greylist_delay_seconds", smtp.greylistDelaySeconds());
        if (smtp.maxMessageSize() > Integer.MAX_VALUE - 1024) {
            throw bad(file, "smtp.max_message_size", "must be below 2 GiB");
        }
        String separator = config.mail().subaddressSeparator();
        if (separator.length() != 1 || "@\". ".contains(separator)) {
            throw bad(file, "mail.subaddress_separator", "must be one character other than @, \", . or space");
        }
        positive(file, "mail.max_mime_depth", config.mail().maxMimeDepth());
        listener(file, "dns.resolver", config.dns().resolver());
        int remotePort = config.outbound().remotePort();
        if (remotePort < 1 || remotePort > 65535) {
            throw bad(file, "outbound.remote_port", "must be a port number 1-65535, not " + remotePort);
        }
        CofferConfig.Filter filter = config.filter();
        if (filter.junkScore() <= 0 || filter.rejectScore() <= filter.junkScore()) {
            throw bad(file, "filter.reject_score", "must be above filter.junk_score, which must be positive");
        }
        if (!filter.rspamdUrl().isEmpty() && !filter.rspamdUrl().matches("https?://[^\\s/]+(/.*)?")) {
            throw bad(file, "filter.rspamd_url", "'" + filter.rspamdUrl() + "' is not an http:// or https:// URL");
        }
        if (!filter.clamd().startsWith("/")) {
            listener(file, "filter.clamd", filter.clamd());
        }
        if (!java.util.Set.of("enforce", "testing", "none").contains(config.web().mtaStsMode())) {
            throw bad(file, "web.mta_sts_mode", "must be enforce, testing or none, not '" + config.web().mtaStsMode() + "'");
        }
        positive(file, "web.mta_sts_max_age_seconds", config.web().mtaStsMaxAgeSeconds());
        positive(file, "accounts.deletion_grace_days", config.accounts().deletionGraceDays());
        if (config.accounts().inactiveDays() < 0) {
            throw bad(file, "accounts.inactive_days", "must be 0 (never) or a number of days, not "
                    + config.accounts().inactiveDays());
        }
        if (!java.util.Set.of("closed", "invite", "open").contains(config.accounts().signup())) {
            throw bad(file, "accounts.signup", "must be closed, invite or open, not '" + config.accounts().signup() + "'");
        }
        String issuer = config.domains().caaIssuer();
        // RFC 8659 §4.2: the issuer-domain-name is a domain name of letters, digits, hyphens and dots.
        if (!issuer.isEmpty() && !issuer.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw bad(file, "domains.caa_issuer", "'" + issuer + "' is not a domain name like letsencrypt.org");
        }
        acme(file, config.acme());
    }

    private static void acme(Path file, CofferConfig.Acme acme) throws ConfigException {
        // RFC 8555 §6.1: ACME runs over HTTPS only.
        if (!acme.directory().matches("https://[^\\s/]+(/.*)?")) {
            throw bad(file, "acme.directory", "'" + acme.directory() + "' is not an https:// URL");
        }
        if (!acme.contact().isEmpty() && !acme.contact().matches("[^@\\s]+@[^@\\s]+")) {
            throw bad(file, "acme.contact", "'" + acme.contact() + "' is not an e-mail address");
        }
        if (acme.challenges().isEmpty()
                || !java.util.Set.of("http-01", "tls-alpn-01").containsAll(acme.challenges())) {
            throw bad(file, "acme.challenges", "must list http-01 and/or tls-alpn-01, not " + acme.challenges());
        }
        positive(file, "acme.renew_before_days", acme.renewBeforeDays());
        positive(file, "acme.check_interval_seconds", acme.checkIntervalSeconds());
    }

    private static void listener(Path file, String key, String value) throws ConfigException {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            ListenAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(file, key, e.getMessage());
        }
    }

    private static void positive(Path file, String key, long value) throws ConfigException {
        if (value <= 0) {
            throw bad(file, key, "must be a positive number, not " + value);
        }
    }

    private static ConfigException bad(Path file, String key, String reason) {
        return new ConfigException(file + ": bad value for '" + key + "': " + reason);
    }
}

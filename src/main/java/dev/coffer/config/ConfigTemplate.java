package dev.coffer.config;

/** The {@code coffer.toml} files that {@code coffer init} and {@code coffer demo} write. */
public final class ConfigTemplate {

    private ConfigTemplate() {}

    public static String forDeployment(String hostname) {
        return render(hostname, CofferConfig.Listeners.standard(), "a real deployment");
    }

    public static String forDemo() {
        return render("coffer.test", CofferConfig.Listeners.demo(), "the demo (loopback, unprivileged ports)");
    }

    private static String render(String hostname, CofferConfig.Listeners listeners, String purpose) {
        return """
                # Coffer configuration for %s. Unknown keys are refused at start.
                hostname = "%s"

                [listeners]
                # host:port for each protocol; "" turns a listener off.
                smtp = "%s"
                submissions = "%s"
                submission = "%s"
                imap = "%s"
                imaps = "%s"
                pop3 = "%s"
                pop3s = "%s"
                https = "%s"

                [tls]
                # PEM files, relative to the data directory: the chain (leaf first) and its key.
                certificate = "tls/cert.pem"
                key = "tls/key.pem"

                [smtp]
                max_message_size = 52428800
                max_recipients = 100
                max_connections_per_ip = 20
                command_timeout_seconds = 300

                [mail]
                subaddress_separator = "+"
                max_mime_depth = 50

                [privacy]
                # Client IP addresses appear in logs only when this is true.
                log_ip_addresses = false

                [dns]
                # host:port of the resolver for MX, TLSA, MTA-STS and DKIM lookups; "" = /etc/resolv.conf.
                resolver = ""
                # A file of DNSKEY/DS records to trust instead of the DNS root (test zones only).
                trust_anchors = ""

                [outbound]
                # Port of remote mail servers (25; change only for tests).
                remote_port = 25
                """.formatted(purpose, hostname, listeners.smtp(), listeners.submissions(), listeners.submission(),
                listeners.imap(), listeners.imaps(), listeners.pop3(), listeners.pop3s(), listeners.https());
    }
}

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
                # Redirects to https and answers ACME HTTP-01 challenges.
                http = "%s"
                managesieve = "%s"

                [tls]
                # PEM files, relative to the data directory: the chain (leaf first) and its key.
                certificate = "tls/cert.pem"
                key = "tls/key.pem"

                [smtp]
                max_message_size = 52428800
                max_recipients = 100
                max_connections_per_ip = 20
                command_timeout_seconds = 300
                max_messages_per_ip_per_hour = 1000
                max_messages_per_sender_per_hour = 500
                # Greylisting (RFC 6647): first-time senders are asked to retry after the delay.
                greylisting = false
                greylist_delay_seconds = 300

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

                [mailauth]
                # The name in Authentication-Results fields; "" = the hostname.
                authserv_id = ""
                # Send DMARC aggregate reports (RFC 7489 §7.2) to domains that ask for them.
                dmarc_reports = true

                [filter]
                # Built-in spam score: Junk at or above junk_score, refused at or above reject_score.
                junk_score = 6.0
                reject_score = 15.0
                # DNS block lists for client IPs and for domains in links, e.g. ["zen.spamhaus.org"].
                dnsbl = []
                uribl = []
                # Rspamd's normal worker, e.g. "http://127.0.0.1:11333"; "" = off.
                rspamd_url = ""
                rspamd_required = true
                # clamd as host:port or a Unix socket path; "" = off. Required: mail waits (451) while clamd is down.
                clamd = ""
                clamd_required = true

                [web]
                # Add "preload" to Strict-Transport-Security (only once the domain is on the HSTS preload list).
                hsts_preload = false
                # An onion address announced with Onion-Location; "" = none.
                onion_address = ""
                # The MTA-STS policy published for hosted domains: enforce, testing or none.
                mta_sts_mode = "enforce"
                mta_sts_max_age_seconds = 604800

                [accounts]
                # Who may sign up over the web: closed, invite (with a code from `coffer invite`) or open.
                signup = "closed"
                # Days an account stays locked after its user asks for deletion, before it is shredded.
                deletion_grace_days = 30
                # Lock (then shred) accounts without a login for this many days; 0 = never.
                inactive_days = 0

                [domains]
                # Let users add domains of their own over the API; each must be proved with a TXT record first.
                user_domains = false
                # The CA allowed to issue certificates, as CAA names it (RFC 8659); "" = print no CAA records.
                caa_issuer = "letsencrypt.org"

                [acme]
                # Certificates from an ACME CA for the hostname and the mta-sts., autoconfig. and openpgpkey.
                # names of every hosted domain (docs/tls.md). Off: the [tls] files are used as they are.
                enabled = false
                directory = "https://acme-v02.api.letsencrypt.org/directory"
                # An address the CA may write to about expiring certificates; "" = none.
                contact = ""
                # Challenge types to answer, in order of preference (http needs port 80, tls-alpn-01 port 443).
                challenges = ["http-01", "tls-alpn-01"]
                # Renew when fewer days are left (and at 2/3 of the certificate's lifetime at the latest).
                renew_before_days = 30
                # How often the server looks whether a renewal (or a `coffer cert` request) is due.
                check_interval_seconds = 300
                # A PEM file of CAs to trust for the directory's HTTPS (test CAs only); "" = the JDK's.
                trust = ""
                """.formatted(purpose, hostname, listeners.smtp(), listeners.submissions(), listeners.submission(),
                listeners.imap(), listeners.imaps(), listeners.pop3(), listeners.pop3s(), listeners.https(),
                listeners.http(), listeners.managesieve());
    }
}

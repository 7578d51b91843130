package dev.coffer.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where mail clients reach this server, for autoconfiguration: the host name and the port of
 * each mail listener as clients see it; 0 when that listener is off.
 */
public record MailEndpoints(String hostname, int imaps, int imap, int pop3s, int pop3, int submissions,
                            int submission) {

    /** From the running listeners by name ({@code imaps}, {@code submission}, …); missing ones are off. */
    public static MailEndpoints of(String hostname, Map<String, Integer> ports) {
        return new MailEndpoints(hostname, ports.getOrDefault("imaps", 0), ports.getOrDefault("imap", 0),
                ports.getOrDefault("pop3s", 0), ports.getOrDefault("pop3", 0),
                ports.getOrDefault("submissions", 0), ports.getOrDefault("submission", 0));
    }

    /** One way in: a protocol on a port, with implicit TLS (RFC 8314) or STARTTLS. */
    public record Endpoint(String protocol, int port, boolean implicitTls) {}

    /** The IMAP endpoints, implicit TLS first (RFC 8314 §3.3 prefers it). */
    public List<Endpoint> imapEndpoints() {
        return endpoints("imap", imaps, imap);
    }

    public List<Endpoint> pop3Endpoints() {
        return endpoints("pop3", pop3s, pop3);
    }

    public List<Endpoint> smtpEndpoints() {
        return endpoints("smtp", submissions, submission);
    }

    private static List<Endpoint> endpoints(String protocol, int implicit, int startTls) {
        List<Endpoint> list = new ArrayList<>();
        if (implicit > 0) {
            list.add(new Endpoint(protocol, implicit, true));
        }
        if (startTls > 0) {
            list.add(new Endpoint(protocol, startTls, false));
        }
        return List.copyOf(list);
    }
}

package dev.coffer.web;

/**
 * The Thunderbird autoconfiguration file ({@code config-v1.1.xml}, Mozilla's "Autoconfiguration
 * in Thunderbird" format): IMAP, POP3 and SMTP submission with app passwords.
 */
final class ThunderbirdAutoconfig {

    private ThunderbirdAutoconfig() {}

    static String document(String domain, MailEndpoints endpoints) {
        String d = Xml.escape(domain);
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<clientConfig version=\"1.1\">\n")
                .append("  <emailProvider id=\"").append(d).append("\">\n")
                .append("    <domain>").append(d).append("</domain>\n")
                .append("    <displayName>").append(d).append(" (Coffer)</displayName>\n")
                .append("    <displayShortName>").append(d).append("</displayShortName>\n");
        endpoints.imapEndpoints().forEach(e -> server(xml, "incomingServer", "imap", endpoints.hostname(), e));
        endpoints.pop3Endpoints().forEach(e -> server(xml, "incomingServer", "pop3", endpoints.hostname(), e));
        endpoints.smtpEndpoints().forEach(e -> server(xml, "outgoingServer", "smtp", endpoints.hostname(), e));
        return xml.append("  </emailProvider>\n").append("</clientConfig>\n").toString();
    }

    /** App passwords go as plain passwords inside TLS ("password-cleartext"). */
    private static void server(StringBuilder xml, String element, String type, String hostname,
                               MailEndpoints.Endpoint endpoint) {
        xml.append("    <").append(element).append(" type=\"").append(type).append("\">\n")
                .append("      <hostname>").append(Xml.escape(hostname)).append("</hostname>\n")
                .append("      <port>").append(endpoint.port()).append("</port>\n")
                .append("      <socketType>").append(endpoint.implicitTls() ? "SSL" : "STARTTLS").append("</socketType>\n")
                .append("      <authentication>password-cleartext</authentication>\n")
                .append("      <username>%EMAILADDRESS%</username>\n")
                .append("    </").append(element).append(">\n");
    }
}

package dev.coffer.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An Apple configuration profile ({@code .mobileconfig}, an XML property list, signed by the caller) with one
 * {@code com.apple.mail.managed} payload: IMAP and SMTP over TLS with the address as user name.
 */
final class AppleMailProfile {

    static final String MEDIA_TYPE = "application/x-apple-aspen-config";

    private AppleMailProfile() {}

    static String document(String address, String domain, MailEndpoints endpoints) {
        MailEndpoints.Endpoint imap = endpoints.imapEndpoints().getFirst();
        MailEndpoints.Endpoint smtp = endpoints.smtpEndpoints().getFirst();
        String identifier = reversed(domain) + ".coffer.mail";
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" ")
                .append("\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n")
                .append("<plist version=\"1.0\">\n<dict>\n")
                .append("<key>PayloadContent</key>\n<array>\n<dict>\n");
        string(xml, "EmailAccountDescription", address);
        string(xml, "EmailAccountName", address);
        string(xml, "EmailAccountType", "EmailTypeIMAP");
        string(xml, "EmailAddress", address);
        string(xml, "IncomingMailServerAuthentication", "EmailAuthPassword");
        string(xml, "IncomingMailServerHostName", endpoints.hostname());
        integer(xml, "IncomingMailServerPortNumber", imap.port());
        bool(xml, "IncomingMailServerUseSSL", true);
        string(xml, "IncomingMailServerUsername", address);
        string(xml, "OutgoingMailServerAuthentication", "EmailAuthPassword");
        string(xml, "OutgoingMailServerHostName", endpoints.hostname());
        integer(xml, "OutgoingMailServerPortNumber", smtp.port());
        bool(xml, "OutgoingMailServerUseSSL", true);
        string(xml, "OutgoingMailServerUsername", address);
        bool(xml, "OutgoingPasswordSameAsIncomingPassword", true);
        string(xml, "PayloadDescription", "Mail account " + address);
        string(xml, "PayloadDisplayName", address);
        string(xml, "PayloadIdentifier", identifier + ".account");
        string(xml, "PayloadType", "com.apple.mail.managed");
        string(xml, "PayloadUUID", uuid("account:" + address));
        integer(xml, "PayloadVersion", 1);
        bool(xml, "SMIMEEnabled", false);
        xml.append("</dict>\n</array>\n");
        string(xml, "PayloadDescription", "Mail settings for " + address + " (use an app password)");
        string(xml, "PayloadDisplayName", domain + " mail");
        string(xml, "PayloadIdentifier", identifier);
        bool(xml, "PayloadRemovalDisallowed", false);
        string(xml, "PayloadType", "Configuration");
        string(xml, "PayloadUUID", uuid("profile:" + address));
        integer(xml, "PayloadVersion", 1);
        return xml.append("</dict>\n</plist>\n").toString();
    }

    /** Whether the profile can be made: iOS needs both an IMAP and an SMTP endpoint. */
    static boolean possible(MailEndpoints endpoints) {
        return !endpoints.imapEndpoints().isEmpty() && !endpoints.smtpEndpoints().isEmpty();
    }

    /** The same address gets the same UUIDs, so installing the profile again replaces it. */
    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(("coffer:" + name).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase(Locale.ROOT);
    }

    private static String reversed(String domain) {
        return String.join(".", List.of(domain.split("\\.")).reversed());
    }

    private static void string(StringBuilder xml, String key, String value) {
        xml.append("<key>").append(key).append("</key>\n<string>").append(Xml.escape(value)).append("</string>\n");
    }

    private static void integer(StringBuilder xml, String key, int value) {
        xml.append("<key>").append(key).append("</key>\n<integer>").append(value).append("</integer>\n");
    }

    private static void bool(StringBuilder xml, String key, boolean value) {
        xml.append("<key>").append(key).append("</key>\n").append(value ? "<true/>" : "<false/>").append('\n');
    }
}

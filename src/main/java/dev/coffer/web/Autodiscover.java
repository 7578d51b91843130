package dev.coffer.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Microsoft Autodiscover, plain-old-XML form ([MS-OXDSCLI] §2.2.3/§2.2.4): the request names an
 * address; the response lists IMAP, POP3 and SMTP for it.
 */
final class Autodiscover {

    static final String RESPONSE_NAMESPACE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final String OUTLOOK_NAMESPACE =
            "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    private Autodiscover() {}

    /** The EMailAddress of a request; empty when the body is not XML or names none. */
    static Optional<String> requestedAddress(byte[] body) {
        try {
            DocumentBuilder parser = secureFactory().newDocumentBuilder();
            parser.setErrorHandler(null);
            Document document = parser.parse(new ByteArrayInputStream(body));
            NodeList found = document.getElementsByTagNameNS("*", "EMailAddress");
            return found.getLength() == 0 ? Optional.empty() : Optional.of(found.item(0).getTextContent().strip());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    static String response(String address, MailEndpoints endpoints) {
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<Autodiscover xmlns=\"").append(RESPONSE_NAMESPACE).append("\">\n")
                .append("  <Response xmlns=\"").append(OUTLOOK_NAMESPACE).append("\">\n")
                .append("    <Account>\n")
                .append("      <AccountType>email</AccountType>\n")
                .append("      <Action>settings</Action>\n");
        protocol(xml, "IMAP", address, endpoints.hostname(), endpoints.imapEndpoints());
        protocol(xml, "POP3", address, endpoints.hostname(), endpoints.pop3Endpoints());
        protocol(xml, "SMTP", address, endpoints.hostname(), endpoints.smtpEndpoints());
        return xml.append("    </Account>\n").append("  </Response>\n").append("</Autodiscover>\n").toString();
    }

    /** One Protocol element per type, for the preferred endpoint (implicit TLS when there is one). */
    private static void protocol(StringBuilder xml, String type, String address, String hostname,
                                 List<MailEndpoints.Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return;
        }
        MailEndpoints.Endpoint endpoint = endpoints.getFirst();
        xml.append("      <Protocol>\n")
                .append("        <Type>").append(type).append("</Type>\n")
                .append("        <Server>").append(Xml.escape(hostname)).append("</Server>\n")
                .append("        <Port>").append(endpoint.port()).append("</Port>\n")
                .append("        <DomainRequired>off</DomainRequired>\n")
                .append("        <LoginName>").append(Xml.escape(address)).append("</LoginName>\n")
                .append("        <SPA>off</SPA>\n");
        if (endpoint.implicitTls()) {
            xml.append("        <SSL>on</SSL>\n");
        } else {
            xml.append("        <Encryption>TLS</Encryption>\n");
        }
        xml.append("        <AuthRequired>on</AuthRequired>\n");
        if (type.equals("SMTP")) {
            xml.append("        <UsePOPAuth>off</UsePOPAuth>\n").append("        <SMTPLast>off</SMTPLast>\n");
        }
        xml.append("      </Protocol>\n");
    }

    /** No DTDs, no external entities: a request is data, never a pointer to other files. */
    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

}

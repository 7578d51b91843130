package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Thunderbird autoconfig, Autodiscover and the Apple profile, parsed and checked against the listeners. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAutoconfigurationTest {

    WebFixture web;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        web = new WebFixture(dir, new SecurityHeaders(false, ""));
    }

    @AfterAll
    void stop() {
        web.close();
    }

    @Test
    void thunderbirdConfigListsEveryListener() throws Exception {
        HttpResponse<byte[]> response = web.get(WebFixture.DOMAIN, ClientAutoconfiguration.THUNDERBIRD_WELL_KNOWN);

        assertThat(response.statusCode()).isEqualTo(200);
        Document config = parse(response.body());
        assertThat(text(config.getDocumentElement(), "domain")).containsExactly(WebFixture.DOMAIN);
        assertThat(servers(config, "incomingServer")).containsExactly(
                "imap " + WebFixture.HOSTNAME + ":993 SSL password-cleartext %EMAILADDRESS%",
                "imap " + WebFixture.HOSTNAME + ":143 STARTTLS password-cleartext %EMAILADDRESS%",
                "pop3 " + WebFixture.HOSTNAME + ":995 SSL password-cleartext %EMAILADDRESS%",
                "pop3 " + WebFixture.HOSTNAME + ":110 STARTTLS password-cleartext %EMAILADDRESS%");
        assertThat(servers(config, "outgoingServer")).containsExactly(
                "smtp " + WebFixture.HOSTNAME + ":465 SSL password-cleartext %EMAILADDRESS%",
                "smtp " + WebFixture.HOSTNAME + ":587 STARTTLS password-cleartext %EMAILADDRESS%");
    }

    @Test
    void thunderbirdConfigIsServedOnTheAutoconfigSubdomainAndByAddress() throws Exception {
        assertThat(web.get("autoconfig." + WebFixture.DOMAIN, ClientAutoconfiguration.THUNDERBIRD_SUBDOMAIN)
                .statusCode()).isEqualTo(200);
        HttpResponse<byte[]> byAddress = web.get(WebFixture.HOSTNAME,
                ClientAutoconfiguration.THUNDERBIRD_SUBDOMAIN + "?emailaddress=someone%40" + WebFixture.DOMAIN);
        assertThat(byAddress.statusCode()).isEqualTo(200);
        assertThat(text(parse(byAddress.body()).getDocumentElement(), "domain")).containsExactly(WebFixture.DOMAIN);
    }

    @Test
    void thunderbirdConfigIsNotFoundForUnhostedDomains() throws Exception {
        assertThat(web.get("unhosted.example", ClientAutoconfiguration.THUNDERBIRD_WELL_KNOWN).statusCode())
                .isEqualTo(404);
        assertThat(web.get(WebFixture.DOMAIN,
                ClientAutoconfiguration.THUNDERBIRD_WELL_KNOWN + "?emailaddress=a%40unhosted.example").statusCode())
                .isEqualTo(404);
    }

    @Test
    void autodiscoverAnswersWithImapPopAndSmtp() throws Exception {
        String request = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request>
                    <EMailAddress>Joe.Doe@webtest.example</EMailAddress>
                    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
                  </Request>
                </Autodiscover>
                """;
        HttpResponse<byte[]> response = post(request);

        assertThat(response.statusCode()).isEqualTo(200);
        Document document = parse(response.body());
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo(Autodiscover.RESPONSE_NAMESPACE);
        Map<String, String> protocols = new LinkedHashMap<>();
        NodeList elements = document.getElementsByTagNameNS(Autodiscover.OUTLOOK_NAMESPACE, "Protocol");
        for (int i = 0; i < elements.getLength(); i++) {
            Element protocol = (Element) elements.item(i);
            protocols.put(child(protocol, "Type"), child(protocol, "Server") + ":" + child(protocol, "Port") + " ssl="
                    + child(protocol, "SSL") + " login=" + child(protocol, "LoginName"));
        }
        assertThat(protocols).containsExactly(
                Map.entry("IMAP", WebFixture.HOSTNAME + ":993 ssl=on login=joe.doe@webtest.example"),
                Map.entry("POP3", WebFixture.HOSTNAME + ":995 ssl=on login=joe.doe@webtest.example"),
                Map.entry("SMTP", WebFixture.HOSTNAME + ":465 ssl=on login=joe.doe@webtest.example"));
    }

    @Test
    void autodiscoverRefusesEntitiesAndUnhostedDomains() throws Exception {
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Autodiscover><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>";
        assertThat(post(entity).statusCode()).isEqualTo(400);
        assertThat(post("<Autodiscover><Request><EMailAddress>a@unhosted.example</EMailAddress></Request></Autodiscover>")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void mobileconfigIsAPlistWithAManagedMailPayload() throws Exception {
        HttpResponse<byte[]> response = web.get(WebFixture.DOMAIN,
                ClientAutoconfiguration.MOBILECONFIG + "?email=joe.doe%40" + WebFixture.DOMAIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).get().asString()
                .startsWith(AppleMailProfile.MEDIA_TYPE);
        Document plist = parse(signedContent(response.body()));
        Map<String, String> payload = dict((Element) plist.getElementsByTagName("array").item(0)
                .getFirstChild().getNextSibling());
        assertThat(payload).containsEntry("PayloadType", "com.apple.mail.managed")
                .containsEntry("EmailAccountType", "EmailTypeIMAP")
                .containsEntry("EmailAddress", WebFixture.JOE)
                .containsEntry("IncomingMailServerHostName", WebFixture.HOSTNAME)
                .containsEntry("IncomingMailServerPortNumber", "993")
                .containsEntry("IncomingMailServerUseSSL", "true")
                .containsEntry("IncomingMailServerUsername", WebFixture.JOE)
                .containsEntry("OutgoingMailServerHostName", WebFixture.HOSTNAME)
                .containsEntry("OutgoingMailServerPortNumber", "465")
                .containsEntry("OutgoingMailServerUseSSL", "true");
    }

    @Test
    void mobileconfigIsSignedByTheServerCertificateWithItsChain() throws Exception {
        byte[] body = web.get(WebFixture.DOMAIN, ClientAutoconfiguration.MOBILECONFIG + "?email=joe.doe%40"
                + WebFixture.DOMAIN).body();

        CMSSignedData signed = new CMSSignedData(body);
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder leaf = (X509CertificateHolder) signed.getCertificates().getMatches(signer.getSID())
                .iterator().next();
        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(leaf))).isTrue();
        assertThat(leaf.getSubject().toString()).isEqualTo("CN=" + WebFixture.CERTIFICATE_NAMES.getFirst());
        assertThat(signed.getCertificates().getMatches(null)).as("leaf and CA").hasSize(2);
    }

    private static byte[] signedContent(byte[] der) throws Exception {
        return (byte[]) new CMSSignedData(der).getSignedContent().getContent();
    }

    @Test
    void escapesWhatItPutsInXml() throws Exception {
        String document = AppleMailProfile.document("a<b>&\"c'@example.org", "example.org", WebFixture.ENDPOINTS);

        assertThat(document).contains("a&lt;b&gt;&amp;&quot;c&apos;@example.org").doesNotContain("a<b>");
        assertThat(Autodiscover.response("x&y@example.org", WebFixture.ENDPOINTS)).contains("x&amp;y@example.org");
        parse(document.getBytes());
    }

    private HttpResponse<byte[]> post(String body) throws Exception {
        return web.send(HttpRequest.newBuilder(web.uri(WebFixture.DOMAIN, ClientAutoconfiguration.AUTODISCOVER))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<String> servers(Document config, String element) {
        List<String> servers = new ArrayList<>();
        NodeList nodes = config.getElementsByTagName(element);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element server = (Element) nodes.item(i);
            servers.add(server.getAttribute("type") + " " + child(server, "hostname") + ":" + child(server, "port") + " "
                    + child(server, "socketType") + " " + child(server, "authentication") + " "
                    + child(server, "username"));
        }
        return servers;
    }

    private static List<String> text(Element parent, String name) {
        List<String> values = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    /** A plist dict as key → value text (true/false for booleans). */
    private static Map<String, String> dict(Element dict) {
        Map<String, String> entries = new LinkedHashMap<>();
        String key = null;
        for (Node node = dict.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                if (element.getTagName().equals("key")) {
                    key = element.getTextContent();
                } else {
                    entries.put(key, switch (element.getTagName()) {
                        case "true", "false" -> element.getTagName();
                        default -> element.getTextContent();
                    });
                }
            }
        }
        return entries;
    }
}

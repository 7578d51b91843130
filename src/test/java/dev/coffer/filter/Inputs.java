package dev.coffer.filter;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageOrigin;
import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.spf.SpfResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Filter inputs for tests: a well-formed, authenticated message that no rule scores, and variations. */
final class Inputs {

    static final String CLIENT = "192.0.2.99";
    static final String DATE = "Sat, 28 Nov 2026 18:00:00 +0000";
    static final String HEADERS = """
            From: Alice <alice@example.org>\r
            To: Bob <bob@coffer.test>\r
            Subject: Lunch on Friday\r
            Date: %s\r
            Message-ID: <lunch-1@example.org>\r
            """.formatted(DATE);
    static final String BODY = "Shall we meet at noon?\r\n";
    /** The EICAR test file (https://www.eicar.org/download-anti-malware-testfile/), 68 bytes. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private Inputs() {}

    static AuthenticationReport passing() {
        return new AuthenticationReport(new SpfResult(SpfResult.Code.PASS, "example.org", ""),
                List.of(new DkimResult.Pass("example.org", "s1", DkimAlgorithm.RSA_SHA256, false)), ArcResult.none(),
                new DmarcResult(DmarcResult.Code.PASS, "example.org", DmarcResult.Policy.REJECT,
                        DmarcResult.Policy.NONE, ""));
    }

    static AuthenticationReport unauthenticated() {
        return new AuthenticationReport(new SpfResult(SpfResult.Code.NONE, "example.org", ""),
                List.of(new DkimResult.None()), ArcResult.none(), DmarcResult.none("example.org"));
    }

    static FilterInput input(String message) {
        return input(message, passing());
    }

    static FilterInput input(String message, AuthenticationReport report) {
        return new FilterInput(origin(CLIENT), report, List.of("bob@coffer.test"),
                message.getBytes(StandardCharsets.UTF_8));
    }

    static FilterInput clean() {
        return input(HEADERS + "\r\n" + BODY);
    }

    static MessageOrigin origin(String client) {
        try {
            return new MessageOrigin(InetAddress.getByName(client), "mail.example.org", "alice@example.org");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The message with the named header field's line replaced by {@code line} (empty: removed). */
    static String withHeader(String name, String line) {
        StringBuilder headers = new StringBuilder();
        boolean replaced = false;
        for (String existing : HEADERS.split("\r\n")) {
            if (existing.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                replaced = true;
                if (!line.isEmpty()) {
                    headers.append(line).append("\r\n");
                }
            } else {
                headers.append(existing).append("\r\n");
            }
        }
        if (!replaced && !line.isEmpty()) {
            headers.append(line).append("\r\n");
        }
        return headers + "\r\n" + BODY;
    }
}

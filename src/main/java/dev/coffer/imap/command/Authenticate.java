package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * LOGIN and AUTHENTICATE: the client's credentials, only over TLS. Checking them and
 * entering the authenticated state is the session's part.
 */
public final class Authenticate {

    private Authenticate() {}

    /** RFC 9051 §6.2.3 LOGIN. */
    public static void login(ImapContext context, String tag, ImapCommand.Login login) throws IOException {
        if (!context.tlsActive()) {
            context.out().tagged(tag, "NO", "PRIVACYREQUIRED", "Use STARTTLS before logging in");
            return;
        }
        context.logIn(tag, login.username(), login.password());
    }

    /** RFC 9051 §6.2.2, RFC 4616 PLAIN, RFC 4959 SASL-IR. */
    public static void authenticate(ImapContext context, String tag, ImapCommand.Authenticate authenticate)
            throws IOException {
        if (!authenticate.mechanism().equals("PLAIN")) {
            context.out().tagged(tag, "NO", "CANNOT", "Unsupported mechanism: use PLAIN");
            return;
        }
        if (!context.tlsActive()) {
            context.out().tagged(tag, "NO", "PRIVACYREQUIRED", "Use STARTTLS before logging in");
            return;
        }
        String response = authenticate.initialResponse();
        if (response == null) {
            response = context.readSaslResponse(tag);
            if (response == null) {
                return;
            }
            if (response.equals("*")) {
                context.bad(tag, "Authentication cancelled");
                return;
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            context.bad(tag, "Invalid base64 in the SASL response");
            return;
        }
        String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (fields.length != 3) {
            context.bad(tag, "Invalid PLAIN response: expected authzid NUL authcid NUL password");
            return;
        }
        if (!fields[0].isEmpty() && !fields[0].equalsIgnoreCase(fields[1])) {
            context.out().tagged(tag, "NO", "AUTHORIZATIONFAILED", "Logging in as another user is not supported");
            return;
        }
        context.logIn(tag, fields[1], fields[2]);
    }
}

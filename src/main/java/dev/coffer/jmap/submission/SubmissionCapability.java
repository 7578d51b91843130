package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapCapability;
import dev.coffer.jmap.standard.Json;

/**
 * {@code urn:ietf:params:jmap:submission} (RFC 8621 §1.3.2): Identity and EmailSubmission. No
 * delayed send, so maxDelayedSend is 0; the SMTP extensions the queue uses towards other servers
 * are listed.
 */
public final class SubmissionCapability {

    public static final String URI = "urn:ietf:params:jmap:submission";

    private SubmissionCapability() {}

    public static JmapCapability create() {
        ObjectNode account = Json.object().put("maxDelayedSend", 0);
        ObjectNode extensions = Json.object();
        // RFC 8621 §1.3.2: EHLO keywords and their arguments, as the submission server would offer them
        extensions.set("REQUIRETLS", Json.array());
        extensions.set("SMTPUTF8", Json.array());
        extensions.set("8BITMIME", Json.array());
        account.set("submissionExtensions", extensions);
        return new JmapCapability(URI, Json.object(), account);
    }
}

package dev.coffer.jmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.store.Account;
import java.util.Optional;

/** What a method knows about the request it runs in (RFC 8620 §3.3). */
public interface MethodCall {

    /** The authenticated account; Coffer gives each user exactly one JMAP account. */
    Account account();

    /** How the client logged in: the account's protected secret key goes only to the webmail's session. */
    Login login();

    /** The JMAP {@code accountId} of {@link #account()}. */
    String accountId();

    /** The client's call id of this invocation. */
    String callId();

    /** RFC 8620 §5.3: the server id that a creation id ({@code #name} without the hash) got earlier in this request. */
    Optional<String> createdId(String creationId);

    /** Records that creation id {@code creationId} made the object {@code id}, for later {@code #} references. */
    void created(String creationId, String id);

    /**
     * Runs another method right after this one, with this call id, and adds its response
     * to the request's responses (RFC 8621 §7.5: EmailSubmission/set's implicit Email/set).
     */
    void followUp(String methodName, ObjectNode arguments);
}

package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.Login;
import dev.coffer.jmap.MethodCall;
import dev.coffer.store.Account;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A method call of one request for tests: remembers creation ids and the follow-up calls asked for. */
public final class RecordingCall implements MethodCall {

    public record FollowUp(String method, ObjectNode arguments) {}

    private final Account account;
    private final Login login;
    private final Map<String, String> created = new HashMap<>();
    public final List<FollowUp> followUps = new ArrayList<>();

    /** A call from the webmail's session. */
    public RecordingCall(Account account) {
        this(account, Login.WEB_SESSION);
    }

    public RecordingCall(Account account, Login login) {
        this.account = account;
        this.login = login;
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public Login login() {
        return login;
    }

    @Override
    public String accountId() {
        return "a" + account.id();
    }

    @Override
    public String callId() {
        return "c0";
    }

    @Override
    public Optional<String> createdId(String creationId) {
        return Optional.ofNullable(created.get(creationId));
    }

    @Override
    public void created(String creationId, String id) {
        created.put(creationId, id);
    }

    @Override
    public void followUp(String methodName, ObjectNode arguments) {
        followUps.add(new FollowUp(methodName, arguments));
    }
}

package dev.coffer.jmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.store.Account;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a JMAP request (RFC 8620 §3.3): checks {@code using} and the limits, then calls the
 * methods in order, resolving result references (§3.7) and creation ids (§5.3), and collects
 * the responses. Request-level problems are {@link RequestError}s; a failing method becomes an
 * {@code error} response and the request goes on.
 */
public final class JmapDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(JmapDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, JmapMethod> methods = new HashMap<>();
    private final Set<String> capabilities = new HashSet<>();
    private final JmapLimits limits;

    public JmapDispatcher(List<JmapMethod> methods, List<JmapCapability> capabilities, JmapLimits limits) {
        for (JmapMethod method : methods) {
            if (this.methods.putIfAbsent(method.name(), method) != null) {
                throw new IllegalArgumentException("two JMAP methods are named " + method.name());
            }
        }
        capabilities.forEach(capability -> this.capabilities.add(capability.uri()));
        this.limits = limits;
    }

    /** Parses and runs one request body for the account; the answer's {@code sessionState} is given. */
    public ObjectNode handle(Account account, Login login, byte[] body, String sessionState) throws RequestError {
        if (body.length > limits.maxSizeRequest()) {
            throw RequestError.limit("maxSizeRequest",
                    "The request is larger than maxSizeRequest (" + limits.maxSizeRequest() + " octets).");
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestError.notJson("The request body is not I-JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw RequestError.notJson("The request body cannot be read as JSON.");
        }
        if (request == null || !request.isObject()) {
            throw RequestError.notRequest("The request must be a JSON object with using and methodCalls.");
        }
        Set<String> using = using(request.get("using"));
        List<Invocation> calls = invocations(request.get("methodCalls"));
        Map<String, String> createdIds = createdIds(request.get("createdIds"));
        if (calls.size() > limits.maxCallsInRequest()) {
            throw RequestError.limit("maxCallsInRequest",
                    "The request makes more than maxCallsInRequest (" + limits.maxCallsInRequest() + ") calls.");
        }
        Run run = new Run(account, login, using, createdIds);
        for (Invocation call : calls) {
            run.call(call);
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode responses = response.putArray("methodResponses");
        for (ResultReferences.Response answered : run.responses) {
            responses.addArray().add(answered.name()).add(answered.arguments()).add(answered.callId());
        }
        if (request.has("createdIds")) {
            ObjectNode ids = response.putObject("createdIds");
            run.createdIds.forEach(ids::put);
        }
        response.put("sessionState", sessionState);
        return response;
    }

    /** The JMAP accountId of an account. */
    public static String accountId(Account account) {
        return "A" + account.id();
    }

    private Set<String> using(JsonNode node) throws RequestError {
        if (node == null || !node.isArray()) {
            throw RequestError.notRequest("The request needs using, an array of capability URIs.");
        }
        Set<String> using = new HashSet<>();
        for (JsonNode capability : node) {
            if (!capability.isTextual()) {
                throw RequestError.notRequest("Every entry of using must be a capability URI string.");
            }
            if (!capabilities.contains(capability.asText())) {
                throw RequestError.unknownCapability(capability.asText());
            }
            using.add(capability.asText());
        }
        return using;
    }

    private static List<Invocation> invocations(JsonNode node) throws RequestError {
        if (node == null || !node.isArray()) {
            throw RequestError.notRequest("The request needs methodCalls, an array of invocations.");
        }
        List<Invocation> calls = new ArrayList<>();
        for (JsonNode call : node) {
            // RFC 8620 §3.2: an Invocation is [name, arguments, method call id].
            if (!call.isArray() || call.size() != 3 || !call.get(0).isTextual() || !call.get(1).isObject()
                    || !call.get(2).isTextual()) {
                throw RequestError.notRequest("Every method call must be [name, arguments object, call id].");
            }
            calls.add(new Invocation(call.get(0).asText(), (ObjectNode) call.get(1), call.get(2).asText()));
        }
        return calls;
    }

    private static Map<String, String> createdIds(JsonNode node) throws RequestError {
        Map<String, String> ids = new LinkedHashMap<>();
        if (node == null) {
            return ids;
        }
        if (!node.isObject()) {
            throw RequestError.notRequest("createdIds must be an object of creation ids to ids.");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw RequestError.notRequest("createdIds must map creation ids to id strings.");
            }
            ids.put(entry.getKey(), entry.getValue().asText());
        }
        return ids;
    }

    private record Invocation(String name, ObjectNode arguments, String callId) {}

    /** The state of one request being run: responses so far and creation ids. */
    private final class Run {

        final Account account;
        final Login login;
        final Set<String> using;
        final Map<String, String> createdIds;
        final List<ResultReferences.Response> responses = new ArrayList<>();

        Run(Account account, Login login, Set<String> using, Map<String, String> createdIds) {
            this.account = account;
            this.login = login;
            this.using = using;
            this.createdIds = createdIds;
        }

        void call(Invocation invocation) {
            Deque<Invocation> followUps = new ArrayDeque<>();
            respond(invocation, followUps);
            while (!followUps.isEmpty()) {
                respond(followUps.removeFirst(), followUps);
            }
        }

        private void respond(Invocation invocation, Deque<Invocation> followUps) {
            try {
                JsonNode answer = invoke(invocation, followUps);
                responses.add(new ResultReferences.Response(invocation.name(), answer, invocation.callId()));
            } catch (MethodError e) {
                ObjectNode error = JsonNodeFactory.instance.objectNode().put("type", e.type());
                if (e.getMessage() != null) {
                    error.put("description", e.getMessage());
                }
                responses.add(new ResultReferences.Response("error", error, invocation.callId()));
            }
        }

        private JsonNode invoke(Invocation invocation, Deque<Invocation> followUps) throws MethodError {
            JmapMethod method = methods.get(invocation.name());
            // RFC 8620 §3.3: a method whose capability the request did not name is unknown to it.
            if (method == null || !using.contains(method.capability())) {
                throw new MethodError("unknownMethod", "There is no method " + invocation.name()
                        + (method == null ? "." : " without " + method.capability() + " in using."));
            }
            ObjectNode arguments = ResultReferences.resolve(invocation.arguments(), responses);
            String accountId = accountId(account);
            JsonNode requested = arguments.get("accountId");
            if (requested != null && !(requested.isTextual() && requested.asText().equals(accountId))) {
                throw new MethodError("accountNotFound", "There is no account " + requested + " for this user.");
            }
            MethodCall call = new Call(accountId, invocation.callId(), followUps);
            try {
                return method.call(arguments, call);
            } catch (RuntimeException e) {
                LOG.warn("event=jmap-method-failed method={} error=\"{}\"", invocation.name(), e.toString());
                throw MethodError.serverFail("The server could not run " + invocation.name() + ".");
            }
        }

        private final class Call implements MethodCall {
            private final String accountId;
            private final String callId;
            private final Deque<Invocation> followUps;

            Call(String accountId, String callId, Deque<Invocation> followUps) {
                this.accountId = accountId;
                this.callId = callId;
                this.followUps = followUps;
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
                return accountId;
            }

            @Override
            public String callId() {
                return callId;
            }

            @Override
            public Optional<String> createdId(String creationId) {
                return Optional.ofNullable(createdIds.get(creationId));
            }

            @Override
            public void created(String creationId, String id) {
                createdIds.put(creationId, id);
            }

            @Override
            public void followUp(String methodName, ObjectNode arguments) {
                followUps.addLast(new Invocation(methodName, arguments, callId));
            }
        }
    }
}

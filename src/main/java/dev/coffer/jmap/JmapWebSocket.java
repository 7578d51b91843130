package dev.coffer.jmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.store.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One JMAP WebSocket connection (RFC 8887): {@code Request} messages answered with
 * {@code Response} or {@code RequestError} (with the request's {@code id} as
 * {@code requestId}), and StateChange push between {@code WebSocketPushEnable} and
 * {@code WebSocketPushDisable}.
 */
public final class JmapWebSocket implements AutoCloseable {

    /** RFC 8887 §4.1: the capability, with the URL of the WebSocket endpoint. */
    public static final String CAPABILITY = "urn:ietf:params:jmap:websocket";

    /** Sends one text message to the client. */
    public interface Sender {
        void send(String text) throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Push over WebSocket needs no keepalive events; WebSocket pings keep the connection. */
    private static final Duration NO_IDLE = Duration.ofDays(1);

    private final Jmap jmap;
    private final Account account;
    private final Login login;
    private final Sender sender;
    private Thread push;

    public JmapWebSocket(Jmap jmap, Account account, Login login, Sender sender) {
        this.jmap = jmap;
        this.account = account;
        this.login = login;
        this.sender = sender;
    }

    /** Handles one text message from the client. */
    public void receive(String text) throws IOException {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            sendError(null, RequestError.notJson("The message is not JSON."));
            return;
        }
        String type = message == null ? "" : message.path("@type").asText();
        String id = message != null && message.path("id").isTextual() ? message.get("id").asText() : null;
        switch (type) {
            case "Request" -> request(id, text);
            case "WebSocketPushEnable" -> enablePush(message.get("dataTypes"));
            case "WebSocketPushDisable" -> disablePush();
            default -> sendError(id, RequestError.notRequest(
                    "A message is a Request, WebSocketPushEnable or WebSocketPushDisable (RFC 8887 §4.3)."));
        }
    }

    private void request(String id, String text) throws IOException {
        try {
            ObjectNode response = jmap.api(account, login, text.getBytes(StandardCharsets.UTF_8));
            ObjectNode typed = JsonNodeFactory.instance.objectNode().put("@type", "Response");
            if (id != null) {
                typed.put("requestId", id);
            }
            typed.setAll(response);
            send(typed.toString());
        } catch (RequestError e) {
            sendError(id, e);
        }
    }

    /** RFC 8887 §4.3.4: a request-level error as a RequestError message with the problem details. */
    private void sendError(String id, RequestError error) throws IOException {
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("@type", "RequestError");
        if (id != null) {
            message.put("requestId", id);
        }
        message.put("type", error.type()).put("status", error.status()).put("detail", error.getMessage());
        if (error.limit() != null) {
            message.put("limit", error.limit());
        }
        send(message.toString());
    }

    /** Responses and pushed changes come from two threads; one message at a time goes out. */
    private void send(String text) throws IOException {
        synchronized (sender) {
            sender.send(text);
        }
    }

    private synchronized void enablePush(JsonNode dataTypes) {
        disablePush();
        Set<String> types = new HashSet<>();
        if (dataTypes != null && dataTypes.isArray()) {
            dataTypes.forEach(type -> types.add(type.asText()));
        }
        push = Thread.ofVirtual().name("jmap-websocket-push").start(() -> {
            try {
                jmap.watch(account, types, NO_IDLE, () -> { }, this::send, () -> { });
            } catch (IOException | InterruptedException e) {
                // The connection closed or push was disabled.
            }
        });
    }

    private synchronized void disablePush() {
        if (push != null) {
            push.interrupt();
            push = null;
        }
    }

    @Override
    public void close() {
        disablePush();
    }
}

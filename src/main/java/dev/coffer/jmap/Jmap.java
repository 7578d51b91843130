package dev.coffer.jmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.store.Account;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JMAP server apart from HTTP: the session resource (RFC 8620 §2), the API (§3) under
 * the concurrency limits, uploads and downloads (§6) and push (§7). The web routes only
 * authenticate and translate.
 */
public final class Jmap {

    private final JmapLimits limits;
    private final List<JmapCapability> capabilities;
    private final List<JmapDataType> dataTypes;
    private final JmapDispatcher dispatcher;
    private final List<JmapBlobs> blobs;
    private final Uploads uploads;
    private final PushHub push;
    private final EventSourceStream eventSource;
    private final ConcurrencyLimit requests;
    private final ConcurrencyLimit uploading;

    public Jmap(JmapLimits limits, List<JmapMethod> methods, List<JmapCapability> capabilities,
                List<JmapDataType> dataTypes, List<JmapBlobs> blobs, Uploads uploads, PushHub push, Clock clock) {
        this.limits = limits;
        List<JmapCapability> all = new ArrayList<>();
        all.add(new JmapCapability(CoreEcho.CORE, limits.coreCapability(), null));
        all.add(new JmapCapability(JmapWebSocket.CAPABILITY, webSocket(""), null));
        all.addAll(capabilities);
        this.capabilities = List.copyOf(all);
        this.dataTypes = List.copyOf(dataTypes);
        List<JmapMethod> allMethods = new ArrayList<>(methods);
        allMethods.add(new CoreEcho());
        this.dispatcher = new JmapDispatcher(allMethods, this.capabilities, limits);
        this.blobs = List.copyOf(blobs);
        this.uploads = uploads;
        this.push = push;
        this.eventSource = new EventSourceStream(push, dataTypes, clock);
        this.requests = new ConcurrencyLimit(limits.maxConcurrentRequests());
        this.uploading = new ConcurrencyLimit(limits.maxConcurrentUpload());
    }

    public JmapLimits limits() {
        return limits;
    }

    /** RFC 8620 §2: the session resource; {@code base} is the server's origin, e.g. {@code https://mail.example}. */
    public ObjectNode session(Account account, String base) {
        ObjectNode session = JsonNodeFactory.instance.objectNode();
        ObjectNode caps = session.putObject("capabilities");
        for (JmapCapability capability : capabilities) {
            caps.set(capability.uri(), capability.uri().equals(JmapWebSocket.CAPABILITY)
                    ? webSocket(base) : capability.session());
        }
        String accountId = JmapDispatcher.accountId(account);
        ObjectNode accountNode = session.putObject("accounts").putObject(accountId);
        accountNode.put("name", account.address());
        accountNode.put("isPersonal", true);
        accountNode.put("isReadOnly", false);
        ObjectNode accountCaps = accountNode.putObject("accountCapabilities");
        ObjectNode primary = session.putObject("primaryAccounts");
        for (JmapCapability capability : capabilities) {
            if (capability.account() != null) {
                accountCaps.set(capability.uri(), capability.account());
                primary.put(capability.uri(), accountId);
            }
        }
        session.put("username", account.address());
        session.put("apiUrl", base + "/jmap/api");
        session.put("downloadUrl", base + "/jmap/download/{accountId}/{blobId}/{name}?accept={type}");
        session.put("uploadUrl", base + "/jmap/upload/{accountId}/");
        session.put("eventSourceUrl", base + "/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}");
        session.put("state", sessionState(account));
        return session;
    }

    /** RFC 8887 §4.1: the WebSocket endpoint on the origin the client used, with push. */
    private static ObjectNode webSocket(String base) {
        return JsonNodeFactory.instance.objectNode()
                .put("url", base.isEmpty() ? "/jmap/ws" : "wss" + base.substring(base.indexOf(':')) + "/jmap/ws")
                .put("supportsPush", true);
    }

    /** Changes only when what the session resource says changes (capabilities, account). */
    public String sessionState(Account account) {
        StringBuilder text = new StringBuilder(account.address());
        capabilities.forEach(capability -> text.append('\n').append(capability.uri()).append(capability.session()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8620 §3.3: runs a request under maxConcurrentRequests. */
    public ObjectNode api(Account account, Login login, byte[] body) throws RequestError {
        Optional<ConcurrencyLimit.Permit> permit = requests.tryEnter(account.id());
        if (permit.isEmpty()) {
            throw RequestError.limit("maxConcurrentRequests", "The account already runs "
                    + limits.maxConcurrentRequests() + " requests; wait for one to finish.");
        }
        try (ConcurrencyLimit.Permit held = permit.get()) {
            return dispatcher.handle(account, login, body, sessionState(account));
        }
    }

    /** RFC 8620 §6.1: holds an upload in memory and answers its blob id, type and size. */
    public ObjectNode upload(Account account, String type, InputStream body) throws RequestError, IOException {
        Optional<ConcurrencyLimit.Permit> permit = uploading.tryEnter(account.id());
        if (permit.isEmpty()) {
            throw RequestError.limit("maxConcurrentUpload", "The account already runs "
                    + limits.maxConcurrentUpload() + " uploads; wait for one to finish.");
        }
        try (ConcurrencyLimit.Permit held = permit.get()) {
            byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxSizeUpload() + 1));
            if (content.length > limits.maxSizeUpload()) {
                throw RequestError.limit("maxSizeUpload",
                        "The upload is larger than maxSizeUpload (" + limits.maxSizeUpload() + " octets).");
            }
            Uploads.Upload upload = uploads.put(account.id(), type, content);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("accountId", JmapDispatcher.accountId(account));
            answer.put("blobId", upload.blobId());
            answer.put("type", type);
            answer.put("size", content.length);
            return answer;
        }
    }

    /** RFC 8620 §6.2: an uploaded blob, or a blob of a data type (an Email's stored, encrypted bytes). */
    public Optional<JmapBlobs.Blob> download(Account account, String blobId) {
        Optional<Uploads.Upload> upload = uploads.get(account.id(), blobId);
        if (upload.isPresent()) {
            return Optional.of(new JmapBlobs.Blob(upload.get().content(), upload.get().type()));
        }
        for (JmapBlobs source : blobs) {
            Optional<JmapBlobs.Blob> blob = source.read(account, blobId);
            if (blob.isPresent()) {
                return blob;
            }
        }
        return Optional.empty();
    }

    /** Push for a WebSocket connection (RFC 8887 §4.3.5): StateChanges of these types (empty: all) until interrupted. */
    void watch(Account account, Set<String> types, Duration idleAfter, EventSourceStream.Idle ready,
               EventSourceStream.Sink changes, EventSourceStream.Idle idle) throws IOException, InterruptedException {
        eventSource.watch(account, types, idleAfter, false, ready, changes, idle);
    }

    /** Whether the account may open one more push connection. */
    public boolean mayPush(Account account) {
        return push.openChannels(account.id()) < limits.maxEventSources();
    }

    /** RFC 8620 §7.3: runs one EventSource connection until it ends. */
    public void eventSource(Account account, EventSourceStream.Options options, EventSourceStream.Sink sink)
            throws IOException, InterruptedException {
        eventSource.run(account, options, sink);
    }
}

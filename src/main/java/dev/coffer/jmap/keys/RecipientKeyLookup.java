package dev.coffer.jmap.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * RecipientKey/lookup: {@code {"emails": [...]}} gives {@code found} (address → publicKey,
 * fingerprint, source) and {@code notFound} (address → a SetError-like {type, description} with
 * type notFound, lookupFailed or invalidAddress). Addresses are looked up side by side.
 */
public final class RecipientKeyLookup implements JmapMethod {

    private final RecipientKeys keys;

    public RecipientKeyLookup(RecipientKeys keys) {
        this.keys = keys;
    }

    @Override
    public String name() {
        return "RecipientKey/lookup";
    }

    @Override
    public String capability() {
        return KeysCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        if (arguments.get("emails") == null) {
            throw MethodError.invalidArguments("emails is required: the addresses to find keys for");
        }
        List<String> emails = Arguments.strings(arguments, "emails").stream().distinct().toList();
        if (emails.size() > KeysCapability.MAX_ADDRESSES_PER_LOOKUP) {
            throw MethodError.requestTooLarge("At most " + KeysCapability.MAX_ADDRESSES_PER_LOOKUP
                    + " addresses in one lookup (maxAddressesPerLookup)");
        }
        Map<String, KeyLookupResult> results = lookUpAll(emails);
        ObjectNode found = Json.object();
        ObjectNode notFound = Json.object();
        results.forEach((email, result) -> {
            switch (result) {
                case KeyLookupResult.Found key -> found.set(email, Json.object().put("publicKey", key.publicKey())
                        .put("fingerprint", key.fingerprint())
                        .put("source", key.source().name().toLowerCase(Locale.ROOT).replace('_', '-')));
                case KeyLookupResult.NotFound none -> notFound.set(email, error("notFound", none.description()));
                case KeyLookupResult.LookupFailed failed -> notFound.set(email, error("lookupFailed", failed.description()));
                case KeyLookupResult.InvalidAddress invalid ->
                        notFound.set(email, error("invalidAddress", invalid.description()));
            }
        });
        ObjectNode response = Json.object().put("accountId", call.accountId());
        response.set("found", found);
        response.set("notFound", notFound);
        return response;
    }

    private Map<String, KeyLookupResult> lookUpAll(List<String> emails) throws MethodError {
        Map<String, KeyLookupResult> results = new LinkedHashMap<>();
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<KeyLookupResult>> pending = new LinkedHashMap<>();
            for (String email : emails) {
                pending.put(email, lookups.submit(() -> keys.lookup(email)));
            }
            for (Map.Entry<String, Future<KeyLookupResult>> entry : pending.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MethodError.serverFail("Interrupted while looking up keys");
        } catch (ExecutionException e) {
            throw MethodError.serverFail("A key lookup failed: " + e.getCause().getMessage());
        }
        return results;
    }

    private static ObjectNode error(String type, String description) {
        return Json.object().put("type", type).put("description", description);
    }
}

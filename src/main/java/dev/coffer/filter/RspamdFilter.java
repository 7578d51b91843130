package dev.coffer.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an Rspamd scanner over its HTTP protocol ({@code POST /checkv2},
 * https://rspamd.com/doc/developers/protocol.html) and follows the action it answers:
 * reject → 550 5.7.1, add header or rewrite subject → Junk, soft reject or greylist →
 * 451 4.7.1, no action → deliver. When the scanner cannot be asked, mail is tempfailed if
 * Rspamd is required and delivered (with a log line) if not.
 */
public final class RspamdFilter implements MessageFilter {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RspamdFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLY_BYTES = 1024 * 1024;

    private final URI checkUri;
    private final boolean required;
    private final HttpClient http;
    private final Duration requestTimeout;

    public RspamdFilter(URI baseUri, boolean required) {
        this(baseUri, required, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    RspamdFilter(URI baseUri, boolean required, Duration connectTimeout, Duration requestTimeout) {
        String base = baseUri.toString();
        this.checkUri = URI.create(base.endsWith("/") ? base + "checkv2" : base + "/checkv2");
        this.required = required;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Parses {@code filter.rspamd_url}: an http(s) URL of the normal worker, e.g. http://127.0.0.1:11333. */
    public static URI baseUri(String configured) {
        URI uri;
        try {
            uri = URI.create(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filter.rspamd_url is not a URL: " + configured, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("filter.rspamd_url must be http://host:port, not " + configured);
        }
        return uri;
    }

    @Override
    public FilterVerdict check(FilterInput input) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request(input), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return unavailable("timeout");
        } catch (IOException e) {
            return unavailable("unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
        if (response.statusCode() != 200) {
            return unavailable("http-status-" + response.statusCode());
        }
        if (response.body().length > MAX_REPLY_BYTES) {
            return unavailable("reply-too-large");
        }
        try {
            return verdict(JSON.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            return unavailable("unreadable-reply");
        }
    }

    private HttpRequest request(FilterInput input) {
        HttpRequest.Builder request = HttpRequest.newBuilder(checkUri)
                .timeout(requestTimeout)
                .header("Content-Type", "message/rfc822")
                .header("Queue-Id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(input.message()));
        if (input.origin() != null) {
            if (input.origin().client() != null) {
                request.header("IP", input.origin().client().getHostAddress());
            }
            if (!input.origin().heloName().isBlank()) {
                request.header("Helo", input.origin().heloName());
            }
            request.header("From", input.origin().mailFrom().isEmpty() ? "<>" : input.origin().mailFrom());
        }
        for (String recipient : input.recipients()) {
            request.header("Rcpt", recipient);
        }
        return request.build();
    }

    private FilterVerdict verdict(JsonNode reply) {
        JsonNode action = reply.get("action");
        if (action == null || !action.isTextual()) {
            throw new IllegalArgumentException("the reply names no action");
        }
        double score = reply.path("score").asDouble(0);
        List<String> symbols = new ArrayList<>();
        reply.path("symbols").fieldNames().forEachRemaining(symbols::add);
        String reason = String.format(Locale.ROOT, "rspamd: %s (score %.1f)", action.asText(), score);
        return switch (action.asText()) {
            case "reject" -> new FilterVerdict.Reject(550, "5.7.1", "Message refused as spam by the content filter");
            case "add header", "rewrite subject" -> new FilterVerdict.Junk(score, withReason(reason, symbols));
            case "soft reject", "greylist" -> new FilterVerdict.TempFail("4.7.1", "Try again later");
            case "no action" -> new FilterVerdict.Accept(score, withReason(reason, symbols));
            default -> throw new IllegalArgumentException("unknown action " + action.asText());
        };
    }

    private static List<String> withReason(String reason, List<String> symbols) {
        List<String> reasons = new ArrayList<>();
        reasons.add(reason);
        reasons.addAll(symbols);
        return reasons;
    }

    private FilterVerdict unavailable(String reason) {
        if (required) {
            log.warn("event=filter_unavailable filter=rspamd reason={} result=tempfail", reason);
            return new FilterVerdict.TempFail("4.7.1", "Content filter unavailable, try again later");
        }
        log.warn("event=filter_unavailable filter=rspamd reason={} result=delivered-unscanned", reason);
        return new FilterVerdict.Accept(0, List.of("rspamd unavailable: " + reason));
    }
}

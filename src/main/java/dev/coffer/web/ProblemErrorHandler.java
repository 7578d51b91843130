package dev.coffer.web;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before the routes see a request (a malformed request line, a header
 * block too large, an ambiguous path): RFC 9457 problem JSON with the listener's headers,
 * never Jetty's HTML page or a stack trace.
 */
final class ProblemErrorHandler extends ErrorHandler {

    private final Function<String, Map<String, String>> headers;

    /** @param headers the headers for an answer to a request target */
    ProblemErrorHandler(Function<String, Map<String, String>> headers) {
        this.headers = headers;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        Problem problem = Problem.of(status);
        HttpFields.Mutable fields = response.getHeaders();
        headers.apply(request.getHttpURI().getPathQuery()).forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(problem.json()), callback);
        return true;
    }

    /** A request Jetty could not parse: no target is known, so only the target-independent headers. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        headers.apply("/").forEach(fields::put);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE));
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(Problem.of(status).json());
    }
}

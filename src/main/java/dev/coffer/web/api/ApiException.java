package dev.coffer.web.api;

import dev.coffer.web.Problem;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/** An API request that cannot be answered as asked; the listener turns it into its problem JSON. */
public final class ApiException extends RuntimeException {

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** Makes the listener answer these exceptions with their problem JSON; every API route group calls it. */
    static void answeredIn(JavalinDefaultRoutingApi routes) {
        routes.exception(ApiException.class, (e, ctx) -> e.problem().answer(ctx));
    }

    /** 400 naming the field that is missing or wrong, so a client developer knows what to fix. */
    static ApiException badField(String field, String detail) {
        return new ApiException(Problem.typed("invalid-field", 400, detail, Map.of("field", field)));
    }

    static ApiException unauthorized(String type, String detail, Map<String, Object> extensions) {
        return new ApiException(Problem.typed(type, 401, detail, extensions));
    }
}

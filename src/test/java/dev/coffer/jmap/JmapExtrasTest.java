package dev.coffer.jmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.mail.MailJmap;
import dev.coffer.store.Account;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Methods, capabilities and data types of other packages (submission, vacation, keys) plug
 * into the same dispatcher, session and push; and maxConcurrentRequests holds for them too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmapExtrasTest {

    static final String VACATION = "urn:ietf:params:jmap:vacationresponse";

    JmapFixture fixture;
    Jmap jmap;
    CountDownLatch entered = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<String> followedUp = new ArrayList<>();

    @BeforeAll
    void open(@TempDir Path directory) throws Exception {
        fixture = new JmapFixture(directory);
        JmapMethod get = method("VacationResponse/get", (arguments, call) -> {
            call.followUp("VacationResponse/echo", JsonNodeFactory.instance.objectNode().put("from", call.callId()));
            return JsonNodeFactory.instance.objectNode().put("accountId", call.accountId()).put("state", "v1");
        });
        JmapMethod echo = method("VacationResponse/echo", (arguments, call) -> {
            followedUp.add(arguments.get("from").asText());
            return arguments;
        });
        JmapMethod slow = method("VacationResponse/slow", (arguments, call) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return arguments;
        });
        JmapDataType type = new JmapDataType() {
            @Override
            public String name() {
                return "VacationResponse";
            }

            @Override
            public String state(Account account) {
                return "v1";
            }
        };
        jmap = MailJmap.create(fixture.mailboxes, fixture.limits, fixture.push, fixture.held, Clock.systemUTC(),
                List.of(get, echo, slow), List.of(new JmapCapability(VACATION, JsonNodeFactory.instance.objectNode(),
                        JsonNodeFactory.instance.objectNode())), List.of(type));
    }

    @Test
    void anExtraCapabilityIsInTheSessionAndItsMethodsRunWithFollowUps() throws Exception {
        ObjectNode session = jmap.session(fixture.alice, "https://mail.example.org");
        JsonNode responses = jmap.api(fixture.alice, Login.WEB_SESSION, request("[[\"VacationResponse/get\",{},\"v\"]]"))
                .get("methodResponses");

        assertThat(session.at("/primaryAccounts").has(VACATION)).isTrue();
        assertThat(responses.get(0).get(0).asText()).isEqualTo("VacationResponse/get");
        // RFC 8621 §7.5-style implicit call: right after, with the same call id.
        assertThat(responses.get(1).toString()).isEqualTo("[\"VacationResponse/echo\",{\"from\":\"v\"},\"v\"]");
        assertThat(followedUp).containsExactly("v");
    }

    @Test
    void moreConcurrentRequestsThanTheLimitAreRefused() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<JsonNode>> running = new ArrayList<>();
        for (int i = 0; i < fixture.limits.maxConcurrentRequests(); i++) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return jmap.api(fixture.alice, Login.WEB_SESSION, request("[[\"VacationResponse/slow\",{},\"s\"]]"));
                } catch (RequestError e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> jmap.api(fixture.alice, Login.WEB_SESSION, request("[[\"Core/echo\",{},\"e\"]]")))
                .isInstanceOf(RequestError.class).extracting("limit").isEqualTo("maxConcurrentRequests");
        release.countDown();
        for (CompletableFuture<JsonNode> request : running) {
            assertThat(request.get(10, TimeUnit.SECONDS).at("/methodResponses/0/0").asText())
                    .isEqualTo("VacationResponse/slow");
        }
        assertThat(jmap.api(fixture.alice, Login.WEB_SESSION, request("[[\"Core/echo\",{},\"e\"]]")).at("/methodResponses/0/0").asText())
                .isEqualTo("Core/echo");
        pool.close();
    }

    private static byte[] request(String calls) {
        return ("{\"using\":[\"urn:ietf:params:jmap:core\",\"" + VACATION + "\"],\"methodCalls\":" + calls + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JmapMethod method(String name, Body body) {
        return new JmapMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String capability() {
                return VACATION;
            }

            @Override
            public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
                return body.call(arguments, call);
            }
        };
    }

    private interface Body {
        JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError;
    }

    @AfterAll
    void close() {
        fixture.close();
    }
}

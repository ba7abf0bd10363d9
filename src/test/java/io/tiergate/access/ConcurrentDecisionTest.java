package io.tiergate.access;

import static io.restassured.RestAssured.given;
import static io.tiergate.access.AccessApi.createdId;
import static io.tiergate.access.AccessApi.newDeveloper;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two privacy approvers act on the same request at the same moment, over real HTTP against
 * PostgreSQL: exactly one outcome, and the other gets 409 problem+json.
 */
@QuarkusTest
class ConcurrentDecisionTest {

    @Inject
    AuditQueries audit;

    @RepeatedTest(5)
    void approveAndDenyAtOnceGiveOneOutcome() throws Exception {
        String id = createdId(Tokens.developer(newDeveloper()), "dataset", "tickets", "debugging", "PT1H");
        List<Response> responses = race(
                () -> given().auth().oauth2(Tokens.approver("priya")).contentType("application/json").body(Map.of())
                        .post("/api/access-requests/" + id + "/approve"),
                () -> given().auth().oauth2(Tokens.approver("pat")).contentType("application/json").body(Map.of("reason", "no"))
                        .post("/api/access-requests/" + id + "/deny"));

        assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409);
        Response loser = responses.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertThat(loser.contentType()).startsWith("application/problem+json");
        assertThat(loser.jsonPath().getString("code")).isEqualTo("request_not_pending");
        String outcome = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow().jsonPath().getString("state");

        String stored = given().auth().oauth2(Tokens.auditor("audrey")).get("/api/access-requests/" + id).jsonPath().getString("state");
        assertThat(stored).isEqualTo(outcome);
        List<String> decisions = audit.recent(new AuditQueries.Filter(null, null, "tickets", null, null), 100).stream()
                .filter(e -> id.equals(e.targetId())).map(AuditEvent::action)
                .filter(a -> a.equals("access.request.approved") || a.equals("access.request.denied")).toList();
        assertThat(decisions).hasSize(1);
    }

    @RepeatedTest(3)
    void twoApprovalsAtOnceOnASingleApprovalRequestMakeOneGrant() throws Exception {
        String id = createdId(Tokens.developer(newDeveloper()), "dataset", "tickets", "debugging", "PT1H");
        List<Response> responses = race(
                () -> given().auth().oauth2(Tokens.approver("priya")).contentType("application/json").body(Map.of())
                        .post("/api/access-requests/" + id + "/approve"),
                () -> given().auth().oauth2(Tokens.approver("pat")).contentType("application/json").body(Map.of())
                        .post("/api/access-requests/" + id + "/approve"));
        assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409);
        assertThat(AccessGrant.count("requestId", java.util.UUID.fromString(id))).isEqualTo(1);
    }

    /** Starts both calls together and waits for both answers. */
    @SafeVarargs
    private static List<Response> race(Callable<Response>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch ready = new CountDownLatch(calls.length);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}

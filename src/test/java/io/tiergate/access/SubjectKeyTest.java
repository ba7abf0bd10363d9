package io.tiergate.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static io.tiergate.access.AccessApi.approve;
import static io.tiergate.access.AccessApi.createdId;
import static io.tiergate.access.AccessApi.read;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Tokens;
import io.tiergate.testing.UpstreamStubResource.InjectUpstream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subjects are their issuer and sub: a username is a display name that may change or be reused. */
@QuarkusTest
class SubjectKeyTest {

    @InjectUpstream
    WireMockServer upstream;

    @BeforeEach
    void datasets() {
        upstream.stubFor(any(urlPathMatching("/datasets/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"records\":[]}")));
    }

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRenamedUserKeepsTheirGrantsAndRequests() {
        String sub = fresh("sub");
        String before = Tokens.withSub(sub, fresh("olivia"), "developer");
        String after = Tokens.withSub(sub, fresh("olivia-renamed"), "developer");
        String id = createdId(before, "dataset", "tickets", "debugging", "PT1H");
        approve(Tokens.approver("priya"), id, Map.of()).statusCode(200).body("state", equalTo("approved"));

        read(after, "tickets", "debugging").statusCode(200);
        given().auth().oauth2(after).when().get("/api/access-requests").then().statusCode(200)
                .body("requests.id", contains(id)).body("requests[0].requester_id", equalTo(Tokens.ISSUER + "#" + sub));
    }

    @Test
    void twoSubjectsWithTheSameUsernameShareNoGrantsNorRequests() {
        String name = fresh("sam");
        String first = Tokens.withSub(fresh("sub"), name, "developer");
        String second = Tokens.withSub(fresh("sub"), name, "developer");
        String id = createdId(first, "dataset", "tickets", "debugging", "PT1H");
        approve(Tokens.approver("priya"), id, Map.of()).statusCode(200);

        read(first, "tickets", "debugging").statusCode(200);
        read(second, "tickets", "debugging").statusCode(403).body("reasons", contains("tier2_requires_grant"));
        given().auth().oauth2(second).when().get("/api/access-requests").then().statusCode(200)
                .body("requests.id", not(hasItem(id)));
        // and another developer does not see it (the review is for approvers)
        given().auth().oauth2(second).when().get("/api/access-requests/" + id).then().statusCode(403);
    }

    @Test
    void approversWithTheSameUsernameAreTwoApproversAndARenamedApproverIsOne() {
        String developer = Tokens.developer(fresh("dev"));
        String name = fresh("avery");
        String approverSub = fresh("sub");
        String approver = Tokens.withSub(approverSub, name, "privacy-approver");
        String renamed = Tokens.withSub(approverSub, fresh("avery-renamed"), "privacy-approver");
        String namesake = Tokens.withSub(fresh("sub"), name, "privacy-approver");

        String id = createdId(developer, "dataset", "payroll", "analytics", "PT8H");
        approve(approver, id, Map.of()).statusCode(200).body("state", equalTo("pending"));
        approve(renamed, id, Map.of()).statusCode(403).body("reasons", contains("approver_already_approved"));
        approve(namesake, id, Map.of()).statusCode(200).body("state", equalTo("approved"))
                .body("approvals.approver", contains(name, name));
    }

    @Test
    void aRenamedRequesterStillCannotApproveTheirOwnRequestButANamesakeCan() {
        String sub = fresh("sub");
        String name = fresh("dana");
        String requester = Tokens.withSub(sub, name, "developer", "privacy-approver");
        String renamed = Tokens.withSub(sub, fresh("dana-renamed"), "privacy-approver");
        String namesake = Tokens.withSub(fresh("sub"), name, "privacy-approver");

        String id = createdId(requester, "dataset", "tickets", "debugging", "PT1H");
        approve(renamed, id, Map.of()).statusCode(403).body("reasons", contains("self_decision_forbidden"));
        approve(namesake, id, Map.of()).statusCode(200).body("state", equalTo("approved"));
    }
}

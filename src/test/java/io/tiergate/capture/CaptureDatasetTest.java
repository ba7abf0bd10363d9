package io.tiergate.capture;

import static io.tiergate.capture.CuratedCalls.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tiergate.catalog.Catalog;
import io.tiergate.policy.Tier;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A route's captures are the catalog's dataset {@code captures/<route>}, with its own tier, read
 * through the policy like any dataset: Tier 1 captures with a purpose, redacted Tier 2 captures
 * (and all of a Tier 2 store) only under a grant made by the access workflow.
 */
@QuarkusTest
class CaptureDatasetTest {

    @Inject
    Catalog catalog;

    @Test
    void everyRoutesCaptureStoreIsADatasetOfTheCatalogWithTheRoutesTier() {
        assertThat(catalog.entry("dataset", "captures/curated")).hasValueSatisfying(e -> assertThat(e.tier()).isEqualTo(Tier.TIER_1));
        assertThat(catalog.entry("dataset", "captures/curated-private"))
                .hasValueSatisfying(e -> assertThat(e.tier()).isEqualTo(Tier.TIER_2));
        assertThat(catalog.captureStoreOf("curated").orElseThrow().policyResource().attributes()).containsEntry("capture_store", true);
        assertThat(catalog.accessRules("dataset", "captures/curated-private")).isEqualTo(catalog.accessRules("llm_route", "curated-private"));
    }

    @Test
    void readsTier1CapturesWithAPurposeAndRefusesThemWithout() {
        String caller = CuratedCalls.newCaller("rita");
        Instant from = CuratedCalls.before();
        String id = CuratedCalls.captured("curated", caller, null, "When does the release train leave?", "On Tuesdays.");
        Instant to = CuratedCalls.after();

        JsonPath page = CuratedCalls.read(caller, "curated", "model-evaluation", from, to, null)
                .statusCode(200).body("dataset", equalTo("captures/curated")).extract().jsonPath();
        assertThat(page.getList("captures.inference_id")).contains(id);
        assertThat(page.getString("captures.find { it.inference_id == '" + id + "' }.request.messages[0].content"))
                .isEqualTo("When does the release train leave?");
        assertThat(page.getString("captures.find { it.inference_id == '" + id + "' }.answer.choices[0].message.content"))
                .isEqualTo("On Tuesdays.");

        CuratedCalls.read(caller, "curated", null, from, to, null)
                .statusCode(403).contentType("application/problem+json").body("reasons", equalTo(List.of("purpose_required")));
    }

    @Test
    void refusesRedactedCapturesWithoutAGrantAndReadsThemOnceTheWorkflowGrantsOne() {
        String caller = CuratedCalls.newCaller("rob");
        Instant from = CuratedCalls.before();
        String tier1 = CuratedCalls.captured("curated", caller, null, "Summarise the release notes", "Done.");
        String redacted = CuratedCalls.captured("curated", caller, null, "Write to " + EMAIL + " about the refund", "Sent.");
        Instant to = CuratedCalls.after();

        CuratedCalls.read(caller, "curated", "model-evaluation", from, to, null)
                .statusCode(403).body("reasons", equalTo(List.of("tier2_requires_grant")))
                .body("request_access.resource.name", equalTo("captures/curated"));
        JsonPath tier1Only = CuratedCalls.read(caller, "curated", "model-evaluation", from, to, "max_tier=1")
                .statusCode(200).extract().jsonPath();
        assertThat(tier1Only.getList("captures.inference_id")).contains(tier1).doesNotContain(redacted);

        CuratedCalls.granted(caller, "captures/curated", "model-evaluation");
        String body = CuratedCalls.read(caller, "curated", "model-evaluation", from, to, null)
                .statusCode(200).body("captures.inference_id", hasItem(redacted)).extract().asString();
        assertThat(body).contains("<EMAIL_1>").doesNotContain(EMAIL);
        CuratedCalls.read(caller, "curated", "debugging", from, to, null)
                .statusCode(403).body("reasons", equalTo(List.of("tier2_requires_grant")));
    }

    @Test
    void aTier2StoreNeedsAGrantEvenForItsTier1Captures() {
        String caller = CuratedCalls.newCaller("ria");
        Instant from = CuratedCalls.before();
        String id = CuratedCalls.captured("curated-private", caller, null, "Which day is the release?", "Tuesday.");
        Instant to = CuratedCalls.after();

        CuratedCalls.read(caller, "curated-private", "model-evaluation", from, to, null)
                .statusCode(403).body("reasons", equalTo(List.of("tier2_requires_grant")));
        CuratedCalls.granted(caller, "captures/curated-private", "model-evaluation");
        CuratedCalls.read(caller, "curated-private", "model-evaluation", from, to, null)
                .statusCode(200).body("captures.inference_id", hasItem(id));
    }

    @Test
    void pagesOnWithTheCursor() {
        String caller = CuratedCalls.newCaller("pam");
        Instant from = CuratedCalls.before();
        String first = CuratedCalls.captured("curated", caller, null, "First question", "First answer.");
        String second = CuratedCalls.captured("curated", caller, null, "Second question", "Second answer.");
        Instant to = CuratedCalls.after();

        JsonPath one = CuratedCalls.read(caller, "curated", "model-evaluation", from, to, "limit=1").statusCode(200).extract().jsonPath();
        assertThat(one.getList("captures.inference_id")).containsExactly(first);
        JsonPath two = CuratedCalls.read(caller, "curated", "model-evaluation", from, to, "limit=1&cursor=" + one.getString("next"))
                .statusCode(200).extract().jsonPath();
        assertThat(two.getList("captures.inference_id")).containsExactly(second);
    }

    @Test
    void refusesBadQueriesAsProblems() {
        String caller = CuratedCalls.newCaller("bea");
        Instant now = Instant.now();
        CuratedCalls.read(caller, "no-such-route", "model-evaluation", now.minusSeconds(60), now, null)
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("unknown_route"));
        CuratedCalls.read(caller, "curated", "model-evaluation", now, now.minusSeconds(60), null)
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_range"));
        CuratedCalls.read(caller, "curated", "model-evaluation", now.minusSeconds(60), now, "limit=0")
                .statusCode(400).body("code", equalTo("invalid_limit"));
        CuratedCalls.read(caller, "curated", "model-evaluation", now.minusSeconds(60), now, "cursor=bogus")
                .statusCode(400).body("code", equalTo("invalid_cursor"));
    }
}

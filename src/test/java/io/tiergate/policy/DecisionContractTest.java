package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import io.tiergate.policy.remote.RemoteOpaEngine;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines give exactly the table's decision for every case of the shared contract table:
 * the Rego compiled to Wasm and run in-process, and a real OPA server over its REST Data API.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionContractTest {

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "tiergate.test.opa-url")
    URI opaUrl;

    WasmPolicyEngine embedded;
    RemoteOpaEngine remote;

    @BeforeAll
    void engines() {
        embedded = new WasmPolicyEngine(WasmPolicyEngine.loadModule(null), 2, Duration.ofSeconds(5), mapper);
        remote = new RemoteOpaEngine(opaUrl, "tiergate/main/decision", Duration.ofSeconds(5));
    }

    @AfterAll
    void close() {
        embedded.close();
    }

    static Stream<ContractTable.Case> cases() {
        return ContractTable.cases().stream().filter(ContractTable.Case::expressibleInJava);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void embeddedEngineGivesTheTablesDecision(ContractTable.Case c) throws Exception {
        assertThat(embedded.decide(inputOf(c))).isEqualTo(expected(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void remoteEngineGivesTheTablesDecision(ContractTable.Case c) throws Exception {
        assertThat(remote.decide(inputOf(c))).isEqualTo(expected(c));
    }

    @Test
    void tableCoversEveryReasonCodeAndAlmostAllCasesRunInJava() {
        List<ContractTable.Case> all = ContractTable.cases();
        assertThat(cases().count()).isGreaterThanOrEqualTo(all.size() - 1);
        assertThat(all.stream().flatMap(c -> Stream.of(c.expect().get("reasons"))).flatMap(r -> {
            List<String> codes = new java.util.ArrayList<>();
            r.forEach(code -> codes.add(code.asText()));
            return codes.stream();
        }).distinct()).containsExactlyInAnyOrder("tier1_access", "tier2_grant_active", "audit_reader",
                "role_not_permitted", "purpose_required", "tier2_requires_grant", "tier2_content_to_tier1_route",
                "credentials_never_forwarded", "unknown_action", "access_requester", "access_reviewer",
                "grant_not_needed_for_tier1", "self_decision_forbidden", "approver_already_approved",
                "tier2_personal_data_redacted", "unscannable_content", "scan_incomplete",
                "response_redacted", "tier2_response_requires_grant", "report_reader", "report_tier1_aggregates", "capture_eraser", "content_not_cleared_for_variant", "export_purpose_not_permitted");
    }

    private PolicyInput inputOf(ContractTable.Case c) throws Exception {
        return mapper.treeToValue(c.input(), PolicyInput.class);
    }

    private static Decision expected(ContractTable.Case c) {
        Decision expected = DecisionReader.read(c.expect());
        assertThat(expected.reasons()).as("the table's expectation is itself a well-formed decision")
                .doesNotContain(ReasonCodes.POLICY_RESULT_MALFORMED);
        return expected;
    }
}

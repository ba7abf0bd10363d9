package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.Decision.ObligationKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionReaderTest {

    final ObjectMapper mapper = new ObjectMapper();

    Decision read(String json) throws Exception {
        return DecisionReader.read(mapper.readTree(json));
    }

    @Test
    void readsAWellFormedDecision() throws Exception {
        assertThat(read("""
                {"allow": true, "reasons": ["tier1_access"],
                 "obligations": {"redact": ["EMAIL"], "mask_fields": ["customer.email"], "capture": "none"}}"""))
                .isEqualTo(new Decision(true, List.of("tier1_access"),
                        new Decision.Obligations(List.of("EMAIL"), List.of("customer.email"), Decision.Capture.NONE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "redacted", "full"})
    void readsEachCaptureMode(String mode) throws Exception {
        Decision decision = read("{\"allow\": true, \"reasons\": [\"tier1_access\"], \"obligations\": "
                + "{\"redact\": [], \"mask_fields\": [], \"capture\": \"" + mode + "\"}}");
        assertThat(decision.obligations().capture().json()).isEqualTo(mode);
    }

    @Test
    void theStricterCaptureWinsWhicheverComesFirst() {
        assertThat(Decision.Capture.FULL.stricter(Decision.Capture.REDACTED)).isEqualTo(Decision.Capture.REDACTED);
        assertThat(Decision.Capture.REDACTED.stricter(Decision.Capture.FULL)).isEqualTo(Decision.Capture.REDACTED);
        assertThat(Decision.Capture.REDACTED.stricter(Decision.Capture.NONE)).isEqualTo(Decision.Capture.NONE);
        assertThat(Decision.Capture.NONE.stricter(Decision.Capture.FULL)).isEqualTo(Decision.Capture.NONE);
        assertThat(Decision.Capture.FULL.stricter(Decision.Capture.FULL)).isEqualTo(Decision.Capture.FULL);
    }

    @Test
    void anAbsentResultIsUndefined() {
        assertThat(DecisionReader.read(null)).isEqualTo(Decision.deny(ReasonCodes.POLICY_RESULT_UNDEFINED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "true",
        "[]",
        "{\"allow\": \"true\", \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": \"none\"}}",
        "{\"allow\": true, \"reasons\": [1], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": \"none\"}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": []}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": \"none\", \"new\": 1}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": \"EMAIL\", \"mask_fields\": [], \"capture\": \"none\"}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": null}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": false}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": \"partial\"}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": \"FULL\"}}",
        "{\"allow\": true, \"reasons\": [], \"obligations\": {\"redact\": [], \"mask_fields\": [], \"capture\": \"none\"}, \"extra\": 1}"
    })
    void anythingElseIsMalformedAndDenied(String json) throws Exception {
        Decision decision = read(json);
        assertThat(decision.allow()).isFalse();
        assertThat(decision.reasons()).containsExactly(ReasonCodes.POLICY_RESULT_MALFORMED);
    }

    @Test
    void anAllowOnUnsupportedObligationsBecomesADeny() throws Exception {
        Decision redacting = read("""
                {"allow": true, "reasons": ["tier1_access"],
                 "obligations": {"redact": ["EMAIL"], "mask_fields": [], "capture": "none"}}""");
        assertThat(redacting.requireSupported(Set.of())).isEqualTo(Decision.deny(ReasonCodes.OBLIGATION_UNSUPPORTED));
        assertThat(redacting.requireSupported(Set.of(ObligationKind.MASK_FIELDS)))
                .isEqualTo(Decision.deny(ReasonCodes.OBLIGATION_UNSUPPORTED));
        assertThat(redacting.requireSupported(Set.of(ObligationKind.REDACT))).isEqualTo(redacting);
        Decision denied = Decision.deny("role_not_permitted");
        assertThat(denied.requireSupported(Set.of())).isEqualTo(denied);
    }
}

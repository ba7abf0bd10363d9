package io.tiergate.access;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiergate.http.ProblemException;
import java.util.List;
import io.tiergate.testing.Tokens;
import org.junit.jupiter.api.Test;

/** The Java side refuses what the policy refuses, should the policy ever let it through. */
class InvariantsTest {

    @Test
    void refusesADecisionOnOnesOwnRequest() {
        AccessRequest r = new AccessRequest();
        r.requesterId = Tokens.key("dana");
        assertThatThrownBy(() -> Invariants.notOwnRequest(r, Tokens.key("dana"))).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).code()).isEqualTo("self_decision_forbidden");
        assertThatCode(() -> Invariants.notOwnRequest(r, Tokens.key("priya"))).doesNotThrowAnyException();
    }

    @Test
    void refusesASecondApprovalByTheSameApprover() {
        assertThatThrownBy(() -> Invariants.notApprovedBefore(List.of("priya"), "priya")).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).status()).isEqualTo(409);
        assertThatCode(() -> Invariants.notApprovedBefore(List.of("priya"), "pat")).doesNotThrowAnyException();
    }
}

package io.tiergate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput.FindingCount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The canonical forms, byte for byte (docs/AUDIT.md), and what an event accepts as its v2 fields. */
class AuditEventTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant AT = Instant.parse("2026-12-01T12:00:00.123456Z");

    private static AuditEvent.Builder decision() {
        return AuditEvent.builder(AuditEvent.Kind.DECISION, "dataset.read").eventId(ID).at(AT).request("r-1", null)
                .subject("iss#sub", "user").resource("dataset", "tickets", 2)
                .content(1, List.of(new FindingCount("EMAIL", 1, 2))).purpose("debugging").allowed(true)
                .reasons(List.of("tier2_grant_active")).policy("embedded", "abc");
    }

    @Test
    void aV1EventKeepsTheFormItWasHashedIn() {
        String prev = AuditChain.GENESIS;
        assertThat(AuditChain.canonical(AuditChain.VERSION_1, 7, prev, decision().build())).isEqualTo(
                "17:tiergate-audit-v1;1:7;36:" + ID + ";16:1796126400123456;8:decision;3:r-1;~;7:iss#sub;4:user;"
                        + "12:dataset.read;7:dataset;7:tickets;1:2;1:1;1:1;5:EMAIL;1:2;9:debugging;4:true;5:allow;1:1;"
                        + "18:tier2_grant_active;~;0:;8:embedded;3:abc;64:" + prev + ";");
    }

    @Test
    void theV2FormCoversTheClientRequestIdTheSubjectNameAndTheObligations() {
        String prev = AuditChain.GENESIS;
        AuditEvent e = decision().clientRequestId("caller-1")
                .obligations(new Decision.Obligations(List.of("EMAIL"), List.of("/records/*/email"), Decision.Capture.NONE)).build();
        String obligations = "{\"redact\":[\"EMAIL\"],\"mask_fields\":[\"/records/*/email\"],\"capture\":\"none\"}";
        assertThat(e.obligations()).isEqualTo(obligations);
        assertThat(AuditChain.canonical(AuditChain.VERSION, 7, prev, e)).isEqualTo(
                "17:tiergate-audit-v2;1:7;36:" + ID + ";16:1796126400123456;8:decision;3:r-1;8:caller-1;~;7:iss#sub;4:user;~;"
                        + "12:dataset.read;7:dataset;7:tickets;1:2;1:1;1:1;5:EMAIL;1:2;9:debugging;4:true;5:allow;1:1;"
                        + "18:tier2_grant_active;~;0:;8:embedded;3:abc;" + obligations.length() + ":" + obligations + ";64:"
                        + prev + ";");
        assertThat(AuditChain.hash(AuditChain.VERSION_1, 7, prev, e)).as("v1 has no place for the new fields").isNull();
        assertThat(AuditChain.hash("tiergate-audit-v9", 7, prev, decision().build())).isNull();
    }

    @Test
    void obligationsThatAskForNothingAreRecordedAsNoneAndMapsAreWrittenInKeyOrder() {
        assertThat(decision().obligations(Decision.Obligations.NONE).build().obligations()).isNull();
        assertThat(decision().obligations(null).build().obligations()).isNull();
        assertThat(decision().obligations(Map.of()).build().obligations()).isNull();
        assertThat(decision().obligations(Map.of("redact", List.of("EMAIL"), "mask_fields", List.of("/a"))).build().obligations())
                .isEqualTo("{\"mask_fields\":[\"/a\"],\"redact\":[\"EMAIL\"]}");
    }

    @Test
    void refusesAnInsaneClientRequestIdAndObligationsThatAreNotABoundedObject() {
        assertThatThrownBy(() -> decision().clientRequestId("bad id").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decision().clientRequestId("x".repeat(129)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decision().obligations(List.of("EMAIL")).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decision().obligations(Map.of("redact", "x".repeat(AuditEvent.MAX_OBLIGATIONS))).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.tiergate.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiergate.catalog.FieldPointers;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.FindingTypes;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadWalkerTest {

    private static final Classifier CLASSIFIER = new Classifier();
    private static final Set<String> REDACT = FindingTypes.BUILT_IN;

    private static String walk(PayloadWalker walker, String payload, int chunkSize) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            out.append(walker.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize))))
                    .toString(StandardCharsets.UTF_8));
        }
        return out.append(walker.finish().toString(StandardCharsets.UTF_8)).toString();
    }

    private static JsonWalker json(List<String> masked, boolean lines) {
        return new JsonWalker(CLASSIFIER, FieldPointers.of(masked), REDACT, lines, 1_000_000, "staff");
    }

    @Test
    void masksDeclaredFieldsKeepingTheirKeysWhateverTheChunking() {
        String payload = "{\"records\":[{\"id\":1,\"email\":\"ann@corp.example\",\"team\":\"sre\"},"
                + "{\"id\":2,\"email\":{\"work\":\"bo@corp.example\"},\"team\":null}],\"total\":2}";
        String expected = "{\"records\":[{\"id\":1,\"email\":\"[MASKED]\",\"team\":\"sre\"},"
                + "{\"id\":2,\"email\":\"[MASKED]\",\"team\":null}],\"total\":2}";
        for (int chunk : new int[] {1, 2, 7, 1000}) {
            JsonWalker walker = json(List.of("/records/*/email"), false);
            assertThat(walk(walker, payload, chunk)).as("chunks of %d bytes", chunk).isEqualTo(expected);
            assertThat(walker.report().maskedPointers()).containsExactly("/records/*/email");
            assertThat(walker.report().hasUndeclaredTier2()).isFalse();
        }
    }

    @Test
    void redactsAndReportsUndeclaredTier2FindingsByPointer() {
        String payload = "{\"records\":[{\"note\":\"write to jane.doe@acmecorp.com today\",\"card\":4111111111111111}]}";
        JsonWalker walker = json(List.of(), false);
        String out = walk(walker, payload, 5);
        assertThat(out).isEqualTo("{\"records\":[{\"note\":\"write to <EMAIL_1> today\",\"card\":\"<PAYMENT_CARD_1>\"}]}");
        assertThat(walker.report().undeclaredTier2())
                .containsEntry("/records/*/note", Set.of("EMAIL"))
                .containsEntry("/records/*/card", Set.of("PAYMENT_CARD"));
        assertThat(walker.report().summary()).contains("undeclared_tier2=/records/*/card:PAYMENT_CARD,/records/*/note:EMAIL")
                .doesNotContain("jane");
    }

    @Test
    void passesFindingsOfTypesNotObligedToBeRedacted() {
        JsonWalker walker = new JsonWalker(CLASSIFIER, FieldPointers.of(List.of()), Set.of(), false, 1000, "staff");
        assertThat(walk(walker, "[\"jane.doe@acmecorp.com\"]", 3)).isEqualTo("[\"jane.doe@acmecorp.com\"]");
        assertThat(walker.report().hasUndeclaredTier2()).isTrue();
    }

    @Test
    void walksJsonLinesRecordByRecord() {
        String payload = "{\"a\":\"xavier@acmecorp.com\"}\n{\"a\":\"clean\"}\n";
        JsonWalker walker = json(List.of(), true);
        assertThat(walk(walker, payload, 4)).isEqualTo("{\"a\":\"<EMAIL_1>\"}\n{\"a\":\"clean\"}\n");
        assertThat(walker.report().records()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void refusesMalformedOrTruncatedJson() {
        assertThatThrownBy(() -> walk(json(List.of(), false), "{\"a\": nope}", 100)).isInstanceOf(PayloadException.class);
        assertThatThrownBy(() -> walk(json(List.of(), false), "{\"records\":[{\"a\":1}", 100)).isInstanceOf(PayloadException.class);
    }

    @Test
    void refusesAValueLongerThanTheBound() {
        JsonWalker walker = new JsonWalker(CLASSIFIER, FieldPointers.of(List.of()), REDACT, false, 100, "staff");
        assertThatThrownBy(() -> walk(walker, "[\"" + "a".repeat(500) + "\"]", 64)).isInstanceOf(PayloadException.class);
    }

    @Test
    void scansTextInPiecesAndRedacts() {
        String block = "ticket from jane.doe@acmecorp.com about the build\n" + "the build is green again\n".repeat(99);
        TextWalker walker = new TextWalker(CLASSIFIER, REDACT, "docs");
        String out = walk(walker, block.repeat(10), 333);
        assertThat(out).doesNotContain("jane.doe").contains("<EMAIL_1>").doesNotContain("UNSCANNED");
        assertThat(out.lines()).hasSize(1000);
    }

    @Test
    void keepsAPrivateKeySplitOverLinesInOnePiece() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEowIBAAKCAQEAx4Yb2zZr5h3Vq1w8Jk0nQvLw3H2s9cXfP0a1B2c3D4e5F6g7H8i9\n".repeat(40)
                + "-----END RSA PRIVATE KEY-----\n";
        String filler = "nothing to see here, a plain line of text\n".repeat(380);
        TextWalker walker = new TextWalker(CLASSIFIER, REDACT, "docs");
        String out = walk(walker, filler + key + filler, 4096);
        assertThat(out).doesNotContain("MIIEowIBAAKCAQEA").doesNotContain("BEGIN RSA PRIVATE KEY");
    }

    @Test
    void refusesTextThatIsNotUtf8() {
        TextWalker walker = new TextWalker(CLASSIFIER, REDACT, "docs");
        assertThatThrownBy(() -> {
            walker.feed(Buffer.buffer(new byte[] {'a', (byte) 0xc3, (byte) 0x28}));
            walker.finish();
        }).isInstanceOf(PayloadException.class);
    }
}

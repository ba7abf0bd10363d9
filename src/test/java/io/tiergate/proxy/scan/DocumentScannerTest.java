package io.tiergate.proxy.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.ClassifierSettings;
import io.tiergate.http.ProblemException;
import io.tiergate.policy.PolicyInput.Unscannable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentScannerTest {

    // a generous budget: this test is about what is found, not how fast (the machine is shared)
    static final Classifier CLASSIFIER = new Classifier(ClassifierSettings.defaults().withTimeBudget(Duration.ofSeconds(10)));
    static final DocumentScanner SCANNER = new DocumentScanner(CLASSIFIER);
    static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7x0e3Yq1bD8M\\n-----END RSA PRIVATE KEY-----";

    static RequestDocument read(String json) {
        return RequestDocument.parse(json.getBytes(StandardCharsets.UTF_8), Set.of("/input"));
    }

    static DocumentScanner.Result scan(String json) {
        return SCANNER.scan(read(json));
    }

    static String code(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            return e.code();
        }
        return "none";
    }

    @Test
    void refusesDuplicateKeysAtAnyDepth() {
        assertThat(code(() -> read("{\"messages\":[],\"messages\":[]}"))).isEqualTo("duplicate_key");
        assertThat(code(() -> read("{\"a\":{\"b\":{\"content\":1,\"content\":2}}}"))).isEqualTo("duplicate_key");
    }

    @Test
    void refusesKeysThatDifferOnlyByCaseOrCompatibilityForm() {
        assertThat(code(() -> read("{\"messages\":[],\"MESSAGES\":[]}"))).isEqualTo("case_variant_key");
        assertThat(code(() -> read("{\"metadata\":{\"Key\":\"a\",\"kEY\":\"b\"}}"))).isEqualTo("case_variant_key");
        // KELVIN SIGN folds to k, fullwidth letters to ASCII
        assertThat(code(() -> read("{\"k\":1,\"\\u212a\":2}"))).isEqualTo("case_variant_key");
        assertThat(code(() -> read("{\"user\":1,\"\\uff55ser\":2}"))).isEqualTo("case_variant_key");
        assertThat(code(() -> read("{\"a\":1,\"b\":2}"))).isEqualTo("none");
    }

    @Test
    void refusesKeyRulesInsideJsonHeldInAString() {
        String args = "{\\\"path\\\":\\\"a\\\",\\\"path\\\":\\\"b\\\"}";
        assertThat(code(() -> read("{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":\""
                + args + "\"}}]}]}"))).isEqualTo("duplicate_key");
    }

    @Test
    void refusesMalformedTrailingLoneSurrogateAndTooDeepBodies() {
        assertThat(code(() -> read("{\"a\":1}{\"b\":2}"))).isEqualTo("invalid_json");
        assertThat(code(() -> read("{\"a\":"))).isEqualTo("invalid_json");
        assertThat(code(() -> read("{\"a\":\"\\ud800x\"}"))).isEqualTo("invalid_json");
        assertThat(code(() -> read("[".repeat(100) + "]".repeat(100)))).isEqualTo("json_too_deep");
    }

    @Test
    void findsAnEscapedKeyInToolCallArgumentsAndRedactsItWhereItSitsReEncoded() throws Exception {
        // \\u0041 is 'A': the arguments hide "AKIA..." behind an escape inside a JSON string
        String body = "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"who\\\":\\\"\\\\u006aane.doe@example.com\\\"}\"}}]}]}";
        DocumentScanner.Result result = scan(body);
        assertThat(result.overall().counts()).extracting(c -> c.type() + "=" + c.count()).containsExactly("EMAIL=1");
        assertThat(result.pointersOf("EMAIL")).containsExactly("/messages/0/tool_calls/0/function/arguments/*");
        result.redact(Set.of("EMAIL"));
        JsonNode sent = new ObjectMapper().readTree(result.document().bytes());
        String arguments = sent.at("/messages/0/tool_calls/0/function/arguments").textValue();
        assertThat(new ObjectMapper().readTree(arguments).get("who").textValue()).isEqualTo("<EMAIL_1>");
    }

    @Test
    void scansKeysNumbersAndFieldsTheGatewayDoesNotKnow() {
        assertThat(scan("{\"metadata\":{\"jane.doe@example.com\":\"x\"}}").overall().counts())
                .extracting(c -> c.type()).containsExactly("EMAIL");
        assertThat(scan("{\"input\":\"card\",\"some_field\":4111111111111111}").overall().counts())
                .extracting(c -> c.type()).containsExactly("PAYMENT_CARD");
        assertThat(scan("{\"x\":{\"y\":[\"" + KEY + "\"]}}").overall().counts())
                .extracting(c -> c.type()).containsExactly("PRIVATE_KEY");
    }

    @Test
    void findsASecretSplitOverTwoMessages() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"-----BEGIN RSA PRI\"},"
                + "{\"role\":\"user\",\"content\":\"VATE KEY-----\\nMIIEowIBAAKCAQEA7x0e3Yq1bD8M\\n-----END RSA PRIVATE KEY-----\"}]}";
        DocumentScanner.Result result = scan(body);
        assertThat(result.overall().counts()).extracting(c -> c.type()).contains("PRIVATE_KEY");
        String card = "{\"messages\":[{\"role\":\"user\",\"content\":\"pay with 4111 1111\"},"
                + "{\"role\":\"user\",\"content\":\" 1111 1111 today\"}]}";
        DocumentScanner.Result split = scan(card);
        assertThat(split.overall().counts()).extracting(c -> c.type()).containsExactly("PAYMENT_CARD");
        split.redact(Set.of("PAYMENT_CARD"));
        assertThat(new String(split.document().bytes(), StandardCharsets.UTF_8)).doesNotContain("4111").doesNotContain("1111 1111");
    }

    @Test
    void doesNotJoinAnAddressWithTheFieldAfterIt() {
        DocumentScanner.Result result = scan("{\"messages\":[{\"role\":\"user\",\"content\":\"write to jane@example.com\"},"
                + "{\"role\":\"user\",\"name\":\"bob\",\"content\":\"ok\"}]}");
        assertThat(result.overall().counts()).extracting(c -> c.type() + "=" + c.count()).containsExactly("EMAIL=1");
    }

    @Test
    void listsWhatCannotBeScanned() {
        DocumentScanner.Result result = scan("{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAABBBB\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.org/x.png\"}},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}},"
                + "{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}],\"previous_response_id\":\"resp_1\"}");
        assertThat(result.document().unscannable()).containsExactly(
                new Unscannable("image", 6L, "/messages/0/content/0/image_url/url"),
                new Unscannable("image", null, "/messages/0/content/1/image_url"),
                new Unscannable("audio", 3L, "/messages/0/content/2/input_audio"),
                new Unscannable("file_reference", null, "/messages/0/content/3/file/file_id"),
                new Unscannable("response_reference", null, "/previous_response_id"));
        assertThat(read("{\"input\":[[1,2,3],[4]]}").unscannable()).containsExactly(new Unscannable("tokens", null, "/input"));
        assertThat(read("{\"input\":[\"a\",\"b\"]}").unscannable()).isEmpty();
    }

    @Test
    void forwardsTheReSerialisationOfWhatWasParsedNumbersExact() {
        RequestDocument document = read("{\"a\" : 1.50, \"b\":12345678901234567890123, \"c\":[true,null,\"x\"], \"d\":1e400, \"e\":4.2e1}");
        assertThat(new String(document.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1.50,\"b\":12345678901234567890123,\"c\":[true,null,\"x\"],\"d\":1E+400,\"e\":42.0}");
    }

    @Test
    void leavesProtocolWordsOfEnumeratedFieldsOutButScansOtherValuesOfThem() {
        assertThat(read("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").pieces())
                .extracting(RequestDocument.Piece::text).containsExactly("hi");
        assertThat(scan("{\"messages\":[{\"role\":\"jane.doe@example.com\",\"content\":\"hi\"}]}").overall().counts())
                .extracting(c -> c.type()).containsExactly("EMAIL");
    }

    @Test
    void theFieldNamesOfAnAnswerAreProtocolWordsButItsValuesAreScanned() {
        String answer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1767225600,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}";
        assertThat(read(answer).pieces()).extracting(RequestDocument.Piece::text)
                .containsExactly("chatcmpl-1", "1767225600", "m", "0", "hi", "9", "1", "10");
        assertThat(scan("{\"object\":\"jane.doe@example.com\",\"usage\":{\"jane@example.com\":1}}").overall().counts())
                .extracting(c -> c.type()).containsExactly("EMAIL");
    }

    @Test
    void pointersNeverShowKeysTheApiDoesNotName() {
        assertThat(Pointers.safe("/metadata/AKIAIOSFODNN7EXAMPLE/0")).isEqualTo("/metadata/*/0");
        assertThatThrownBy(() -> read("{\"a\":\"\\udc00\"}")).isInstanceOf(ProblemException.class);
    }
}

package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.testing.Processes;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java input model, the JSON schema policy authors read and the contract table in
 * sync: what Java writes is valid against the schema, and every table input reads into the Java
 * model and writes back unchanged (no field lost, none added).
 */
@QuarkusTest
class PolicyInputSchemaTest {

    @Inject
    ObjectMapper mapper;

    JsonSchema schema() throws Exception {
        try (InputStream in = Files.newInputStream(Processes.root().resolve("docs/policy-input.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void whatJavaWritesIsValidAgainstTheSchema() throws Exception {
        JsonSchema schema = schema();
        assertThat(schema.validate(mapper.valueToTree(PolicyInputs.everyFieldSet()))).isEmpty();
        assertThat(schema.validate(mapper.valueToTree(PolicyInputs.tier1DatasetRead()))).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatTheContractDoesNotHave() throws Exception {
        JsonNode extra = mapper.valueToTree(PolicyInputs.everyFieldSet());
        ((com.fasterxml.jackson.databind.node.ObjectNode) extra.get("subject")).put("email", "a@example.com");
        assertThat(schema().validate(extra)).isNotEmpty();
    }

    @Test
    void everyTableInputRoundTripsThroughTheJavaModel() throws Exception {
        for (ContractTable.Case c : ContractTable.cases()) {
            if (!c.expressibleInJava()) {
                continue;
            }
            PolicyInput input = mapper.treeToValue(c.input(), PolicyInput.class);
            // re-read from text, so that numbers compare by value rather than by Java type
            assertThat(mapper.readTree(mapper.writeValueAsString(input))).as(c.name()).isEqualTo(c.input());
        }
    }
}

package io.tiergate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared decision contract table, {@code policies/contract/decisions.json}: input and expected decision per case. */
final class ContractTable {

    record Case(String name, JsonNode input, JsonNode expect) {
        @Override
        public String toString() {
            return name;
        }

        /** Whether the Java model can express this input (the table also covers actions the gateway never sends). */
        boolean expressibleInJava() {
            String action = input.path("action").asText();
            return Arrays.stream(PolicyInput.Action.values()).anyMatch(a -> a.json().equals(action));
        }
    }

    private ContractTable() {
    }

    static List<Case> cases() {
        try {
            JsonNode table = new ObjectMapper().readTree(Processes.root().resolve("policies/contract/decisions.json").toFile());
            List<Case> cases = new ArrayList<>();
            table.get("cases").forEach(c -> cases.add(new Case(c.get("name").asText(), c.get("input"), c.get("expect"))));
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

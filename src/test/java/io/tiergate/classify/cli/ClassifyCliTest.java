package io.tiergate.classify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCliTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String stdin, String... args) {
        return ClassifyCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        return lines;
    }

    @Test
    void printsOneJsonLinePerFindingWithLineAndColumnButNeverTheValue() throws Exception {
        int status = run("hello\nmail jane@example.com now\n");
        assertThat(status).isEqualTo(1);
        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line.get("file").asText()).isEqualTo("-");
            assertThat(line.get("type").asText()).isEqualTo("EMAIL");
            assertThat(line.get("start").asInt()).isEqualTo(11);
            assertThat(line.get("end").asInt()).isEqualTo(27);
            assertThat(line.get("line").asInt()).isEqualTo(2);
            assertThat(line.get("column").asInt()).isEqualTo(6);
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("jane@");
    }

    @Test
    void cleanInputExitsZeroAndSummaryPrintsOneLinePerFile(@TempDir Path dir) throws Exception {
        Path clean = Files.writeString(dir.resolve("clean.txt"), "nothing to see");
        Path dirty = Files.writeString(dir.resolve("dirty.txt"), "a@example.com b@example.com AKIAIOSFODNN7EXAMPLE");
        assertThat(run("", "--summary", clean.toString())).isZero();
        assertThat(run("", "--summary", clean.toString(), dirty.toString())).isEqualTo(1);
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2).get("findings").get("EMAIL").asInt()).isEqualTo(2);
        assertThat(lines.get(2).get("tier").asInt()).isEqualTo(2);
    }

    @Test
    void findingsInLaterPiecesOfALongInputKeepTheirOffsets() throws Exception {
        String filler = "plain words only\n".repeat(ClassifyCli.PIECE / 17 + 10);
        String text = filler + "mail jane@example.com\n";
        assertThat(run(text)).isEqualTo(1);
        assertThat(lines()).singleElement().satisfies(line ->
                assertThat(line.get("start").asInt()).isEqualTo(text.indexOf("jane@")));
    }

    @Test
    void refusesBinaryInputUnknownOptionsAndMissingFiles(@TempDir Path dir) throws Exception {
        Path binary = Files.write(dir.resolve("blob.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThat(run("", binary.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not valid UTF-8");
        assertThat(run("", "--frobnicate")).isEqualTo(2);
        assertThat(run("", dir.resolve("missing.txt").toString())).isEqualTo(2);
    }

    @Test
    void readsTheGatewaysSettingsFromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("app.properties"), """
                tiergate.classify.allow-list.email-domains=tiergate.dev
                %local.tiergate.classify.detectors."acme".pattern=\\\\bAC-\\\\d{7}\\\\b
                %local.tiergate.classify.detectors."acme".keywords=AC-
                """);
        assertThat(run("ops@tiergate.dev AC-1234566", "--config", config.toString())).isZero();
        out.reset();
        assertThat(run("ops@tiergate.dev AC-1234566", "--config", config.toString(), "--profile", "local")).isEqualTo(1);
        assertThat(lines()).extracting(l -> l.get("type").asText() + "/" + l.get("tier").asInt()).containsExactly("EMAIL/1", "CUSTOMER_ID/2");
    }
}

package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Java list of the policy's reason codes is the list the Rego policies answer with, no more and no less. */
class ReasonCodesTest {

    /** A rule that adds a code to a decision's reasons ({@code deny contains "x"}), or a literal set of them ({@code {"x"}}). */
    private static final Pattern CODE = Pattern.compile("(?:\\b(?:deny|allow) contains \"([a-z0-9_]+)\")|(?::= \\{\"([a-z0-9_]+)\"\\})");

    @Test
    void javaListsExactlyTheReasonCodesOfTheRegoPolicies() throws IOException {
        assertThat(regoReasonCodes()).isNotEmpty().containsExactlyInAnyOrderElementsOf(ReasonCodes.POLICY);
    }

    @Test
    void gatewayCodesAreNotPolicyCodes() throws IOException {
        assertThat(regoReasonCodes()).doesNotContainAnyElementsOf(ReasonCodes.ENGINE_FAILURES)
                .doesNotContain(ReasonCodes.OBLIGATION_UNSUPPORTED);
    }

    private static Set<String> regoReasonCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.list(Processes.root().resolve("policies/tiergate"))) {
            for (Path rego : files.filter(p -> p.toString().endsWith(".rego") && !p.toString().endsWith("_test.rego")).toList()) {
                Matcher m = CODE.matcher(Files.readString(rego));
                while (m.find()) {
                    codes.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return codes;
    }
}

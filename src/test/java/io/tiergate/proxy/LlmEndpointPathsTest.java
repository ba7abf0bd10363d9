package io.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The one LLM handler's path template and the endpoint table stay in step. */
class LlmEndpointPathsTest {

    @Test
    void theHandlersTemplateNamesEveryEndpointAndNothingElse() {
        assertThat(LlmEndpoint.PATHS.split("\\|"))
                .containsExactlyInAnyOrder(Arrays.stream(LlmEndpoint.values()).map(LlmEndpoint::path).toArray(String[]::new));
    }

    @Test
    void findsEachEndpointByItsPath() {
        for (LlmEndpoint endpoint : LlmEndpoint.values()) {
            assertThat(LlmEndpoint.at(endpoint.path())).isSameAs(endpoint);
        }
        assertThatThrownBy(() -> LlmEndpoint.at("models")).isInstanceOf(IllegalArgumentException.class);
    }
}

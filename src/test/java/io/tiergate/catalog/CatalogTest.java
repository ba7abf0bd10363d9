package io.tiergate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.policy.Tier;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogTest {

    @Inject
    Catalog catalog;

    @Test
    void readsDatasetsAndRoutesFromConfiguration() {
        assertThat(catalog.dataset("tickets")).get().extracting(Dataset::tier).isEqualTo(Tier.TIER_2);
        assertThat(catalog.route("vendor")).get().satisfies(r -> {
            assertThat(r.external()).isTrue();
            assertThat(r.maxTier()).isEqualTo(Tier.TIER_1);
            assertThat(r.apiKey()).contains("vendor-upstream-key");
            assertThat(r.toString()).doesNotContain("vendor-upstream-key");
        });
        assertThat(catalog.dataset("nope")).isEmpty();
    }

    @Test
    void refusesAnExternalRouteClearedForTier2() {
        assertThatThrownBy(() -> Catalog.route("vendor", URI.create("https://api.example.com/v1"), 2, true, Optional.empty(), "", ""))
                .hasMessageContaining("'vendor' is external and must not receive Tier 2");
    }

    @Test
    void refusesUpstreamsThatAreNotHttp() {
        assertThatThrownBy(() -> Catalog.dataset("d", URI.create("file:///etc/passwd"), 1, "", ""))
                .hasMessageContaining("must be an absolute http(s) URL");
    }

    @Test
    void refusesOddNames() {
        assertThatThrownBy(() -> Catalog.route("Bad Name", URI.create("http://x/v1"), 1, false, Optional.empty(), "", ""))
                .hasMessageContaining("name 'Bad Name' is not valid");
    }
}

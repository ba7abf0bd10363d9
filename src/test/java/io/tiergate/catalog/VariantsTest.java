package io.tiergate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiergate.policy.Tier;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A route's variants as declared: checked at start, assigned per episode by weight, the same episode always to the same variant. */
class VariantsTest {

    /** One variant's declaration, as configuration would give it. */
    record Declared(Optional<URI> upstream, Optional<String> apiKey, Optional<String> model, Optional<String> systemPrompt,
            Map<String, String> parameters, Optional<Double> weight, Optional<Integer> tier, boolean external, boolean baseline,
            Optional<Double> shadowShare) implements CatalogConfig.VariantConfig {

        static Declared weighted(double weight) {
            return new Declared(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.of(weight),
                    Optional.empty(), false, false, Optional.empty());
        }

        Declared asBaseline() {
            return new Declared(upstream, apiKey, model, systemPrompt, parameters, weight, tier, external, true, shadowShare);
        }

        Declared externalAtTier(int t) {
            return new Declared(upstream, apiKey, model, systemPrompt, parameters, weight, Optional.of(t), true, baseline, shadowShare);
        }

        Declared shadowOf(double share) {
            return new Declared(upstream, apiKey, model, systemPrompt, parameters, weight, tier, external, baseline, Optional.of(share));
        }

        Declared withoutWeight() {
            return new Declared(upstream, apiKey, model, systemPrompt, parameters, Optional.empty(), tier, external, baseline, shadowShare);
        }

        Declared withParameter(String key, String value) {
            Map<String, String> more = new HashMap<>(parameters);
            more.put(key, value);
            return new Declared(upstream, apiKey, model, systemPrompt, more, weight, tier, external, baseline, shadowShare);
        }
    }

    static final LlmRoute ROUTE = Catalog.route("assistant", URI.create("http://llm.internal/v1"), 2, false, Optional.empty(), "", "");

    static Variants declare(Map<String, Declared> variants) {
        return Catalog.variants(ROUTE, new LinkedHashMap<>(variants));
    }

    @Test
    void assignsEpisodesWithinTwoPercentOfTheWeights() {
        Variants variants = declare(Map.of("internal", Declared.weighted(70).asBaseline(), "tuned", Declared.weighted(20),
                "vendor", Declared.weighted(10).externalAtTier(1)));
        Map<String, Integer> counts = new HashMap<>();
        int episodes = 10_000;
        for (int i = 0; i < episodes; i++) {
            counts.merge(variants.assign("assistant", "episode-" + i).name(), 1, Integer::sum);
        }
        assertThat(counts.get("internal") / (double) episodes).isBetween(0.68, 0.72);
        assertThat(counts.get("tuned") / (double) episodes).isBetween(0.18, 0.22);
        assertThat(counts.get("vendor") / (double) episodes).isBetween(0.08, 0.12);
    }

    @Test
    void assignsTheSameEpisodeToTheSameVariantEveryTime() {
        Map<String, Declared> declared = Map.of("a", Declared.weighted(1).asBaseline(), "b", Declared.weighted(1));
        Variants once = declare(declared);
        Variants again = declare(declared);
        for (int i = 0; i < 200; i++) {
            String episode = "episode-" + i;
            String first = once.assign("assistant", episode).name();
            for (int n = 0; n < 5; n++) {
                assertThat(again.assign("assistant", episode).name()).isEqualTo(first);
            }
        }
        // the route takes part in the hash: another route splits the same episodes differently
        long differs = java.util.stream.IntStream.range(0, 200).filter(i -> !once.assign("assistant", "episode-" + i).name()
                .equals(once.assign("other", "episode-" + i).name())).count();
        assertThat(differs).isGreaterThan(50);
    }

    @Test
    void aRouteWithoutVariantsIsItsOwnImplicitBaseline() {
        Variants implicit = ROUTE.variants();
        assertThat(implicit.declared()).isFalse();
        assertThat(implicit.assign("assistant", "anyone")).satisfies(v -> {
            assertThat(v.implicit()).isTrue();
            assertThat(v.baseline()).isTrue();
            assertThat(v.upstream()).isEqualTo(ROUTE.upstream());
            assertThat(v.maxTier()).isEqualTo(Tier.TIER_2);
            assertThat(v.setsRequest()).isFalse();
        });
        assertThat(ROUTE.policyResource(implicit.baseline(), null)).isEqualTo(ROUTE.policyResource());
    }

    @Test
    void givesThePolicyTheVariantItDecidesOn() {
        Variants variants = declare(Map.of("internal", Declared.weighted(1).asBaseline(), "vendor", Declared.weighted(1).externalAtTier(1)));
        Variant vendor = variants.named("vendor").orElseThrow();
        assertThat(ROUTE.policyResource(vendor, null).attributes().get("variant"))
                .isEqualTo(Map.of("name", "vendor", "tier", 1, "external", true, "baseline", false, "shadow", false));
        assertThat(ROUTE.policyResource(variants.baseline(), "vendor").attributes().get("variant"))
                .isEqualTo(Map.of("name", "internal", "tier", 2, "external", false, "baseline", true, "shadow", false,
                        "fallback_from", "vendor"));
    }

    @Test
    void keepsShadowsOutOfTheAssignment() {
        Variants variants = declare(Map.of("internal", Declared.weighted(1).asBaseline(),
                "candidate", Declared.weighted(1).withoutWeight().shadowOf(0.25)));
        assertThat(variants.shadows()).extracting(Variant::name).containsExactly("candidate");
        for (int i = 0; i < 100; i++) {
            assertThat(variants.assign("assistant", "e" + i).name()).isEqualTo("internal");
        }
    }

    @Test
    void refusesAnythingButExactlyOneBaseline() {
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1), "b", Declared.weighted(1))))
                .hasMessageContaining("declares 0 baseline variants");
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(), "b", Declared.weighted(1).asBaseline())))
                .hasMessageContaining("declares 2 baseline variants");
    }

    @Test
    void refusesWeightsThatAreNotPositive() {
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(), "b", Declared.weighted(0))))
                .hasMessageContaining("variants.\"b\".weight is 0.0").hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(-2).asBaseline())))
                .hasMessageContaining("variants.\"a\".weight is -2.0");
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(), "b", Declared.weighted(1).withoutWeight())))
                .hasMessageContaining("variants.\"b\".weight is missing");
    }

    @Test
    void refusesAnExternalVariantClearedForTier2() {
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(), "vendor", Declared.weighted(1).externalAtTier(2))))
                .hasMessageContaining("variants.\"vendor\" is external and must not receive Tier 2");
    }

    @Test
    void refusesAVariantClearedAboveItsRoute() {
        LlmRoute tier1 = Catalog.route("open", URI.create("http://llm.internal/v1"), 1, false, Optional.empty(), "", "");
        Declared tier2 = new Declared(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.of(1.0), Optional.of(2), false, true, Optional.empty());
        assertThatThrownBy(() -> Catalog.variants(tier1, Map.of("a", tier2))).hasMessageContaining("never above its route (1)");
    }

    @Test
    void refusesShadowsThatAreBaselinesOrWeightedOrOutOfRange() {
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(), "s", Declared.weighted(1).shadowOf(0.5))))
                .hasMessageContaining("both a weight and a shadow-share");
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(), "s", Declared.weighted(1).withoutWeight().shadowOf(1.5))))
                .hasMessageContaining("shadow-share is 1.5");
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline(),
                "s", Declared.weighted(1).withoutWeight().shadowOf(0.5).asBaseline())))
                .hasMessageContaining("cannot be the baseline");
    }

    @Test
    void readsParametersAsJsonValuesAndRefusesReservedOnes() {
        Variants variants = declare(Map.of("a", Declared.weighted(1).asBaseline().withParameter("temperature", "0.2")
                .withParameter("user_tag", "experiment-7")));
        Variant a = variants.baseline();
        assertThat(a.parameters().get("temperature").isNumber()).isTrue();
        assertThat(a.parameters().get("user_tag").textValue()).isEqualTo("experiment-7");
        assertThatThrownBy(() -> declare(Map.of("a", Declared.weighted(1).asBaseline().withParameter("messages", "[]"))))
                .hasMessageContaining("parameters.\"messages\" cannot be set");
    }
}

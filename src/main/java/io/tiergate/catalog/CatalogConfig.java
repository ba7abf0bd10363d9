package io.tiergate.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The datasets and LLM routes Tiergate fronts, declared in configuration. */
@ConfigMapping(prefix = "tiergate.catalog")
public interface CatalogConfig {

    /** Datasets by name: {@code tiergate.catalog.datasets."<name>".*}. */
    Map<String, DatasetConfig> datasets();

    /** LLM routes by name: {@code tiergate.catalog.routes."<name>".*}. */
    Map<String, RouteConfig> routes();

    /** What a dataset and an LLM route both declare: who owns it, what it is, and how Tier 2 access to it is granted. */
    interface EntryConfig {

        /** Owning team. */
        Optional<String> owner();

        /** What it holds or serves, for people browsing the catalog. */
        Optional<String> description();

        /** Longest Tier 2 grant the privacy team may give for it (ISO-8601 or e.g. {@code 7d}); at most a year. */
        @WithDefault("P30D")
        Duration maxGrantDuration();

        /** Distinct privacy approvers who must approve a request before a grant is made (N of N-of-M). */
        @WithDefault("1")
        @Min(1)
        @Max(10)
        int approvalsRequired();

        /**
         * Field-level tiers, by JSON pointer into the payload ({@code fields."/records/*&#47;email".tier=2});
         * {@code *} stands for every element of an array (or member of an object).
         */
        Map<String, FieldConfig> fields();

        /** Credential Tiergate sends upstream ({@code Authorization: Bearer}), so the service can refuse direct calls. */
        Optional<String> apiKey();
    }

    /** The tier of one field of a dataset's payload. */
    interface FieldConfig {

        /** 1 or 2. */
        @Min(1)
        @Max(2)
        int tier();
    }

    /** A dataset service. */
    interface DatasetConfig extends EntryConfig {

        /** Base URL of the dataset service; {@code GET /datasets/<name>/<path>} goes to {@code <upstream>/<path>}. */
        URI upstream();

        /** Tier of the data it holds: 1 or 2. */
        @Min(1)
        @Max(2)
        int tier();
    }

    /** An OpenAI-compatible LLM endpoint. */
    interface RouteConfig extends EntryConfig {

        /** Base URL of the OpenAI-compatible API (the part before {@code /chat/completions}). */
        URI upstream();

        /** Highest tier of content it may receive: 1 or 2. An external vendor route takes Tier 1 only. */
        @Min(1)
        @Max(2)
        int tier();

        /** Whether the model runs outside the company (an LLM vendor). */
        @WithDefault("false")
        boolean external();

        /**
         * Kinds of content the gateway cannot scan that this route may receive (e.g. {@code image} for a
         * self-hosted vision model), passed to the policy as {@code resource.attributes.accepts_unscannable};
         * none by default. Kinds: docs/POLICY-CONTRACT.md.
         */
        Optional<List<String>> acceptsUnscannable();

        /** Bearer credential Tiergate sends upstream; the caller's own token is never forwarded. */
        Optional<String> apiKey();

        /** Whether calls through the route may be captured at all ({@code off}: never); the policy decides how much. */
        @WithDefault("on")
        CaptureSwitch capture();

        /** Purposes whose calls through this route are never captured (e.g. {@code incident-response}). */
        Optional<List<String>> captureOffPurposes();

        /** Whether embeddings calls are captured (their inputs only). */
        @WithDefault("false")
        boolean captureEmbeddings();

        /** How long the route's captures are kept before the maintenance command drops them (at least a day). */
        @WithDefault("P30D")
        Duration captureRetention();

        /**
         * Declared tier (1 or 2) of the route's capture store, the dataset {@code captures/<name>}: who
         * may read and export its captures without a grant. Default: the route's tier. A Tier 1 store
         * never takes a full capture of Tier 2 content (the policy sees it as {@code capture_store_tier}).
         */
        Optional<Integer> captureTier();

        /**
         * Variants of the route's model, by name ({@code variants."<name>".*}): weighted, one of them the
         * baseline, others possibly shadows. None: the route is its own baseline, as without variants.
         */
        Map<String, VariantConfig> variants();
    }

    /**
     * One variant of a route's model (docs/ARCHITECTURE.md, "Variants"): where it runs, what it
     * answers with, what it is cleared for, and its share of the route's episodes (or, as a shadow,
     * of its calls).
     */
    interface VariantConfig {

        /** Base URL of the variant's OpenAI-compatible API; the route's by default. */
        Optional<URI> upstream();

        /** Bearer credential sent to the variant's upstream; the route's by default. */
        Optional<String> apiKey();

        /** The model the variant answers with (it replaces the caller's {@code model}); the caller's by default. */
        Optional<String> model();

        /** A system prompt put before the caller's messages (chat) or instructions (responses). */
        Optional<String> systemPrompt();

        /** Request parameters the variant sets, each a JSON value ({@code parameters."temperature"=0.2}). */
        Map<String, String> parameters();

        /** Its share of the route's episodes, relative to the other variants' weights (greater than 0); none on a shadow. */
        Optional<Double> weight();

        /** Highest tier of content it may receive, never above the route's; the route's by default. An external variant takes Tier 1 only. */
        Optional<Integer> tier();

        /** Whether the model runs outside the company (an LLM vendor). */
        @WithDefault("false")
        boolean external();

        /** Whether it is the route's baseline: what a call falls back to when the content is not cleared for its variant. */
        @WithDefault("false")
        boolean baseline();

        /** Share of the route's calls copied to it as a shadow (more than 0, at most 1): its answer is captured, never returned. */
        Optional<Double> shadowShare();
    }

    /** A route's capture switch, passed to the policy as {@code resource.attributes.capture}. */
    enum CaptureSwitch {
        on,
        off
    }
}

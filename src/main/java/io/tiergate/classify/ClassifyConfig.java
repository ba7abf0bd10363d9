package io.tiergate.classify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tiergate.policy.Tier;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the classification engine decides what is Tier 2. Read once at start-up into
 * {@link ClassifierSettings}, which refuses anything inconsistent (an unknown validator, a pattern
 * that does not compile, a custom detector without keywords) before the gateway takes traffic.
 */
@ConfigMapping(prefix = "tiergate.classify")
public interface ClassifyConfig {

    /**
     * Per finding type ({@code tiergate.classify.types."<TYPE>".tier}): the tier a finding of that
     * type gives a text. Unlisted types are Tier 2, except {@code SOURCE_CODE}, which is Tier 1
     * unless a customer-code marker is present (set it to 2 to treat all code as Tier 2).
     */
    Map<String, TypeConfig> types();

    /** Values that are Tier 1 although a detector finds them. */
    AllowList allowList();

    /** Literal markers of customer source code; any of them makes the code around it Tier 2 on its own. */
    CustomerCode customerCode();

    /**
     * Detectors added by configuration ({@code tiergate.classify.detectors."<name>".*}), e.g. the
     * organisation's customer identifiers: a pattern, an optional check digit, keywords, context words.
     */
    Map<String, CustomDetectorConfig> detectors();

    /** Longest text {@code POST /api/classify} accepts, in characters; longer is refused with 413. */
    @WithDefault("1000000")
    @Min(1)
    @Max(100_000_000)
    int maxTextChars();

    /**
     * Most time the engine spends on one text. Past it the engine stops and reports the text as
     * {@code UNSCANNED} (Tier 2), so that a hostile input cannot hold a worker thread.
     */
    @WithDefault("250ms")
    Duration timeBudget();

    /** Regions (ISO 3166 codes) whose national phone number formats are recognised; international (+...) formats always are. */
    @WithDefault("US,GB")
    List<String> phoneRegions();

    /** Lowest confidence at which a stretch of text is reported as {@code SOURCE_CODE}. */
    @WithDefault("0.5")
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    double sourceCodeMinScore();

    /** One finding type's settings. */
    interface TypeConfig {

        /** The tier a finding of this type gives a text: 1 or 2. */
        @Min(1)
        @Max(2)
        int tier();
    }

    /** Tier 1 exceptions to the detectors. */
    interface AllowList {

        /** The organisation's own e-mail domains (and their subdomains): addresses there are Tier 1. */
        Optional<List<String>> emailDomains();

        /** Whether loopback, private (RFC 1918, ULA), link-local and documentation IP addresses are Tier 1. */
        @WithDefault("true")
        boolean privateNetworks();
    }

    /** What identifies customer code, matched case-insensitively as literal text. */
    interface CustomerCode {

        /** Package or namespace prefixes of customer code, e.g. {@code com.acme.}. */
        Optional<List<String>> packagePrefixes();

        /** Names of customer repositories, e.g. {@code acme-billing}. */
        Optional<List<String>> repositories();

        /** Phrases of customer licence headers, e.g. {@code Copyright (c) Acme Corp}. */
        Optional<List<String>> licenceHeaders();
    }

    /** A detector defined by configuration. */
    interface CustomDetectorConfig {

        /** Finding type it reports (upper case, digits and underscores). */
        @WithDefault("CUSTOMER_ID")
        String type();

        /** RE2 syntax pattern (linear time); the whole match is the finding. */
        String pattern();

        /** Check on the matched digits: {@code none}, {@code luhn}, {@code mod97}, {@code mod11}. */
        @WithDefault("none")
        String validator();

        /** Literals one of which occurs in (or just before) every match: the detector runs only near them. */
        Optional<List<String>> keywords();

        /** Words one of which must occur shortly before a match (e.g. {@code customer}); they also serve as keywords. */
        Optional<List<String>> contextWords();

        /** How far before a match, in characters, a context word may stand. */
        @WithDefault("48")
        @Min(1)
        @Max(1000)
        int contextDistance();

        /** Longest match, in characters (bounds the window the pattern runs in). */
        @WithDefault("64")
        @Min(1)
        @Max(1000)
        int maxLength();

        /** Tier of its findings; defaults to the type's tier. */
        Optional<Integer> tier();

        /** Confidence reported on its findings. */
        @WithDefault("0.9")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double score();
    }
}

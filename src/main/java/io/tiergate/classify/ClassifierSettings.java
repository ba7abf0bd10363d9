package io.tiergate.classify;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tiergate.policy.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine needs to know, as plain values: built from {@link ClassifyConfig} in the
 * gateway, or from {@link #defaults()} (and the {@code with...} methods) in the CLI, benchmarks and
 * tests. The constructor checks consistency and refuses what cannot work, with the property to fix.
 */
public record ClassifierSettings(
        Map<String, Tier> tiers,
        List<String> tier1EmailDomains,
        boolean privateNetworksTier1,
        List<String> customerCodeMarkers,
        List<CustomDetector> customDetectors,
        int maxTextChars,
        Duration timeBudget,
        List<String> phoneRegions,
        double sourceCodeMinScore) {

    private static final java.util.regex.Pattern TYPE_NAME = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public ClassifierSettings {
        tiers = Map.copyOf(tiers);
        tier1EmailDomains = tier1EmailDomains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
        customerCodeMarkers = customerCodeMarkers.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        customDetectors = List.copyOf(customDetectors);
        phoneRegions = phoneRegions.stream().map(r -> r.trim().toUpperCase(Locale.ROOT)).toList();
        tiers.keySet().forEach(type -> requireTypeName(type, "tiergate.classify.types"));
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("tiergate.classify.time-budget must be positive, not " + timeBudget);
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("tiergate.classify.max-text-chars must be at least 1");
        }
        for (String region : phoneRegions) {
            if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
                throw new IllegalArgumentException("tiergate.classify.phone-regions: '" + region + "' is not a region libphonenumber knows");
            }
        }
    }

    /** The built-in defaults: every type Tier 2 except generic source code, no allow-listed domain, no markers. */
    public static ClassifierSettings defaults() {
        return new ClassifierSettings(Map.of(FindingTypes.SOURCE_CODE, Tier.TIER_1), List.of(), true, List.of(), List.of(),
                1_000_000, Duration.ofMillis(250), List.of("US", "GB"), 0.5);
    }

    /** Reads the configuration, refusing what is inconsistent. */
    public static ClassifierSettings from(ClassifyConfig config) {
        Map<String, Tier> tiers = new HashMap<>(defaults().tiers());
        config.types().forEach((type, t) -> tiers.put(type, Tier.of(t.tier())));
        List<String> markers = new ArrayList<>();
        config.customerCode().packagePrefixes().ifPresent(markers::addAll);
        config.customerCode().repositories().ifPresent(markers::addAll);
        config.customerCode().licenceHeaders().ifPresent(markers::addAll);
        List<CustomDetector> custom = new ArrayList<>();
        config.detectors().forEach((name, d) -> custom.add(CustomDetector.of(name, d.type(), d.pattern(), d.validator(),
                d.keywords().orElse(List.of()), d.contextWords().orElse(List.of()), d.contextDistance(), d.maxLength(),
                d.tier().map(Tier::of), d.score())));
        return new ClassifierSettings(tiers, config.allowList().emailDomains().orElse(List.of()),
                config.allowList().privateNetworks(), markers, custom, config.maxTextChars(), config.timeBudget(),
                config.phoneRegions(), config.sourceCodeMinScore());
    }

    public ClassifierSettings withTier1EmailDomains(List<String> domains) {
        return new ClassifierSettings(tiers, domains, privateNetworksTier1, customerCodeMarkers, customDetectors,
                maxTextChars, timeBudget, phoneRegions, sourceCodeMinScore);
    }

    public ClassifierSettings withCustomerCodeMarkers(List<String> markers) {
        return new ClassifierSettings(tiers, tier1EmailDomains, privateNetworksTier1, markers, customDetectors,
                maxTextChars, timeBudget, phoneRegions, sourceCodeMinScore);
    }

    public ClassifierSettings withCustomDetectors(List<CustomDetector> detectors) {
        return new ClassifierSettings(tiers, tier1EmailDomains, privateNetworksTier1, customerCodeMarkers, detectors,
                maxTextChars, timeBudget, phoneRegions, sourceCodeMinScore);
    }

    public ClassifierSettings withTimeBudget(Duration budget) {
        return new ClassifierSettings(tiers, tier1EmailDomains, privateNetworksTier1, customerCodeMarkers, customDetectors,
                maxTextChars, budget, phoneRegions, sourceCodeMinScore);
    }

    public ClassifierSettings withTier(String type, Tier tier) {
        Map<String, Tier> changed = new HashMap<>(tiers);
        changed.put(type, tier);
        return new ClassifierSettings(changed, tier1EmailDomains, privateNetworksTier1, customerCodeMarkers, customDetectors,
                maxTextChars, timeBudget, phoneRegions, sourceCodeMinScore);
    }

    /** Check digits a custom detector can require of its matches. */
    public enum Validator {
        NONE,
        /** Luhn (mod 10), as on payment cards. */
        LUHN,
        /** ISO 7064 mod 97-10, as in IBANs: letters count as 10..35. */
        MOD97,
        /** ISO 7064 mod 11-2, the last character a digit or X. */
        MOD11;

        static Validator of(String name, String detector) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tiergate.classify.detectors.\"" + detector + "\".validator: '" + name
                        + "' is not one of none, luhn, mod97, mod11");
            }
        }
    }

    /** A detector defined by configuration: a pattern, a check, keywords and context words. */
    public record CustomDetector(String name, String type, Pattern pattern, Validator validator, List<String> keywords,
            List<String> contextWords, int contextDistance, int maxLength, Optional<Tier> tier, double score) {

        public CustomDetector {
            keywords = List.copyOf(keywords);
            contextWords = contextWords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        }

        /** Builds one from its configured values, refusing a pattern that does not compile or a detector that could never be skipped. */
        public static CustomDetector of(String name, String type, String pattern, String validator, List<String> keywords,
                List<String> contextWords, int contextDistance, int maxLength, Optional<Tier> tier, double score) {
            String property = "tiergate.classify.detectors.\"" + name + "\"";
            requireTypeName(type, property + ".type");
            Pattern compiled;
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(property + ".pattern does not compile (RE2 syntax): " + e.getDescription());
            }
            if (keywords.isEmpty() && contextWords.isEmpty()) {
                throw new IllegalArgumentException(property + " needs keywords or context-words: the engine runs a "
                        + "detector only near them, so that most text is never matched against its pattern");
            }
            return new CustomDetector(name, type, compiled, Validator.of(validator, name), keywords, contextWords,
                    contextDistance, maxLength, tier, score);
        }
    }

    private static void requireTypeName(String type, String property) {
        if (!TYPE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException(property + ": finding type '" + type
                    + "' must be upper case letters, digits and underscores, e.g. CUSTOMER_ID");
        }
    }
}

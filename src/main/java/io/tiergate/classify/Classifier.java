package io.tiergate.classify;

import io.tiergate.classify.detect.BareKeyDetector;
import io.tiergate.classify.detect.CloudKeyDetector;
import io.tiergate.classify.detect.CustomPatternDetector;
import io.tiergate.classify.detect.EmailDetector;
import io.tiergate.classify.detect.GenericSecretDetector;
import io.tiergate.classify.detect.IbanDetector;
import io.tiergate.classify.detect.IpAddressDetector;
import io.tiergate.classify.detect.LabelledAddressDetector;
import io.tiergate.classify.detect.PostalBoxDetector;
import io.tiergate.classify.detect.NationalIdDetector;
import io.tiergate.classify.detect.PasswordDetector;
import io.tiergate.classify.detect.PaymentCardDetector;
import io.tiergate.classify.detect.PersonDetector;
import io.tiergate.classify.detect.PhoneDetector;
import io.tiergate.classify.detect.PrivateKeyDetector;
import io.tiergate.classify.detect.ProviderTokenDetector;
import io.tiergate.classify.detect.SourceCodeDetector;
import io.tiergate.classify.detect.StreetAddressDetector;
import io.tiergate.classify.detect.TokenDetector;
import io.tiergate.classify.detect.UkNinoDetector;
import io.tiergate.classify.detect.UsSsnDetector;
import io.tiergate.policy.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The classification engine: gives a text its tier and findings with their spans.
 *
 * <p>One Aho-Corasick pass ({@link KeywordAutomaton}) over the keywords of all detectors finds where each keyword occurs;
 * a detector with keywords runs only when one of them occurs, and only in windows around the
 * hits. Numeric detectors look only at windows around number runs of their size. Every pattern is RE2J (linear
 * time) and runs over windows of bounded length, and the engine checks its time budget before
 * each window: past the budget it stops and reports the text {@code UNSCANNED} (Tier 2).
 * Detectors run in the order an engineering organisation fears: credentials, customer code,
 * then personal data. They read the text normalised (NFKC, zero-width characters removed; see
 * {@link NormalizedText}), and findings are mapped back to the caller's text. Overlapping findings
 * are settled in favour of the higher tier, then the more specific type.
 *
 * <p>Thread-safe and immutable; build one per configuration (CDI does it in the gateway, see
 * {@link ClassifierProducer}; the CLI and benchmarks call the constructor).
 */
public final class Classifier {

    private final ClassifierSettings settings;
    private final List<Detector> detectors;
    private final boolean[] alwaysRuns;
    private final KeywordAutomaton keywords;
    /** The detectors interested in each keyword of {@link #keywords}, by the keyword's index. */
    private final int[][] detectorsByKeyword;
    private final LongSupplier ticker;
    private final Set<String> speculativeHoldTypes;

    /** The engine with its built-in defaults. */
    public Classifier() {
        this(ClassifierSettings.defaults());
    }

    public Classifier(ClassifierSettings settings) {
        this(settings, System::nanoTime);
    }

    /** With a clock of one's own, so that tests can make the time budget run out deterministically. */
    Classifier(ClassifierSettings settings, LongSupplier ticker) {
        this.settings = settings;
        this.ticker = ticker;
        this.detectors = builtInDetectors(settings);
        this.alwaysRuns = new boolean[detectors.size()];
        for (int i = 0; i < detectors.size(); i++) {
            alwaysRuns[i] = detectors.get(i).alwaysRuns();
        }
        Map<String, List<Integer>> byKeyword = new HashMap<>();
        for (int i = 0; i < detectors.size(); i++) {
            for (String keyword : detectors.get(i).keywords()) {
                byKeyword.computeIfAbsent(keyword.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            }
        }
        List<String> all = new ArrayList<>(byKeyword.keySet());
        this.keywords = new KeywordAutomaton(all);
        this.detectorsByKeyword = new int[all.size()][];
        for (int k = 0; k < all.size(); k++) {
            detectorsByKeyword[k] = byKeyword.get(all.get(k)).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
        Set<String> speculative = new TreeSet<>();
        detectors.forEach(d -> {
            if (d.speculativeHoldType() != null) {
                speculative.add(d.speculativeHoldType());
            }
        });
        this.speculativeHoldTypes = Set.copyOf(speculative);
        warmUp();
    }

    /**
     * Runs every detector once, without a budget that could run out: loading libphonenumber's
     * metadata and the name lists takes longer than a time budget, and must not make the first
     * real text come out {@code UNSCANNED}.
     */
    private void warmUp() {
        classify("Call +1 650-253-0000 or +44 20 7946 0958; mail jane@example.com; 4111 1111 1111 1111; "
                + "DE89 3704 0044 0532 0130 00; 123-45-6789; AB 12 34 56 C; 8.8.8.8; John Smith, 10 Downing Street. "
                + "password=x1y2z3w4 token ghp_x AKIA -----BEGIN PRIVATE KEY-----\nint x = 1;\n", Long.MAX_VALUE / 4);
    }

    private static List<Detector> builtInDetectors(ClassifierSettings settings) {
        List<Detector> list = new ArrayList<>(List.<Detector>of(
                new PrivateKeyDetector(), new CloudKeyDetector(), new TokenDetector(), new ProviderTokenDetector(), new PasswordDetector(),
                new GenericSecretDetector(), new BareKeyDetector(),
                new SourceCodeDetector(settings.customerCodeMarkers(), settings.sourceCodeMinScore()),
                new EmailDetector(settings.tier1EmailDomains()), new PaymentCardDetector(), new IbanDetector(),
                new UsSsnDetector(), new UkNinoDetector(), new NationalIdDetector(), new IpAddressDetector(settings.privateNetworksTier1()),
                new PhoneDetector(settings.phoneRegions()), new StreetAddressDetector(), new LabelledAddressDetector(), new PostalBoxDetector(), new PersonDetector()));
        settings.customDetectors().forEach(d -> list.add(new CustomPatternDetector(d)));
        return List.copyOf(list);
    }

    /** The longest tail of {@code text} any detector would hold back in a stream (see {@link Detector#holdBack}). */
    public Detector.Hold holdBack(String text) {
        return holdBack(text, Set.of());
    }

    /**
     * The longest tail of {@code text} any detector would hold back in a stream that also holds
     * speculatively for the finding types {@code speculative} (see {@link Detector#speculativeHoldBack}).
     */
    public Detector.Hold holdBack(String text, Set<String> speculative) {
        Detector.Hold longest = Detector.Hold.NONE;
        for (Detector detector : detectors) {
            String type = detector.speculativeHoldType();
            Detector.Hold hold = type != null && speculative.contains(type) ? detector.speculativeHoldBack(text) : detector.holdBack(text);
            if (hold.chars() > longest.chars()) {
                longest = hold;
            }
        }
        return longest;
    }

    /** The keywords of all detectors (lower case), as the keyword pass reads them; for benchmarks. */
    public List<String> keywords() {
        List<String> all = new ArrayList<>();
        for (int k = 0; k < detectorsByKeyword.length; k++) {
            all.add(keywords.keyword(k));
        }
        return all;
    }

    /** The finding types some detector can hold speculatively ({@link Detector#speculativeHoldType}). */
    public Set<String> speculativeHoldTypes() {
        return speculativeHoldTypes;
    }

    public ClassifierSettings settings() {
        return settings;
    }

    /** Classifies one text within the configured time budget; an empty text is clean. */
    public Classification classify(String text) {
        return classify(text, settings.timeBudget().toNanos());
    }

    /** Classifies one text within {@code budgetNanos}. */
    public Classification classify(String text, long budgetNanos) {
        if (text == null || text.isEmpty()) {
            return Classification.CLEAN;
        }
        Budget budget = new Budget(ticker, budgetNanos);
        NormalizedText normalized = NormalizedText.of(text);
        Scan scan = new Scan(normalized.text(), budget, detectors.size());
        keywords.occurrences(normalized.text(), (start, keyword) -> {
            for (int d : detectorsByKeyword[keyword]) {
                scan.record(d, start, keywords.keyword(keyword));
            }
        });
        Findings findings = new Findings(settings.tiers());
        for (int i = 0; i < detectors.size() && !budget.exceeded(); i++) {
            Detector detector = detectors.get(i);
            if (!alwaysRuns[i] && !scan.hasHits(i)) {
                continue;
            }
            scan.runningDetector(i);
            detector.detect(scan, findings);
        }
        List<Finding> settled = new ArrayList<>();
        for (Finding f : Overlaps.settle(findings.all())) {
            settled.add(normalized.toOriginal(f));
        }
        if (budget.exceeded()) {
            settled.add(new Finding(FindingTypes.UNSCANNED, 0, text.length(), 1.0, "time-budget", Tier.TIER_2));
        }
        return Classification.of(settled);
    }
}

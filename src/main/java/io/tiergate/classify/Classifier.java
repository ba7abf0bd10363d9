package io.tiergate.classify;

import io.tiergate.classify.detect.AwsAccessKeyDetector;
import io.tiergate.classify.detect.EmailDetector;
import io.tiergate.classify.detect.PaymentCardDetector;
import io.tiergate.classify.detect.PrivateKeyDetector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Classifies text: one Aho-Corasick pass over the keywords of all detectors decides which
 * detectors can match at all, so most patterns never run; then the chosen detectors report
 * their findings. Any finding makes the text Tier 2 (every type known today is Tier 2).
 */
@ApplicationScoped
public class Classifier {

    private final List<Detector> alwaysRun = new ArrayList<>();
    private final List<Detector> keyworded = new ArrayList<>();
    private final Trie keywords;

    public Classifier() {
        this(List.of(new EmailDetector(), new PaymentCardDetector(), new PrivateKeyDetector(), new AwsAccessKeyDetector()));
    }

    public Classifier(List<Detector> detectors) {
        var trie = Trie.builder().ignoreCase();
        for (Detector detector : detectors) {
            if (detector.keywords().isEmpty()) {
                alwaysRun.add(detector);
            } else {
                keyworded.add(detector);
                detector.keywords().forEach(trie::addKeyword);
            }
        }
        this.keywords = trie.build();
    }

    /** Classifies one text; an empty text is clean. */
    public Classification classify(String text) {
        if (text == null || text.isEmpty()) {
            return Classification.CLEAN;
        }
        List<Finding> findings = new ArrayList<>();
        alwaysRun.forEach(d -> d.detect(text, findings::add));
        Set<String> present = keywordsIn(text);
        for (Detector detector : keyworded) {
            if (detector.keywords().stream().anyMatch(k -> present.contains(k.toLowerCase(Locale.ROOT)))) {
                detector.detect(text, findings::add);
            }
        }
        if (findings.isEmpty()) {
            return Classification.CLEAN;
        }
        findings.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
        return new Classification(Tier.TIER_2, findings);
    }

    private Set<String> keywordsIn(String text) {
        Set<String> present = new HashSet<>();
        for (Emit emit : keywords.parseText(text)) {
            present.add(emit.getKeyword().toLowerCase(Locale.ROOT));
        }
        return present;
    }
}

package io.tiergate.classify.detect;

import io.tiergate.classify.Detector;
import java.util.Set;

/** What every built-in detector declares the same way: the name on its findings and the keywords the prefilter looks for. */
abstract class NamedDetector implements Detector {

    private final String name;
    private final Set<String> keywords;

    /** A detector without keywords: it runs on every text and finds its own way in. */
    NamedDetector(String name) {
        this(name, Set.of());
    }

    NamedDetector(String name, Set<String> keywords) {
        this.name = name;
        this.keywords = Set.copyOf(keywords);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> keywords() {
        return keywords;
    }
}

package io.tiergate.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Settles overlapping findings: of two that overlap, the higher tier wins (a card number inside an
 * allow-listed e-mail address is reported), then the more specific type (a credential over personal
 * data over names and addresses), then the longer span, then the higher score.
 * Source code and unscanned spans contain other findings and take part in no contest.
 */
final class Overlaps {

    private Overlaps() {
    }

    static List<Finding> settle(List<Finding> findings) {
        List<Finding> containers = new ArrayList<>();
        List<Finding> candidates = new ArrayList<>();
        for (Finding f : findings) {
            (FindingTypes.isContainer(f.type()) ? containers : candidates).add(f);
        }
        candidates.sort(Comparator.comparingInt(Finding::start));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : candidates) {
            boolean keep = true;
            for (int j = kept.size() - 1; j >= 0 && keep; j--) {
                Finding k = kept.get(j);
                if (k.end() <= f.start()) {
                    break; // kept findings do not overlap each other, so none before this one reaches f
                }
                if (beats(f, k)) {
                    kept.remove(j);
                } else {
                    keep = false;
                }
            }
            if (keep) {
                kept.add(f);
            }
        }
        kept.addAll(containers);
        return kept;
    }

    private static boolean beats(Finding a, Finding b) {
        if (a.tier() != b.tier()) {
            return a.tier().level() > b.tier().level();
        }
        int pa = FindingTypes.precedence(a.type());
        int pb = FindingTypes.precedence(b.type());
        if (pa != pb) {
            return pa > pb;
        }
        int la = a.end() - a.start();
        int lb = b.end() - b.start();
        if (la != lb) {
            return la > lb;
        }
        return a.score() > b.score();
    }
}

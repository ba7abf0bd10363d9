package io.tiergate.proxy.scan;

import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Redactor;
import io.tiergate.policy.Tier;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.proxy.scan.RequestDocument.Piece;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Classifies every piece of a request document, and the pieces joined in document order, so that
 * a secret split over two messages, parts or fields is found too.
 *
 * <p>Time: each piece gets a share of the classifier's time budget in proportion to its length,
 * with the time earlier pieces left over passed on, and never less than a quarter of the budget (a loaded machine must not turn a short text into {@code UNSCANNED}): one huge
 * message cannot use up the budget of the others (it comes out {@code UNSCANNED} alone). The
 * joined scan looks only at the text around each junction between two pieces (up to
 * {@value #JUNCTION_REACH} characters either side, the reach of every detector's window), with a
 * budget of its own, and keeps only findings that cross a junction and that no piece holds on its own.
 */
public final class DocumentScanner {

    /** Characters either side of a junction between two pieces that the joined scan looks at. */
    static final int JUNCTION_REACH = 256;

    /** Prose-level types (names, addresses, code) are judged per piece; a junction only joins secrets and identifiers. */
    private static final Set<String> PIECE_LEVEL_TYPES = Set.of(FindingTypes.PERSON, FindingTypes.STREET_ADDRESS,
            FindingTypes.SOURCE_CODE);

    private final Classifier classifier;

    public DocumentScanner(Classifier classifier) {
        this.classifier = classifier;
    }

    /** A finding of the joined scan, and the part of it each piece holds. */
    public record Joined(Finding finding, List<Part> parts) {
    }

    /** The span {@code [start, end)} of piece number {@code piece} that a joined finding covers. */
    public record Part(int piece, int start, int end) {
    }

    /** The verdict on a whole document: per piece, the joined findings, and all of them together. */
    public record Result(RequestDocument document, List<Classification> perPiece, List<Joined> joined,
            Classification overall) {

        /** What the policy sees of it. */
        public Content content(long bytes) {
            return new Content(overall.tier().level(), overall.counts(), bytes, document.unscannable());
        }

        /** Pointers of the pieces holding findings, by type, in document order (keys the API does not name shown as {@code *}). */
        public List<String> pointersOf(String type) {
            List<String> pointers = new ArrayList<>();
            for (int i = 0; i < perPiece.size(); i++) {
                int index = i;
                boolean holds = perPiece.get(i).findings().stream().anyMatch(f -> f.type().equals(type))
                        || joined.stream().anyMatch(j -> j.finding().type().equals(type)
                                && j.parts().stream().anyMatch(p -> p.piece() == index));
                if (holds) {
                    pointers.add(Pointers.safe(document.pieces().get(i).pointer()));
                }
            }
            return pointers;
        }

        /**
         * Replaces every Tier 2 finding of the given types where it sits (inside JSON held in a
         * string too), with placeholders consistent across the request.
         */
        public void redact(Set<String> types) {
            Redactor redactor = new Redactor();
            List<Piece> pieces = document.pieces();
            for (int i = 0; i < pieces.size(); i++) {
                List<Finding> findings = new ArrayList<>(perPiece.get(i).findings());
                for (Joined j : joined) {
                    for (Part part : j.parts()) {
                        if (part.piece() == i) {
                            Finding f = j.finding();
                            findings.add(new Finding(f.type(), part.start(), part.end(), f.score(), f.detector(), f.tier()));
                        }
                    }
                }
                if (!findings.isEmpty()) {
                    Piece piece = pieces.get(i);
                    document.replace(piece, redactor.redact(piece.text(), findings,
                            f -> types.contains(f.type()) && f.tier() == Tier.TIER_2));
                }
            }
        }
    }

    /** Classifies the document's pieces and their junctions. */
    public Result scan(RequestDocument document) {
        List<Piece> pieces = document.pieces();
        long budget = classifier.settings().timeBudget().toNanos();
        long total = 0;
        for (Piece piece : pieces) {
            total += piece.text().length();
        }
        long floor = budget / 4;
        long start = System.nanoTime();
        long covered = 0;
        List<Classification> perPiece = new ArrayList<>(pieces.size());
        List<Finding> all = new ArrayList<>();
        for (Piece piece : pieces) {
            covered += piece.text().length();
            long share = total == 0 ? budget : (long) (budget * ((double) covered / total));
            long left = start + share - System.nanoTime();
            Classification c = classifier.classify(piece.text(), Math.max(left, floor));
            perPiece.add(c);
            all.addAll(c.findings());
        }
        List<Joined> joined = pieces.size() < 2 ? List.of() : joinedFindings(pieces, perPiece, budget);
        joined.forEach(j -> all.add(j.finding()));
        return new Result(document, perPiece, joined, Classification.of(all));
    }

    /**
     * One window per junction: the end of the piece before it, glued to the pieces after it (as
     * many as {@value #JUNCTION_REACH} characters reach). Only the piece before the junction is on
     * the left, so that no earlier text glued in front hides where a secret starts; a finding is
     * kept when it starts in that piece and runs on past the junction.
     */
    private List<Joined> joinedFindings(List<Piece> pieces, List<Classification> perPiece, long budget) {
        int n = pieces.size();
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + pieces.get(i).text().length();
        }
        long floor = budget / 4;
        long start = System.nanoTime();
        List<Joined> joined = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            String before = pieces.get(k - 1).text();
            if (before.isEmpty() || offsets[k] == offsets[n]) {
                continue;
            }
            int left = Math.min(before.length(), JUNCTION_REACH);
            StringBuilder window = new StringBuilder(left + JUNCTION_REACH).append(before, before.length() - left, before.length());
            for (int i = k; i < n && window.length() < left + JUNCTION_REACH; i++) {
                String after = pieces.get(i).text();
                window.append(after, 0, Math.min(after.length(), left + JUNCTION_REACH - window.length()));
            }
            long share = (long) (budget * ((double) k / (n - 1)));
            long remaining = Math.max(floor, start + share - System.nanoTime());
            int origin = offsets[k] - left;
            for (Finding f : classifier.classify(window.toString(), remaining).findings()) {
                if (f.start() < left && f.end() > left && !PIECE_LEVEL_TYPES.contains(f.type())) {
                    Finding at = f.shifted(origin);
                    List<Part> parts = parts(at, offsets);
                    if (!heldByAPiece(at, parts, perPiece)) {
                        joined.add(new Joined(at, parts));
                    }
                }
            }
        }
        return joined;
    }

    private static List<Part> parts(Finding f, int[] offsets) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < offsets.length - 1; i++) {
            int from = Math.max(f.start(), offsets[i]);
            int to = Math.min(f.end(), offsets[i + 1]);
            if (from < to) {
                parts.add(new Part(i, from - offsets[i], to - offsets[i]));
            }
        }
        return parts;
    }

    /** A finding one of its pieces holds on its own already (the joined text only ran on past its end). */
    private static boolean heldByAPiece(Finding f, List<Part> parts, List<Classification> perPiece) {
        for (Part part : parts) {
            for (Finding own : perPiece.get(part.piece()).findings()) {
                if (own.type().equals(f.type()) && own.start() < part.end() && part.start() < own.end()) {
                    return true;
                }
            }
        }
        return false;
    }
}

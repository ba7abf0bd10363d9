package io.tiergate.proxy.scan;

import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Redactor;
import io.tiergate.classify.Tier;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.proxy.scan.RequestDocument.Piece;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Classifies every piece of a request document, and the pieces joined in document order, so that
 * a secret split over two messages, parts or fields is found too.
 *
 * <p>Time: each piece gets a share of the classifier's time budget in proportion to its length,
 * with the time earlier pieces left over passed on, and never less than a quarter of the budget (a loaded machine must not turn a short text into {@code UNSCANNED}): one huge
 * message cannot use up the budget of the others (it comes out {@code UNSCANNED} alone). The
 * joined scan looks only at the text around each junction between two pieces ({@value #JUNCTION_REACH}
 * characters either side, the reach of every detector's window), with a budget of its own, and keeps
 * only findings that cross a junction and that neither piece holds on its own.
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

    private List<Joined> joinedFindings(List<Piece> pieces, List<Classification> perPiece, long budget) {
        int n = pieces.size();
        int[] offsets = new int[n + 1];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            offsets[i] = text.length();
            text.append(pieces.get(i).text());
        }
        offsets[n] = text.length();
        int[] junctions = Arrays.stream(offsets, 1, n).filter(p -> p > 0 && p < text.length()).distinct().toArray();
        if (junctions.length == 0) {
            return List.of();
        }
        List<int[]> ranges = ranges(junctions, text.length());
        long total = ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
        List<Joined> joined = new ArrayList<>();
        for (int[] range : ranges) {
            long share = Math.max(budget / 4, (long) (budget * ((double) (range[1] - range[0]) / total)));
            for (Finding f : classifier.classify(text.substring(range[0], range[1]), share).findings()) {
                Finding at = f.shifted(range[0]);
                if (!PIECE_LEVEL_TYPES.contains(at.type()) && crossesJunction(at, junctions)) {
                    List<Part> parts = parts(at, offsets);
                    if (!heldByAPiece(at, parts, perPiece)) {
                        joined.add(new Joined(at, parts));
                    }
                }
            }
        }
        return joined;
    }

    /** The windows around the junctions, overlapping ones merged. */
    private static List<int[]> ranges(int[] junctions, int length) {
        List<int[]> ranges = new ArrayList<>();
        for (int p : junctions) {
            int from = Math.max(0, p - JUNCTION_REACH);
            int to = Math.min(length, p + JUNCTION_REACH);
            int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && from <= last[1]) {
                last[1] = Math.max(last[1], to);
            } else {
                ranges.add(new int[] {from, to});
            }
        }
        return ranges;
    }

    private static boolean crossesJunction(Finding f, int[] junctions) {
        int i = Arrays.binarySearch(junctions, f.start() + 1);
        int next = i >= 0 ? i : -i - 1;
        return next < junctions.length && junctions[next] < f.end();
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

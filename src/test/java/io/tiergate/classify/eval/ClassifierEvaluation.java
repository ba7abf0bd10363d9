package io.tiergate.classify.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision, recall and F1 per finding type of the classifier on the labelled corpus in
 * {@code bench/classify/corpus}, and the accuracy of telling source code from prose.
 *
 * <p>A finding matches a labelled span of the same type when the two overlap; each labelled span
 * is matched at most once. Unmatched findings are false positives, unmatched spans false negatives.
 * Code vs prose: a sample counts as code when the classifier reports any {@code SOURCE_CODE}. The code and
 * prose samples are not labelled for other types; what else is found in them is counted apart
 * ({@link Report#unlabelled()}), to be inspected by hand.
 *
 * <p>{@code bench/classify/evaluate.sh} runs {@link #main}; {@code ClassifierAccuracyTest} holds the
 * engine to the targets on the same corpus.
 */
public final class ClassifierEvaluation {

    /** The targets: precision and recall per group of types. */
    public static final Map<String, double[]> TARGETS = targets();

    /** Counts for one type. */
    public static final class Score {
        int tp;
        int fp;
        int fn;

        public double precision() {
            return tp + fp == 0 ? 1.0 : tp / (double) (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 1.0 : tp / (double) (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public int support() {
            return tp + fn;
        }
    }

    /** The outcome: a score per type, and the code-vs-prose confusion counts. */
    public record Report(Map<String, Score> scores, int codeAsCode, int codeAsProse, int proseAsProse, int proseAsCode,
            Map<String, Integer> unlabelled, int samples, long nanos) {

        public double codeAccuracy() {
            int total = codeAsCode + codeAsProse + proseAsProse + proseAsCode;
            return total == 0 ? 1.0 : (codeAsCode + proseAsProse) / (double) total;
        }
    }

    private ClassifierEvaluation() {
    }

    public static Report evaluate(Classifier classifier, Path corpus) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Score> scores = new TreeMap<>();
        Map<String, Integer> unlabelled = new TreeMap<>();
        int[] code = new int[4];
        int samples = 0;
        long nanos = 0;
        try (var files = Files.list(corpus)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode sample = json.readTree(line);
                    String text = sample.get("text").asText();
                    long started = System.nanoTime();
                    Classification result = classifier.classify(text);
                    nanos += System.nanoTime() - started;
                    samples++;
                    if ("code".equals(sample.get("task").asText())) {
                        boolean isCode = "code".equals(sample.get("kind").asText());
                        boolean saidCode = result.findings().stream().anyMatch(f -> f.type().equals(FindingTypes.SOURCE_CODE));
                        code[(isCode ? 0 : 2) + (isCode == saidCode ? 0 : 1)]++;
                        // unlabelled real code and prose: other findings are counted apart, to be inspected
                        result.findings().stream().filter(f -> !FindingTypes.SOURCE_CODE.equals(f.type()))
                                .forEach(f -> unlabelled.merge(f.type() + "/tier" + f.tier().level(), 1, Integer::sum));
                    } else {
                        score(sample.get("spans"), result.findings(), scores);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Report(scores, code[0], code[1], code[2], code[3], unlabelled, samples, nanos);
    }

    private static void score(JsonNode spans, List<Finding> findings, Map<String, Score> scores) {
        List<JsonNode> gold = new ArrayList<>();
        spans.forEach(gold::add);
        boolean[] matched = new boolean[gold.size()];
        for (Finding f : findings) {
            if (FindingTypes.SOURCE_CODE.equals(f.type()) || FindingTypes.UNSCANNED.equals(f.type())) {
                continue; // judged on the code-vs-prose samples
            }
            Score score = scores.computeIfAbsent(f.type(), t -> new Score());
            boolean hit = false;
            for (int i = 0; i < gold.size() && !hit; i++) {
                JsonNode g = gold.get(i);
                if (!matched[i] && g.get("type").asText().equals(f.type())
                        && f.start() < g.get("end").asInt() && g.get("start").asInt() < f.end()) {
                    matched[i] = hit = true;
                }
            }
            if (hit) {
                score.tp++;
            } else {
                score.fp++;
            }
        }
        for (int i = 0; i < gold.size(); i++) {
            if (!matched[i]) {
                scores.computeIfAbsent(gold.get(i).get("type").asText(), t -> new Score()).fn++;
            }
        }
    }

    /** The report as a Markdown table, with each type's target and whether it is met. */
    public static String markdown(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("| type | support | TP | FP | FN | precision | recall | F1 | target P / R | met |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        report.scores().forEach((type, s) -> {
            double[] target = TARGETS.getOrDefault(type, new double[] {0, 0});
            boolean met = s.precision() >= target[0] && s.recall() >= target[1];
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f | %.3f | %s | %s |%n", type, s.support(),
                    s.tp, s.fp, s.fn, s.precision(), s.recall(), s.f1(),
                    target[0] == 0 ? "none set" : String.format(Locale.ROOT, "%.2f / %.2f", target[0], target[1]),
                    target[0] == 0 ? "—" : met ? "yes" : "**no**"));
        });
        out.append(String.format(Locale.ROOT, "%nSource code vs prose: accuracy %.3f (target 0.95): code found in %d of %d code samples, "
                + "in %d of %d prose samples.%n", report.codeAccuracy(), report.codeAsCode(),
                report.codeAsCode() + report.codeAsProse(), report.proseAsCode(), report.proseAsProse() + report.proseAsCode()));
        out.append(String.format(Locale.ROOT, "%nOther findings in the (unlabelled) code and prose samples: %s%n",
                report.unlabelled().isEmpty() ? "none" : report.unlabelled()));
        out.append(String.format(Locale.ROOT, "%n%d samples classified in %.0f ms.%n", report.samples(), report.nanos() / 1e6));
        return out.toString();
    }

    private static Map<String, double[]> targets() {
        Map<String, double[]> t = new TreeMap<>();
        for (String structured : List.of("EMAIL", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "IP_ADDRESS")) {
            t.put(structured, new double[] {0.97, 0.97});
        }
        t.put("PHONE", new double[] {0.9, 0.9});
        for (String credential : FindingTypes.CREDENTIALS) {
            t.put(credential, new double[] {0.9, 0.9});
        }
        return t;
    }

    /** Prints the table for the corpus in {@code args[0]} (default {@code bench/classify/corpus}). */
    public static void main(String[] args) {
        Path corpus = Path.of(args.length > 0 ? args[0] : "bench/classify/corpus");
        Classifier classifier = new Classifier();
        System.out.print(markdown(evaluate(classifier, corpus)));
    }
}

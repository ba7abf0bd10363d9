package io.tiergate.classify.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Precision and recall per finding type of the classifier on one split ({@code dev} or {@code test})
 * of the labelled corpora in {@code bench/classify/corpus/<split>/}, and the accuracy of telling
 * source code from prose.
 *
 * <p>A finding matches a labelled span of the same type when the two overlap; each labelled span
 * is matched at most once. Unmatched findings are false positives, unmatched spans false negatives.
 * In the personal-data corpus the personal-data types are scored; in the credential corpus every
 * credential type counts as {@code CREDENTIAL} (the corpus labels what is a secret, not which of
 * Tiergate's types it is, so that other tools are scored the same way). Code vs prose: a sample
 * counts as code when the classifier reports any {@code SOURCE_CODE}. No score is given for nothing
 * measured: a type without findings has no precision (NaN), which meets no floor.
 *
 * <p>{@code bench/classify/evaluate.sh} runs {@link #main} (and the other tools, side by side);
 * {@code ClassifierAccuracyTest} holds the engine to the floors on the test split.
 */
public final class ClassifierEvaluation {

    public static final String CREDENTIAL = "CREDENTIAL";
    static final Set<String> PII_TYPES = Set.of(FindingTypes.EMAIL, FindingTypes.PHONE, FindingTypes.PAYMENT_CARD,
            FindingTypes.IBAN, FindingTypes.US_SSN, FindingTypes.UK_NINO, FindingTypes.IP_ADDRESS, FindingTypes.NATIONAL_ID,
            FindingTypes.PERSON, FindingTypes.STREET_ADDRESS);

    /** The issue's floors: precision and recall per type (and for credentials as one group). */
    public static final Map<String, double[]> FLOORS = floors();
    /** Source code vs prose. */
    public static final double CODE_ACCURACY_FLOOR = 0.97;

    /** Counts for one type. */
    public static final class Score {
        int tp;
        int fp;
        int fn;

        /** Share of findings that were right; NaN when nothing was found (no score for nothing measured, and NaN meets no floor). */
        public double precision() {
            return tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
        }

        /** Share of labelled spans found; NaN when there was none. */
        public double recall() {
            return tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn);
        }

        public int support() {
            return tp + fn;
        }

        public int truePositives() {
            return tp;
        }

        public int falsePositives() {
            return fp;
        }
    }

    /** The outcome on one split: a score per type, the code-vs-prose confusion counts, and the engine's CPU time. */
    public record Report(String split, Map<String, Score> scores, int codeAsCode, int codeAsProse, int proseAsProse,
            int proseAsCode, int samples, long bytes, long cpuNanos, Map<String, long[]> perTask) {

        /** NaN when no code or prose sample was classified. */
        public double codeAccuracy() {
            int total = codeAsCode + codeAsProse + proseAsProse + proseAsCode;
            return total == 0 ? Double.NaN : (codeAsCode + proseAsProse) / (double) total;
        }

        /** MB (10^6 bytes of UTF-8) classified per second of one core's CPU time. */
        public double megabytesPerCoreSecond() {
            return cpuNanos == 0 ? Double.NaN : bytes / 1e6 / (cpuNanos / 1e9);
        }
    }

    private ClassifierEvaluation() {
    }

    /** Evaluates the classifier on {@code corpus/<split>/*.jsonl}; with {@code findingsOut}, also writes each sample's findings there. */
    public static Report evaluate(Classifier classifier, Path corpus, String split, Path findingsOut) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> samples = read(json, corpus.resolve(split));
        if (samples.isEmpty()) {
            throw new IllegalStateException("no samples in " + corpus.resolve(split));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (JsonNode sample : samples) {
            classifier.classify(sample.get("text").asText()); // warm-up: the measured pass runs compiled code
        }
        Map<String, Score> scores = new TreeMap<>();
        int[] code = new int[4];
        long bytes = 0;
        long cpuNanos = 0;
        List<ObjectNode> out = new ArrayList<>();
        Map<String, long[]> perTask = new TreeMap<>();
        for (JsonNode sample : samples) {
            String text = sample.get("text").asText();
            long started = cpu.getCurrentThreadCpuTime();
            Classification result = classifier.classify(text);
            long spent = cpu.getCurrentThreadCpuTime() - started;
            cpuNanos += spent;
            int size = text.getBytes(StandardCharsets.UTF_8).length;
            bytes += size;
            String task = sample.get("task").asText();
            long[] t = perTask.computeIfAbsent(task, k -> new long[2]);
            t[0] += size;
            t[1] += spent;
            if ("code".equals(task)) {
                boolean isCode = "code".equals(sample.get("kind").asText());
                boolean saidCode = result.findings().stream().anyMatch(f -> f.type().equals(FindingTypes.SOURCE_CODE));
                code[(isCode ? 0 : 2) + (isCode == saidCode ? 0 : 1)]++;
            } else {
                score(sample.get("spans"), scoredFindings(task, result.findings()), scores);
            }
            if (findingsOut != null) {
                ObjectNode line = json.createObjectNode().put("id", sample.get("id").asText());
                ArrayNode found = line.putArray("findings");
                result.findings().forEach(f -> found.addObject().put("type", f.type()).put("start", f.start()).put("end", f.end()));
                out.add(line);
            }
        }
        if (findingsOut != null) {
            write(json, findingsOut, out);
        }
        return new Report(split, scores, code[0], code[1], code[2], code[3], samples.size(), bytes, cpuNanos, perTask);
    }

    /** The findings a task is scored on, by the type the corpus labels them with. */
    static List<String[]> scoredFindings(String task, List<Finding> findings) {
        List<String[]> scored = new ArrayList<>();
        for (Finding f : findings) {
            String type = "credentials".equals(task)
                    ? (FindingTypes.CREDENTIALS.contains(f.type()) ? CREDENTIAL : null)
                    : (PII_TYPES.contains(f.type()) ? f.type() : null);
            if (type != null) {
                scored.add(new String[] {type, Integer.toString(f.start()), Integer.toString(f.end())});
            }
        }
        return scored;
    }

    private static void score(JsonNode spans, List<String[]> findings, Map<String, Score> scores) {
        List<JsonNode> gold = new ArrayList<>();
        spans.forEach(gold::add);
        boolean[] matched = new boolean[gold.size()];
        for (String[] f : findings) {
            int start = Integer.parseInt(f[1]);
            int end = Integer.parseInt(f[2]);
            Score score = scores.computeIfAbsent(f[0], t -> new Score());
            boolean hit = false;
            for (int i = 0; i < gold.size() && !hit; i++) {
                JsonNode g = gold.get(i);
                if (!matched[i] && g.get("type").asText().equals(f[0]) && start < g.get("end").asInt() && g.get("start").asInt() < end) {
                    matched[i] = hit = true;
                }
            }
            if (hit) {
                score.tp++;
            } else {
                boolean sameSpanAlreadyMatched = false;
                for (int i = 0; i < gold.size() && !sameSpanAlreadyMatched; i++) {
                    JsonNode g = gold.get(i);
                    sameSpanAlreadyMatched = matched[i] && g.get("type").asText().equals(f[0])
                            && start >= g.get("start").asInt() && end <= g.get("end").asInt();
                }
                if (!sameSpanAlreadyMatched) {
                    score.fp++; // a second piece of one labelled span (the two lines of an address) is not a false positive
                }
            }
        }
        for (int i = 0; i < gold.size(); i++) {
            if (!matched[i]) {
                scores.computeIfAbsent(gold.get(i).get("type").asText(), t -> new Score()).fn++;
            }
        }
    }

    /** The report as a Markdown table, with each type's floor and whether it is met. */
    public static String markdown(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("Split ").append(report.split()).append(":\n\n");
        out.append("| type | support | TP | FP | FN | precision | recall | floor P / R | met |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        report.scores().forEach((type, s) -> {
            double[] floor = FLOORS.get(type);
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s | %s |%n", type, s.support(), s.tp, s.fp,
                    s.fn, fmt(s.precision()), fmt(s.recall()),
                    floor == null ? "none" : String.format(Locale.ROOT, "%.2f / %.2f", floor[0], floor[1]),
                    floor == null ? "—" : meets(s, floor) ? "yes" : "**no**"));
        });
        out.append(String.format(Locale.ROOT, "%nSource code vs prose: accuracy %s (floor %.2f): code found in %d of %d code samples, "
                + "in %d of %d prose samples.%n", fmt(report.codeAccuracy()), CODE_ACCURACY_FLOOR, report.codeAsCode(),
                report.codeAsCode() + report.codeAsProse(), report.proseAsCode(), report.proseAsProse() + report.proseAsCode()));
        out.append(String.format(Locale.ROOT, "%n%d samples, %.2f MB, %.1f MB/s per core (CPU time of the classifying thread).%n",
                report.samples(), report.bytes() / 1e6, report.megabytesPerCoreSecond()));
        return out.toString();
    }

    /** Whether a score meets its floor; a score that is NaN (nothing measured) never does. */
    public static boolean meets(Score s, double[] floor) {
        return s.precision() >= floor[0] && s.recall() >= floor[1];
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static Map<String, double[]> floors() {
        Map<String, double[]> t = new LinkedHashMap<>();
        for (String structured : List.of(FindingTypes.EMAIL, FindingTypes.PAYMENT_CARD, FindingTypes.IBAN, FindingTypes.US_SSN,
                FindingTypes.UK_NINO, FindingTypes.IP_ADDRESS, FindingTypes.PHONE, FindingTypes.NATIONAL_ID)) {
            t.put(structured, new double[] {0.97, 0.95});
        }
        t.put(CREDENTIAL, new double[] {0.95, 0.95});
        t.put(FindingTypes.STREET_ADDRESS, new double[] {0.9, 0.8});
        t.put(FindingTypes.PERSON, new double[] {0.9, 0.7});
        return Map.copyOf(t);
    }

    private static List<JsonNode> read(ObjectMapper json, Path dir) {
        List<JsonNode> samples = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        samples.add(json.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    private static void write(ObjectMapper json, Path file, List<ObjectNode> lines) {
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                for (ObjectNode line : lines) {
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code [corpus-dir] [split...] [--findings DIR]}: prints the table of each split (default both) and,
     * with {@code --findings}, writes {@code DIR/tiergate-<split>.jsonl} and {@code DIR/tiergate-<split>.json} (timing)
     * for {@code bench/classify/compare.py}.
     */
    public static void main(String[] args) throws IOException {
        Path corpus = Path.of("bench/classify/corpus");
        List<String> splits = new ArrayList<>();
        Path findings = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--findings")) {
                findings = Path.of(args[++i]);
            } else if (args[i].equals("dev") || args[i].equals("test")) {
                splits.add(args[i]);
            } else {
                corpus = Path.of(args[i]);
            }
        }
        if (splits.isEmpty()) {
            splits = List.of("dev", "test");
        }
        Classifier classifier = new Classifier();
        for (String split : splits) {
            Report report = evaluate(classifier, corpus, split, findings == null ? null : findings.resolve("tiergate-" + split + ".jsonl"));
            System.out.println(markdown(report));
            if (findings != null) {
                StringBuilder timing = new StringBuilder("{");
                report.perTask().forEach((task, t) -> timing.append(timing.length() > 1 ? ", " : "").append(String.format(Locale.ROOT,
                        "\"%s\": {\"bytes\": %d, \"cpu_seconds\": %.6f}", task, t[0], t[1] / 1e9)));
                Files.writeString(findings.resolve("tiergate-" + split + ".json"), timing.append("}\n"));
            }
        }
    }
}

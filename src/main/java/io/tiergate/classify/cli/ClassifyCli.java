package io.tiergate.classify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.ClassifierSettings;
import io.tiergate.classify.ClassifyConfig;
import io.tiergate.classify.Finding;
import io.tiergate.classify.StrictUtf8;
import io.tiergate.policy.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * Classifies files or standard input with the gateway's engine, for developers checking a dataset
 * before they upload it. Prints JSON lines: one per finding (file, type, tier, span, line and
 * column, score, detector; never the value), or with {@code --summary} one per file. Exits 0 when
 * every input is Tier 1, 1 when any is Tier 2, 2 on a usage or read error.
 */
public final class ClassifyCli {

    /** Texts longer than this are classified in pieces, split at a line break. */
    static final int PIECE = 1_000_000;

    private final Classifier classifier;
    private final boolean summary;
    private final long budgetNanos;
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;

    ClassifyCli(Classifier classifier, boolean summary, Duration budget, PrintStream out) {
        this.classifier = classifier;
        this.summary = summary;
        this.budgetNanos = budget.toNanos();
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** The command line, as picocli reads it. */
    @Command(name = "scripts/classify.sh", sortOptions = false,
            description = "Classifies files (none, or '-': standard input) the way the gateway does.",
            footer = "Output: JSON lines on stdout. Exit 0: all Tier 1; 1: some Tier 2; 2: error.")
    static final class Options {

        @Option(names = "--summary", description = "one JSON line per file (tier and counts per type) instead of one per finding")
        boolean summary;

        @Option(names = "--config", paramLabel = "FILE",
                description = "tiergate.classify.* settings from a properties file (e.g. src/main/resources/application.properties)")
        Path config;

        @Option(names = "--profile", paramLabel = "NAME", description = "the configuration profile to apply to --config (e.g. local)")
        String profile;

        @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "10s", converter = DurationArgument.class,
                description = "time budget per piece of 1,000,000 characters (default 10s, ISO-8601 or e.g. 500ms)")
        Duration budget;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "files to classify; none, or '-', reads standard input")
        List<String> files = new ArrayList<>();
    }

    /** {@code --budget}: ISO-8601, or a number of milliseconds or seconds ({@code 500ms}, {@code 10s}). */
    static final class DurationArgument implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Options options = new Options();
        CommandLine command = new CommandLine(options);
        try {
            command.parseArgs(args);
        } catch (ParameterException e) {
            err.println("classify: " + e.getMessage());
            command.usage(err);
            return 2;
        }
        if (command.isUsageHelpRequested()) {
            command.usage(out);
            return 0;
        }
        boolean summary = options.summary;
        Path config = options.config;
        String profile = options.profile;
        Duration budget = options.budget;
        List<String> files = new ArrayList<>(options.files);
        Classifier classifier;
        try {
            classifier = new Classifier(settings(config, profile));
        } catch (RuntimeException | IOException e) {
            err.println("classify: cannot read the settings: " + e.getMessage());
            return 2;
        }
        ClassifyCli cli = new ClassifyCli(classifier, summary, budget, out);
        if (files.isEmpty()) {
            files.add("-");
        }
        int status = 0;
        for (String file : files) {
            try {
                byte[] bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
                status = Math.max(status, cli.classify(file, decode(bytes)) == Tier.TIER_2 ? 1 : 0);
            } catch (IOException e) {
                err.println("classify: " + file + ": " + e.getMessage());
                status = 2;
            }
        }
        out.flush();
        return status;
    }

    /** Classifies one input, printing its lines, and returns its tier. */
    Tier classify(String name, String text) {
        Tier tier = Tier.TIER_1;
        Map<String, Integer> counts = new TreeMap<>();
        int[] lineStarts = lineStarts(text);
        for (int from = 0; from < text.length(); ) {
            int to = pieceEnd(text, from);
            Classification piece = classifier.classify(text.substring(from, to), budgetNanos);
            tier = tier.max(piece.tier());
            for (Finding f : piece.findings()) {
                Finding finding = f.shifted(from);
                counts.merge(finding.type(), 1, Integer::sum);
                if (!summary) {
                    out.println(line(name, finding, lineStarts));
                }
            }
            from = to;
        }
        if (summary) {
            ObjectNode node = json.createObjectNode().put("file", name).put("tier", tier.level()).put("chars", text.length());
            ObjectNode byType = node.putObject("findings");
            counts.forEach(byType::put);
            out.println(node);
        }
        return tier;
    }

    private String line(String name, Finding f, int[] lineStarts) {
        int line = lineOf(lineStarts, f.start());
        return json.createObjectNode()
                .put("file", name).put("type", f.type()).put("tier", f.tier().level())
                .put("start", f.start()).put("end", f.end())
                .put("line", line + 1).put("column", f.start() - lineStarts[line] + 1)
                .put("score", Math.round(f.score() * 100) / 100.0).put("detector", f.detector())
                .toString();
    }

    /** The end of the piece starting at {@code from}: at most {@link #PIECE} characters, cut after a line break when there is one. */
    static int pieceEnd(String text, int from) {
        if (text.length() - from <= PIECE) {
            return text.length();
        }
        int cut = text.lastIndexOf('\n', from + PIECE);
        return cut > from ? cut + 1 : from + PIECE;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] lineStarts, int offset) {
        int i = java.util.Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i : -i - 2;
    }

    static String decode(byte[] bytes) throws IOException {
        return StrictUtf8.decode(bytes).orElseThrow(() -> new IOException("not valid UTF-8 (only text is classified)"));
    }

    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s") && !v.startsWith("p")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.parse(value);
    }

    /** The defaults, or the {@code tiergate.classify.*} settings of a properties file, read the way the gateway reads them. */
    static ClassifierSettings settings(Path config, String profile) throws IOException {
        if (config == null) {
            return ClassifierSettings.defaults();
        }
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(config.toUri().toURL(), 100))
                .withConverter(Duration.class, 200, new DurationConverter()) // "250ms", as Quarkus reads it
                .withMapping(ClassifyConfig.class);
        if (profile != null) {
            builder.withProfile(profile);
        }
        SmallRyeConfig smallRye = builder.build();
        return ClassifierSettings.from(smallRye.getConfigMapping(ClassifyConfig.class));
    }
}

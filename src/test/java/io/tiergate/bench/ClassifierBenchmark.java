package io.tiergate.bench;

import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Latency of classifying a 4 KB prompt, clean and with findings (the seed classifier of the skeleton). */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifierBenchmark {

    private final Classifier classifier = new Classifier();
    private String cleanPrompt;
    private String promptWithFindings;

    @Setup
    public void setUp() {
        String prose = "The release train leaves every second Tuesday; feature flags guard anything unfinished, "
                + "and the on-call engineer signs off the changelog before the tag is cut. ";
        StringBuilder clean = new StringBuilder();
        while (clean.length() < 4096) {
            clean.append(prose);
        }
        cleanPrompt = clean.substring(0, 4096);
        StringBuilder dense = new StringBuilder(cleanPrompt.substring(0, 3800));
        dense.append(" Contact jane.doe@example.com, card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE.");
        promptWithFindings = dense.toString();
    }

    @Benchmark
    public Classification cleanPrompt4k() {
        return classifier.classify(cleanPrompt);
    }

    @Benchmark
    public Classification promptWithFindings4k() {
        return classifier.classify(promptWithFindings);
    }
}

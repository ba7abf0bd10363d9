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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classification engine on one thread (one core): throughput on 64 KB of clean prose and of
 * finding-dense text (MB/s = 65,536 bytes / the average time), and the latency distribution of a
 * 4 KB prompt, clean and with findings (SampleTime: p50, p99). Texts: {@link BenchTexts}.
 *
 * <pre>scripts/bench-jmh.sh ClassifierBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ClassifierBenchmark {

    private final Classifier classifier = new Classifier();
    private String prose64k;
    private String dense64k;
    private String prompt4k;
    private String promptWithFindings4k;

    @Setup
    public void setUp() {
        prose64k = BenchTexts.prose(64 * 1024);
        dense64k = BenchTexts.dense(64 * 1024);
        prompt4k = BenchTexts.prose(4096);
        promptWithFindings4k = BenchTexts.dense(4096);
    }

    /** 64 KB of prose without findings; MB/s per core = 0.0655 / (µs per op) × 10^6 / 10^6. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Classification cleanProse64k() {
        return classifier.classify(prose64k);
    }

    /** 64 KB with a finding about every 150 characters (about 430 findings of 13 kinds). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Classification findingDense64k() {
        return classifier.classify(dense64k);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Classification cleanPrompt4k() {
        return classifier.classify(prompt4k);
    }

    /** A 4 KB prompt with about 30 findings (e-mail, phone, card, IBAN, SSN, NINO, IPs, name, address, keys, token, password, secret). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Classification promptWithFindings4k() {
        return classifier.classify(promptWithFindings4k);
    }
}

package io.tiergate.bench;

import io.tiergate.catalog.FieldPointers;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.FindingTypes;
import io.tiergate.proxy.payload.JsonWalker;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * The dataset walker on one thread (one core): 1 MB of JSON lines (staff records with an e-mail
 * field, masked, and a free-text field, classified) fed in 16 KB chunks, as the upstream client
 * hands them over. MB/s = 1 / the average time in seconds.
 *
 * <pre>scripts/bench-jmh.sh PayloadWalkerBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PayloadWalkerBenchmark {

    private final Classifier classifier = new Classifier();
    private final List<Buffer> chunks = new java.util.ArrayList<>();

    @Setup
    public void setUp() {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; jsonl.length() < 1024 * 1024; i++) {
            jsonl.append("{\"id\":").append(i).append(",\"email\":\"person").append(i).append("@acmecorp.com\",\"bio\":\"")
                    .append(BenchTexts.prose(160).replace("\"", "'").replace("\n", " ")).append("\"}\n");
        }
        byte[] bytes = jsonl.substring(0, jsonl.lastIndexOf("\n", 1024 * 1024) + 1).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 16 * 1024) {
            chunks.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 16 * 1024))));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long walkOneMegabyteOfJsonLines() {
        JsonWalker walker = new JsonWalker(classifier, FieldPointers.of(List.of("/email")), FindingTypes.BUILT_IN, true,
                1_000_000, "bench");
        long out = 0;
        for (Buffer chunk : chunks) {
            out += walker.feed(chunk).length();
        }
        return out + walker.finish().length();
    }
}

package io.tiergate.bench;

import io.tiergate.classify.Classifier;
import io.tiergate.proxy.LlmEndpoint;
import io.tiergate.proxy.scan.DocumentScanner;
import io.tiergate.proxy.scan.RequestDocument;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU a non-streamed chat call's documents cost the gateway, on one thread: the request
 * (bench/compare's 4 KB Tier 1 body) read strictly, walked, classified piece by piece and around
 * its junctions, and re-serialised as it is forwarded; and the answer (bench/compare's fixed
 * completion) parsed and scanned the same way. The network, the policy and the audit are not in it.
 *
 * <pre>scripts/bench-jmh.sh DocumentScanBenchmark</pre>
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DocumentScanBenchmark {

    private static final DocumentScanner SCANNER = new DocumentScanner(new Classifier());

    /** bench/compare/compare.sh's COMPLETION, byte for byte. */
    static final byte[] ANSWER = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1767225600,"
            + "\"model\":\"demo-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Three bullets: "
            + "flags, changelog, staged rollout.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":900,"
            + "\"completion_tokens\":12,\"total_tokens\":912}}").getBytes(StandardCharsets.UTF_8);

    /** What bench/compare/body.py writes: a system message and a 4 KB user message of plain prose. */
    static final byte[] REQUEST = request();

    private static byte[] request() {
        String[] sentences = {
            "The release checklist covers the feature flags, the changelog sign-off and the staged rollout.",
            "Each team reviews its open pull requests before the branch is cut on Thursday morning.",
            "Staged rollout starts with a small share of users and grows when the crash rate stays flat.",
            "The changelog lists every user-visible change in plain words, grouped by area of the app.",
            "Feature flags that shipped fully last month are removed, with their dead code paths.",
            "The on-call engineer watches the dashboards for an hour after each step of the rollout."};
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 4096 - 200; i++) {
            text.append(text.isEmpty() ? "" : " ").append(sentences[i % sentences.length]);
        }
        return ("{\"model\":\"demo-model\",\"messages\":[{\"role\":\"system\",\"content\":\"You are concise.\"},"
                + "{\"role\":\"user\",\"content\":\"Summarise this in three bullets. " + text + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] request4kb() {
        RequestDocument document = LlmEndpoint.CHAT_COMPLETIONS.read(REQUEST);
        SCANNER.scan(document);
        return document.bytes();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DocumentScanner.Result answer() {
        return SCANNER.scan(RequestDocument.parse(ANSWER, Set.of()));
    }
}

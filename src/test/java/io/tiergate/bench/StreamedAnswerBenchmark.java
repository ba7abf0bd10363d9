package io.tiergate.bench;

import io.tiergate.classify.Classifier;
import io.tiergate.proxy.answer.SpeculativeHold;
import io.tiergate.proxy.answer.StreamedAnswer;
import io.vertx.mutiny.core.buffer.Buffer;
import java.util.List;
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
 * The CPU a streamed answer's relay spends on one clean event (parse, scan with what came before,
 * hold, re-serialise), on one thread: an OpenAI chunk whose delta is a model-like token ending
 * inside a word ({@code " word17"}), with the e-mail local-part hold off (a caller whose addresses
 * are not redacted) and on. The policy is never asked: the text is clean. The other strings repeat
 * from event to event, as a vendor's do (id, model, fingerprint), so only the delta is scanned.
 *
 * <pre>scripts/bench-jmh.sh StreamedAnswerBenchmark</pre>
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class StreamedAnswerBenchmark {

    private static final Classifier CLASSIFIER = new Classifier();
    private static final Set<String> EMAIL = Set.of("EMAIL");

    private final StreamedAnswer holdOff = new StreamedAnswer(CLASSIFIER, null, null, 8192, 1 << 20,
            SpeculativeHold.fixed(EMAIL, Set.of()));
    private final StreamedAnswer holdOn = new StreamedAnswer(CLASSIFIER, null, null, 8192, 1 << 20,
            SpeculativeHold.fixed(EMAIL, EMAIL));
    private long n;

    private Buffer nextEvent() {
        n++;
        return Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench\","
                + "\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word"
                + (n % 100) + "\"},\"finish_reason\":null}]}\n\n");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Buffer> cleanEventHoldOff() {
        return holdOff.onChunk(nextEvent());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Buffer> cleanEventHoldOn() {
        return holdOn.onChunk(nextEvent());
    }
}

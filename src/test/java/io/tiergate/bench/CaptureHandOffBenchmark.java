package io.tiergate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tiergate.capture.CallCapture;
import io.tiergate.capture.CaptureWriter;
import io.tiergate.capture.CapturedPart;
import io.tiergate.capture.Captures;
import io.tiergate.gate.Enforcer;
import io.tiergate.http.TimeOrderedIds;
import io.tiergate.policy.Decision;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Subject;
import io.tiergate.policy.PolicyInput.SubjectType;
import java.lang.reflect.Proxy;
import io.tiergate.testing.LentConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What capturing adds to the request path: {@link Captures#begin} after the request's decision,
 * then {@link CallCapture#answered} after the answer's, i.e. two small objects, a clock read and an
 * offer to the writer's bounded queue, on one thread, while the writer thread drains the queue on
 * another (rendering each row, into a store that keeps nothing: the database's own time is measured
 * by bench/capture/writer-throughput.sh).
 *
 * <pre>scripts/bench-jmh.sh CaptureHandOffBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CaptureHandOffBenchmark {

    private static final Subject SUBJECT = new Subject("https://idp.example#sub-alice", SubjectType.USER, List.of("developer"),
            List.of());
    private static final Decision FULL = new Decision(true, List.of("tier1_access"),
            new Decision.Obligations(List.of(), List.of(), Capture.FULL));
    private static final Content CONTENT = new Content(1, List.of(), 4096, List.of());
    private static final CapturedPart PART = new CapturedPart() {
        @Override
        public String json(Capture mode) {
            return "{}";
        }

        @Override
        public JsonNode member(String name) {
            return null;
        }
    };

    private CaptureWriter writer;
    private Captures captures;
    private Enforcer.Authorization authorization;

    @Setup(Level.Trial)
    public void start() {
        writer = new CaptureWriter(new LentConnection((Connection) nothing(Connection.class)), new CaptureWriter.Settings(true, 10_000, 500, Duration.ofDays(1), false), null, Clock.systemUTC(), new SimpleMeterRegistry());
        writer.startWriter();
        captures = new Captures(writer, Clock.systemUTC());
        authorization = new Enforcer.Authorization(TimeOrderedIds.next(), FULL, SUBJECT);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        writer.stopWriter();
    }

    /** One call's whole hand-off: begin after the request's decision, answered after the answer's. */
    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public CallCapture handOff() {
        CallCapture capture = captures.begin(authorization, "external-gpt", null, "debugging", CONTENT, PART, System.nanoTime());
        capture.answered(FULL, CONTENT, PART, 200);
        return capture;
    }


    /** A statement or connection that takes everything and keeps nothing (java.lang.reflect.Proxy: nulls, zeros and false). */
    private static Object nothing(Class<?> type) {
        if (type == Connection.class || type == PreparedStatement.class) {
            return Proxy.newProxyInstance(CaptureHandOffBenchmark.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> nothing(method.getReturnType()));
        }
        if (type == int.class || type == long.class) {
            return type == int.class ? (Object) 0 : (Object) 0L;
        }
        return type == boolean.class ? Boolean.FALSE : null;
    }
}

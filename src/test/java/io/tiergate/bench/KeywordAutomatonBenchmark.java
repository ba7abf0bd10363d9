package io.tiergate.bench;

import io.tiergate.classify.Classifier;
import io.tiergate.classify.KeywordAutomaton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ahocorasick.trie.Trie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The classifier's keyword pass side by side: {@link KeywordAutomaton} against {@code org.ahocorasick}
 * 0.6.3 (the library it replaced), both case-insensitive over the keywords of all built-in detectors,
 * on 64 KB of clean prose and of finding-dense text ({@link BenchTexts}).
 *
 * <pre>scripts/bench-jmh.sh KeywordAutomatonBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeywordAutomatonBenchmark {

    @Param({"prose", "dense"})
    public String text;

    private String input;
    private KeywordAutomaton automaton;
    private Trie trie;

    @Setup
    public void setUp() {
        input = text.equals("prose") ? BenchTexts.prose(64 * 1024) : BenchTexts.dense(64 * 1024);
        List<String> keywords = new Classifier().keywords();
        automaton = new KeywordAutomaton(keywords);
        trie = Trie.builder().ignoreCase().addKeywords(keywords).build();
    }

    @Benchmark
    public void automaton(Blackhole hole) {
        automaton.occurrences(input, (start, keyword) -> hole.consume(start));
    }

    @Benchmark
    public void ahoCorasickLibrary(Blackhole hole) {
        trie.parseText(input, emit -> {
            hole.consume(emit.getStart());
            return true;
        });
    }
}

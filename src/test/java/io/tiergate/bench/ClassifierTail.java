package io.tiergate.bench;

import io.tiergate.classify.Classifier;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The latency of the 4 KB prompts of {@link ClassifierBenchmark} told apart from the machine: each
 * call timed by the wall clock and by the calling thread's CPU time, so that a call preempted on a
 * shared machine shows in the first and not in the second. Also the loop to record with JFR.
 *
 * <pre>java -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" io.tiergate.bench.ClassifierTail [warm-up] [calls] [clean|dense]</pre>
 */
public final class ClassifierTail {

    private ClassifierTail() {
    }

    public static void main(String[] args) {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        Classifier classifier = new Classifier();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] kinds = args.length > 2 ? new String[] {args[2]} : new String[] {"clean", "dense"};
        for (String kind : kinds) {
            String text = kind.equals("clean") ? BenchTexts.prose(4096) : BenchTexts.dense(4096);
            for (int i = 0; i < warmUp; i++) {
                classifier.classify(text);
            }
            long gcsBefore = youngCollections();
            long[] wall = new long[calls];
            long[] cpu = new long[calls];
            for (int i = 0; i < calls; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                classifier.classify(text);
                wall[i] = System.nanoTime() - w0;
                cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            }
            System.out.printf("%s 4 KB: wall %s | thread CPU %s | young GCs %d%n", kind, percentiles(wall), percentiles(cpu),
                    youngCollections() - gcsBefore);
        }
    }

    /** p50 / p90 / p99 / p99.9 in µs. */
    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder("p50/p90/p99/p99.9");
        String sep = " ";
        for (double p : new double[] {0.50, 0.90, 0.99, 0.999}) {
            out.append(sep).append(sorted[(int) Math.min(sorted.length - 1, Math.round(p * sorted.length))] / 1000);
            sep = " / ";
        }
        return out.append(" µs").toString();
    }

    private static long youngCollections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Old") && !gc.getName().contains("MarkSweep")) {
                count += gc.getCollectionCount();
            }
        }
        return count;
    }
}

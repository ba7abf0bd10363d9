package io.tiergate.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.policy.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Hostile 1 MB inputs cannot hold the engine: every pattern is linear (RE2J) and runs over bounded
 * windows, and the engine consults its time budget before each unit of work. Measured twice: with a
 * fake clock that advances one millisecond each time the engine looks at it (counting the units of
 * work started), and with the real clock against a generous bound that only a broken budget misses.
 */
class AdversarialInputTest {

    static final int ONE_MB = 1 << 20;

    static String repeat(String unit) {
        return unit.repeat(ONE_MB / unit.length() + 1).substring(0, ONE_MB);
    }

    static Map<String, String> inputs() {
        return Map.ofEntries(
                Map.entry("at signs", repeat("@")),
                Map.entry("almost e-mail addresses", repeat("a@b.")),
                Map.entry("digits and spaces", repeat("4 ")),
                Map.entry("one digit run", repeat("7")),
                Map.entry("key headers", repeat("-----BEGIN PRIVATE KEY-----")),
                Map.entry("password assignments", repeat("password=")),
                Map.entry("token prefixes", repeat("sk-ghp_xoxb-AKIA")),
                Map.entry("connection string starts", repeat("a://b:c@")),
                Map.entry("brackets", repeat("({[")),
                Map.entry("code lines", repeat("x = f(y);\n")),
                Map.entry("names", repeat("John Smith ")),
                Map.entry("one long word", repeat("a")),
                Map.entry("address starts", repeat("1 Main ")),
                Map.entry("hex and colons", repeat("a:1:")));
    }

    static List<String> names() {
        return inputs().keySet().stream().sorted().toList();
    }

    /** A clock that moves one millisecond every time it is read, counting the reads. */
    static final class TickingClock {
        final AtomicLong reads = new AtomicLong();

        long read() {
            return reads.incrementAndGet() * 1_000_000L;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void stopsAtTheFirstCheckAfterItsBudgetAndSaysSo(String name) {
        TickingClock clock = new TickingClock();
        Classifier engine = new Classifier(ClassifierSettings.defaults().withCustomerCodeMarkers(List.of("com.acme.")), clock::read);
        String text = inputs().get(name);
        long before = clock.reads.get();

        Classification result = engine.classify(text, Duration.ofMillis(20).toNanos());

        long reads = clock.reads.get() - before;
        // One read to start the budget, one per unit of work started while in budget, one that finds it spent.
        assertThat(reads).as("clock reads (units of work started)").isLessThanOrEqualTo(22);
        if (!result.complete()) {
            assertThat(result.tier()).isEqualTo(Tier.TIER_2);
            assertThat(result.findings()).anySatisfy(f -> {
                assertThat(f.type()).isEqualTo(FindingTypes.UNSCANNED);
                assertThat(f.start()).isZero();
                assertThat(f.end()).isEqualTo(text.length());
            });
        }
    }

    /** Real clock, a budget of 250 ms: a bound of ten times that is generous for a working budget and missed by a broken one. */
    static final Duration REAL_BUDGET = Duration.ofMillis(250);
    static final Classifier REAL_CLOCK_ENGINE =
            new Classifier(ClassifierSettings.defaults().withCustomerCodeMarkers(List.of("com.acme.")).withTimeBudget(REAL_BUDGET));

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void answersWithinTenTimesItsRealBudgetOnEveryHostileMegabyte(String name) {
        String text = inputs().get(name);
        long started = System.nanoTime();
        Classification result = REAL_CLOCK_ENGINE.classify(text);
        long elapsed = System.nanoTime() - started;

        assertThat(Duration.ofNanos(elapsed)).as("time to answer a 1 MB hostile input").isLessThanOrEqualTo(REAL_BUDGET.multipliedBy(10));
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
        if (!result.complete()) {
            assertThat(result.tier()).isEqualTo(Tier.TIER_2);
        }
    }

    @Test
    void windowsNeverGrowPastTheirMaximumWhateverTheHits() {
        String text = repeat("@");
        int[] everywhere = new int[text.length()];
        for (int i = 0; i < everywhere.length; i++) {
            everywhere[i] = i;
        }
        List<Window> windows = Window.around(text, everywhere, everywhere.length, 64, 256);
        assertThat(windows).allSatisfy(w -> assertThat(w.end() - w.start()).isLessThanOrEqualTo(Window.MAX_LENGTH + 64));
        assertThat(windows.get(windows.size() - 1).end()).isEqualTo(text.length());
        assertThat(NumberRuns.of(repeat("9"))).allSatisfy(r -> assertThat(r.end() - r.start()).isLessThanOrEqualTo(NumberRuns.MAX_LENGTH));
        assertThat(NumberRuns.of(repeat("4 "))).allSatisfy(r -> assertThat(r.end() - r.start()).isLessThanOrEqualTo(NumberRuns.MAX_LENGTH));
    }
}

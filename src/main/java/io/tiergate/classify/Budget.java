package io.tiergate.classify;

import java.util.function.LongSupplier;

/**
 * The engine's time budget for one text. Detectors ask before each bounded piece of work; once
 * the deadline has passed every later question says "out of time", and the engine reports the
 * text as not fully scanned instead of running on.
 */
final class Budget {

    private final LongSupplier ticker;
    private final long deadline;
    private int checks;
    private boolean exceeded;

    Budget(LongSupplier ticker, long budgetNanos) {
        this.ticker = ticker;
        this.deadline = ticker.getAsLong() + budgetNanos;
    }

    boolean exceeded() {
        if (!exceeded) {
            checks++;
            exceeded = ticker.getAsLong() - deadline > 0;
        }
        return exceeded;
    }

    /** How often the budget was consulted: the number of bounded work units started, plus one. */
    int checks() {
        return checks;
    }
}

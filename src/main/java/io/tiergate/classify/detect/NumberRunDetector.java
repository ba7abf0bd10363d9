package io.tiergate.classify.detect;

import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;

/**
 * A detector whose items are written with digits (cards, IBANs, identity and phone numbers, house
 * numbers, IPv4 addresses): it declares no keywords and reads the number runs of the text. The walk
 * over the runs is here, once: a cheap test of each run's size and shape first, the time budget
 * consulted every 16 candidates, and runs that start inside the last finding skipped.
 */
abstract class NumberRunDetector extends NamedDetector {

    NumberRunDetector(String name) {
        super(name);
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        int reportedUpTo = 0;
        int candidates = 0;
        for (Scan.NumberRun run : scan.numberRuns()) {
            if (run.start() < reportedUpTo || !wanted(run)) {
                continue;
            }
            if ((++candidates & 15) == 0 && scan.outOfTime()) {
                return;
            }
            reportedUpTo = inspect(scan, run, reportedUpTo, findings);
        }
    }

    /** Whether the run has a size and shape this detector's items can have (counted digits and dots, nothing parsed). */
    abstract boolean wanted(Scan.NumberRun run);

    /**
     * Reports what the run (and the text around it) holds. Returns the new high mark: where the
     * finding just reported ends when runs inside it are not to be read again, else {@code reportedUpTo}.
     */
    abstract int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings);
}

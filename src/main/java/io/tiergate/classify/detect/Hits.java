package io.tiergate.classify.detect;

import io.tiergate.classify.Scan;

/**
 * The walk over the running detector's keyword hits, once: in order of position, stopping as soon
 * as the time budget is spent, and skipping hits that fall inside the last finding reported.
 */
final class Hits {

    /** Reads what stands at one hit and reports it. */
    interface Reader {
        /** Returns where the finding reported at {@code at} ends, or {@link #NOTHING}. */
        int read(int at);
    }

    /** Reads what stands at one hit of a given keyword and reports it. */
    interface KeywordReader {
        /** Returns where the finding reported at {@code at} ends, or {@link #NOTHING}. */
        int read(int at, String keyword);
    }

    /** What a {@link Reader} returns when it reported nothing. */
    static final int NOTHING = -1;

    private Hits() {
    }

    static void each(Scan scan, Reader reader) {
        each(scan, (at, keyword) -> reader.read(at));
    }

    /** The same walk, telling the reader which keyword was hit. */
    static void each(Scan scan, KeywordReader reader) {
        int reportedUpTo = 0;
        for (Scan.Hit hit : scan.hits()) {
            if (scan.outOfTime()) {
                return;
            }
            int at = hit.position();
            if (at < reportedUpTo) {
                continue;
            }
            reportedUpTo = Math.max(reportedUpTo, reader.read(at, hit.keyword()));
        }
    }
}

package io.tiergate.classify.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.classify.Classifier;
import io.tiergate.classify.eval.ClassifierEvaluation.Report;
import io.tiergate.classify.eval.ClassifierEvaluation.Score;
import io.tiergate.testing.Processes;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the engine to the floors on the <em>test</em> split of the labelled corpora
 * (bench/classify/corpus/test: another seed, other sentence frames and four locales the
 * detectors were not tuned on; docs/CLASSIFICATION.md).
 */
class ClassifierAccuracyTest {

    static Report report;

    @BeforeAll
    static void evaluate() {
        report = ClassifierEvaluation.evaluate(new Classifier(), Processes.root().resolve("bench/classify/corpus"), "test", null);
    }

    @Test
    void theTestSplitHasEnoughSamplesOfEveryTypeWithAFloor() {
        assertThat(report.scores().keySet()).containsAll(ClassifierEvaluation.FLOORS.keySet());
        ClassifierEvaluation.FLOORS.keySet().forEach(type -> assertThat(report.scores().get(type).support()).as(type).isGreaterThanOrEqualTo(30));
    }

    /**
     * The recall floors the engine does not reach on the test split, with the level measured there
     * (docs/CLASSIFICATION.md, "Floors not met"): held to that level so that they cannot get worse,
     * and listed here, not lowered in {@link ClassifierEvaluation#FLOORS}. Their precision floors hold.
     */
    static final Map<String, Double> RECALL_SHORTFALLS = Map.of(
            "NATIONAL_ID", 0.94, // measured 0.943, floor 0.95
            "PHONE", 0.90, // measured 0.907, floor 0.95
            "STREET_ADDRESS", 0.74); // measured 0.748, floor 0.80

    @Test
    void everyTypeMeetsItsFloorOnTheTestSplitExceptTheListedRecallShortfalls() {
        for (Map.Entry<String, double[]> floor : ClassifierEvaluation.FLOORS.entrySet()) {
            Score s = report.scores().get(floor.getKey());
            assertThat(s.precision()).as(floor.getKey() + " precision").isGreaterThanOrEqualTo(floor.getValue()[0]);
            double recallFloor = RECALL_SHORTFALLS.getOrDefault(floor.getKey(), floor.getValue()[1]);
            assertThat(s.recall()).as(floor.getKey() + " recall").isGreaterThanOrEqualTo(recallFloor);
        }
    }

    @Test
    void theShortfallsAreStillShortfalls() {
        // when a listed type reaches its floor, it leaves the list (and the documentation says so)
        RECALL_SHORTFALLS.keySet().forEach(type -> assertThat(report.scores().get(type).recall()).as(type)
                .isLessThan(ClassifierEvaluation.FLOORS.get(type)[1]));
    }

    @Test
    void tellsSourceCodeFromProseOnTheTestSplit() {
        assertThat(report.codeAccuracy()).isGreaterThanOrEqualTo(ClassifierEvaluation.CODE_ACCURACY_FLOOR);
    }
}

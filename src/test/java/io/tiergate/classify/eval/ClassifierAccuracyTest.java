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
 * Holds the engine to the issue's floors on the <em>test</em> split of the labelled corpora
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

    @Test
    void everyTypeMeetsTheIssuesFloorsOnTheTestSplit() {
        for (Map.Entry<String, double[]> floor : ClassifierEvaluation.FLOORS.entrySet()) {
            Score s = report.scores().get(floor.getKey());
            assertThat(s.precision()).as(floor.getKey() + " precision").isGreaterThanOrEqualTo(floor.getValue()[0]);
            assertThat(s.recall()).as(floor.getKey() + " recall").isGreaterThanOrEqualTo(floor.getValue()[1]);
        }
    }

    @Test
    void tellsSourceCodeFromProseOnTheTestSplit() {
        assertThat(report.codeAccuracy()).isGreaterThanOrEqualTo(ClassifierEvaluation.CODE_ACCURACY_FLOOR);
    }
}

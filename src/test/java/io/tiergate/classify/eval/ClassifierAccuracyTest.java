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
 * Holds the engine to the accuracy targets on the labelled corpus (bench/classify/corpus),
 * and the types without a target (PERSON, STREET_ADDRESS) to the figures docs/CLASSIFICATION.md
 * reports, so that a change that makes them worse fails here.
 */
class ClassifierAccuracyTest {

    static Report report;

    @BeforeAll
    static void evaluate() {
        report = ClassifierEvaluation.evaluate(new Classifier(), Processes.root().resolve("bench/classify/corpus"));
    }

    @Test
    void corpusHasEnoughSamplesOfEveryType() {
        assertThat(report.scores().keySet()).containsAll(ClassifierEvaluation.TARGETS.keySet());
        report.scores().forEach((type, s) -> assertThat(s.support()).as(type).isGreaterThanOrEqualTo(30));
    }

    @Test
    void everyTypeWithATargetMeetsIt() {
        for (Map.Entry<String, double[]> target : ClassifierEvaluation.TARGETS.entrySet()) {
            Score s = report.scores().get(target.getKey());
            assertThat(s.precision()).as(target.getKey() + " precision").isGreaterThanOrEqualTo(target.getValue()[0]);
            assertThat(s.recall()).as(target.getKey() + " recall").isGreaterThanOrEqualTo(target.getValue()[1]);
        }
    }

    @Test
    void namesAndAddressesStayAtTheirReportedLevel() {
        assertThat(report.scores().get("PERSON").precision()).isGreaterThanOrEqualTo(0.90);
        assertThat(report.scores().get("PERSON").recall()).isGreaterThanOrEqualTo(0.60);
        assertThat(report.scores().get("STREET_ADDRESS").precision()).isGreaterThanOrEqualTo(0.95);
        assertThat(report.scores().get("STREET_ADDRESS").recall()).isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void tellsSourceCodeFromProse() {
        assertThat(report.codeAccuracy()).isGreaterThanOrEqualTo(0.95);
    }
}

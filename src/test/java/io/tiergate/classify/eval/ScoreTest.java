package io.tiergate.classify.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.classify.eval.ClassifierEvaluation.Report;
import io.tiergate.classify.eval.ClassifierEvaluation.Score;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No score for nothing measured: a type that was never found, or never labelled, meets no floor. */
class ScoreTest {

    @Test
    void nothingFoundHasNoPrecisionAndMeetsNoFloor() {
        Score s = new Score();
        s.fn = 5;
        assertThat(s.precision()).isNaN();
        assertThat(s.recall()).isZero();
        assertThat(ClassifierEvaluation.meets(s, new double[] {0.0, 0.0})).isFalse();
    }

    @Test
    void nothingLabelledHasNoRecall() {
        Score s = new Score();
        assertThat(s.recall()).isNaN();
        assertThat(ClassifierEvaluation.meets(s, new double[] {0.0, 0.0})).isFalse();
        assertThat(new Report("test", Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of()).codeAccuracy()).isNaN();
    }

    @Test
    void countsGiveTheUsualRatios() {
        Score s = new Score();
        s.tp = 3;
        s.fp = 1;
        s.fn = 1;
        assertThat(s.precision()).isEqualTo(0.75);
        assertThat(s.recall()).isEqualTo(0.75);
    }
}

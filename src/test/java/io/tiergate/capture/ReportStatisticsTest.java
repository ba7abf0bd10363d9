package io.tiergate.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tiergate.capture.ReportStatistics.Interval;
import io.tiergate.capture.ReportStatistics.Sample;
import io.tiergate.capture.ReportStatistics.Test;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The report's statistics against values computed independently with scipy 1.17.1 (the calls are in
 * each comment), so a wrong formula, quantile or tail shows here before it shows in a report.
 */
class ReportStatisticsTest {

    @org.junit.jupiter.api.Test
    void studentTDistributionMatchesScipy() {
        // stats.t.cdf(2.0, 5) = 0.9490302605850708; stats.t.cdf(-1.5, 2.5) = 0.12391822654314809
        assertThat(new TDistribution(5).cumulativeProbability(2.0)).isCloseTo(0.9490302605850708, within(1e-12));
        assertThat(new TDistribution(2.5).cumulativeProbability(-1.5)).isCloseTo(0.12391822654314809, within(1e-10));
        // stats.t.ppf(0.975, 4) = 2.7764451051977934
        assertThat(new TDistribution(4).inverseCumulativeProbability(0.975)).isCloseTo(2.7764451051977934, within(1e-8));
    }

    @org.junit.jupiter.api.Test
    void meanIntervalIsStudentT() {
        // x = [0.5, 0.6, 0.7, 0.4, 0.5]: stats.t.interval(0.95, 4, loc=0.54, scale=x.std(ddof=1)/sqrt(5))
        // = (0.39842852230177284, 0.6815714776982272)
        Interval i = ReportStatistics.meanInterval(new Sample(5, 0.54, 0.013));
        assertThat(i.low()).isCloseTo(0.39842852230177284, within(1e-9));
        assertThat(i.high()).isCloseTo(0.6815714776982272, within(1e-9));
        assertThat(ReportStatistics.meanInterval(new Sample(1, 0.5, 0))).isNull();
    }

    @org.junit.jupiter.api.Test
    void proportionIntervalIsWilson() {
        // binomtest(2, 5).proportion_ci(0.95, 'wilson') = (0.11762077423264794, 0.769275718723987)
        Interval i = ReportStatistics.wilson(5, 2);
        assertThat(i.low()).isCloseTo(0.11762077423264794, within(1e-9));
        assertThat(i.high()).isCloseTo(0.769275718723987, within(1e-9));
        // binomtest(0, 10).proportion_ci(0.95, 'wilson') = (0.0, 0.2775327998628892): never below 0
        Interval none = ReportStatistics.wilson(10, 0);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(0.2775327998628892, within(1e-9));
        assertThat(ReportStatistics.wilson(0, 0)).isNull();
    }

    @org.junit.jupiter.api.Test
    void welchTestMatchesScipy() {
        // a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
        // a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
        // stats.ttest_ind(a1, a2, equal_var=False): statistic -2.455356398286006, pvalue 0.021378001462866992,
        // df 24.988529290231416 (means 20.82 and 22.986666666666665, variances 7.867428571428571 and 3.8126666666666686)
        Test t = ReportStatistics.welch(new Sample(15, 20.82, 7.867428571428571), new Sample(15, 22.986666666666665, 3.8126666666666686));
        assertThat(t.name()).isEqualTo("welch_t");
        assertThat(t.statistic()).isCloseTo(-2.455356398286006, within(1e-9));
        assertThat(t.degreesOfFreedom()).isCloseTo(24.988529290231416, within(1e-9));
        assertThat(t.pValue()).isCloseTo(0.021378001462866992, within(1e-9));
        assertThat(t.significant()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void welchNeedsTwoValuesAndSomeVariance() {
        assertThat(ReportStatistics.welch(new Sample(1, 1, 0), new Sample(5, 0.5, 0.1))).isNull();
        assertThat(ReportStatistics.welch(new Sample(3, 1, 0), new Sample(3, 0.5, 0))).isNull();
    }

    @org.junit.jupiter.api.Test
    void twoProportionZTestMatchesScipy() {
        // 3 of 4 against 2 of 5, pooled: z = 1.05, 2 * stats.norm.sf(1.05) = 0.2937181127517918
        Test t = ReportStatistics.twoProportions(4, 3, 5, 2);
        assertThat(t.statistic()).isCloseTo(1.05, within(1e-12));
        assertThat(t.pValue()).isCloseTo(0.2937181127517918, within(1e-9));
        assertThat(t.significant()).isFalse();
        assertThat(ReportStatistics.twoProportions(4, 4, 5, 5).pValue()).isEqualTo(1.0);
        assertThat(ReportStatistics.twoProportions(0, 0, 5, 2)).isNull();
    }
}

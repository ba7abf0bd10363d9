package io.tiergate.capture;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of the evaluation report (docs/EVALUATION.md): 95 % intervals for a mean (Student t)
 * and a proportion (Wilson score), and two-sided tests of a variant against the baseline: Welch's
 * t-test for float metrics, the pooled two-proportion z-test for boolean ones.
 */
public final class ReportStatistics {

    /** The level below which a difference is reported as significant. */
    public static final double ALPHA = 0.05;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);
    /** The normal quantile of a two-sided 95 % interval, 1.959964. */
    private static final double Z = STANDARD_NORMAL.inverseCumulativeProbability(1 - ALPHA / 2);

    /** What is known of one metric's values in one variant: their number, mean and sample variance. */
    public record Sample(long n, double mean, double variance) {
    }

    /** A two-sided 95 % interval. */
    public record Interval(double low, double high) {
    }

    /** A test's statistic, its degrees of freedom (Welch; null for z) and two-sided p-value. */
    public record Test(String name, double statistic, Double degreesOfFreedom, double pValue) {

        public boolean significant() {
            return pValue < ALPHA;
        }
    }

    private ReportStatistics() {
    }

    /** mean ± t(0.975, n−1)·s/√n; null below two values. */
    public static Interval meanInterval(Sample s) {
        if (s.n() < 2) {
            return null;
        }
        double t = new TDistribution(s.n() - 1).inverseCumulativeProbability(1 - ALPHA / 2);
        double half = t * Math.sqrt(s.variance() / s.n());
        return new Interval(s.mean() - half, s.mean() + half);
    }

    /** The Wilson score interval of {@code successes} in {@code n}; null for none. */
    public static Interval wilson(long n, long successes) {
        if (n == 0) {
            return null;
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Welch's two-sided t-test of {@code a} against {@code b} (unequal variances, Welch–Satterthwaite
     * degrees of freedom); null when either has fewer than two values or both have no variance.
     */
    public static Test welch(Sample a, Sample b) {
        if (a.n() < 2 || b.n() < 2) {
            return null;
        }
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        if (va + vb == 0) {
            return null;
        }
        double t = (a.mean() - b.mean()) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double p = 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t));
        return new Test("welch_t", t, df, Math.min(1, p));
    }

    /**
     * The pooled two-proportion z-test of {@code successesA} in {@code nA} against {@code successesB}
     * in {@code nB}, two-sided; null when either is empty. Equal proportions of all-true or all-false give p = 1.
     */
    public static Test twoProportions(long nA, long successesA, long nB, long successesB) {
        if (nA == 0 || nB == 0) {
            return null;
        }
        double pa = (double) successesA / nA;
        double pb = (double) successesB / nB;
        double pooled = (double) (successesA + successesB) / (nA + nB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        if (se == 0) {
            return new Test("two_proportion_z", 0, null, 1);
        }
        double z = (pa - pb) / se;
        return new Test("two_proportion_z", z, null, Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z))));
    }
}

package org.provenancelab.stats;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Percentile bootstrap confidence intervals, seeded so that a rerun gives the same interval.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** An interval for mean(x) − mean(y), resampling each sample with replacement. */
    public static Interval meanDifference(double[] x, double[] y, double confidence, int resamples, long seed) {
        Samples.check("x", x);
        Samples.check("y", y);
        checkArgs(confidence, resamples);
        MersenneTwister rng = new MersenneTwister(seed);
        double[] stats = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            stats[b] = resampledMean(x, rng) - resampledMean(y, rng);
        }
        return interval(Samples.mean(x) - Samples.mean(y), stats, confidence, seed, x.length, y.length);
    }

    /** An interval for the mean of one sample. */
    public static Interval mean(double[] x, double confidence, int resamples, long seed) {
        Samples.check("x", x);
        checkArgs(confidence, resamples);
        MersenneTwister rng = new MersenneTwister(seed);
        double[] stats = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            stats[b] = resampledMean(x, rng);
        }
        return interval(Samples.mean(x), stats, confidence, seed, x.length, 0);
    }

    private static double resampledMean(double[] v, MersenneTwister rng) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[rng.nextInt(v.length)];
        }
        return s / v.length;
    }

    private static void checkArgs(double confidence, int resamples) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
        }
    }

    private static Interval interval(double estimate, double[] stats, double confidence, long seed, int nX, int nY) {
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(stats);
        double alpha = (1 - confidence) / 2;
        return new Interval(estimate, p.evaluate(100 * alpha), p.evaluate(100 * (1 - alpha)), confidence,
                stats.length, seed, nX, nY);
    }

    /**
     * @param estimate  the statistic on the data as observed
     * @param low       lower bound
     * @param high      upper bound
     * @param confidence nominal coverage, e.g. 0.95
     * @param resamples bootstrap resamples drawn
     * @param seed      the seed that reproduces them
     * @param nX        size of the first sample
     * @param nY        size of the second sample (0 for a one-sample interval)
     */
    public record Interval(double estimate, double low, double high, double confidence, int resamples, long seed,
                           int nX, int nY) {
        public boolean contains(double v) {
            return low <= v && v <= high;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.6g [%.6g, %.6g] (%.0f%% percentile bootstrap, %d resamples, seed %d, n=%d%s)",
                    estimate, low, high, 100 * confidence, resamples, seed, nX, nY > 0 ? " vs " + nY : "");
        }
    }
}

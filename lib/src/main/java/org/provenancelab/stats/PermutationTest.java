package org.provenancelab.stats;

import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * Two-sample permutation test of the difference in means, "is x larger than y?". Exact (every
 * split of the pooled values) when the number of splits is at most {@link #EXACT_LIMIT};
 * otherwise sampled with a seed, p = (1 + #≥) / (1 + samples) so that it is never 0.
 * With 4 values against 4, the exact test has 70 splits, so no one-sided p can fall below 1/70.
 */
public final class PermutationTest {
    /** Largest number of splits enumerated exactly. */
    public static final long EXACT_LIMIT = 2_000_000;

    public enum Alternative {
        /** mean(x) > mean(y) */
        GREATER,
        /** mean(x) < mean(y) */
        LESS,
        /** either way: twice the smaller one-sided p, at most 1 */
        TWO_SIDED
    }

    private PermutationTest() {}

    /** The test with up to {@code samples} random splits if enumeration is too large. */
    public static TestResult meanDifference(double[] x, double[] y, Alternative alternative, int samples, long seed) {
        Samples.check("x", x);
        Samples.check("y", y);
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        int nx = x.length, n = x.length + y.length;
        double[] pooled = new double[n];
        System.arraycopy(x, 0, pooled, 0, nx);
        System.arraycopy(y, 0, pooled, nx, y.length);
        double total = 0;
        for (double v : pooled) {
            total += v;
        }
        double observed = Samples.mean(x) - Samples.mean(y);
        // values equal to the observed one up to rounding count as "at least as extreme"
        double tol = 1e-12 * Math.max(1.0, Math.abs(observed));
        long splits = splits(n, nx);
        long ge = 0, le = 0, count;
        boolean exact = splits <= EXACT_LIMIT;
        if (exact) {
            int[] idx = new int[nx];
            for (int i = 0; i < nx; i++) {
                idx[i] = i;
            }
            count = 0;
            while (true) {
                double sx = 0;
                for (int i : idx) {
                    sx += pooled[i];
                }
                double stat = sx / nx - (total - sx) / (n - nx);
                ge += stat >= observed - tol ? 1 : 0;
                le += stat <= observed + tol ? 1 : 0;
                count++;
                if (!nextCombination(idx, n)) {
                    break;
                }
            }
        } else {
            MersenneTwister rng = new MersenneTwister(seed);
            double[] work = pooled.clone();
            for (int s = 0; s < samples; s++) {
                // partial Fisher–Yates: the first nx slots become a uniform random subset
                double sx = 0;
                for (int i = 0; i < nx; i++) {
                    int k = i + rng.nextInt(n - i);
                    double t = work[i];
                    work[i] = work[k];
                    work[k] = t;
                    sx += work[i];
                }
                double stat = sx / nx - (total - sx) / (n - nx);
                ge += stat >= observed - tol ? 1 : 0;
                le += stat <= observed + tol ? 1 : 0;
            }
            count = samples;
        }
        double pGreater = exact ? (double) ge / count : (1.0 + ge) / (1.0 + count);
        double pLess = exact ? (double) le / count : (1.0 + le) / (1.0 + count);
        double p = switch (alternative) {
            case GREATER -> pGreater;
            case LESS -> pLess;
            case TWO_SIDED -> Math.min(1.0, 2 * Math.min(pGreater, pLess));
        };
        return new TestResult("permutation test, difference in means", alternative, observed, p, x.length, y.length,
                exact, count, exact ? null : seed, Samples.cohensD(x, y), Samples.superiority(x, y));
    }

    /** C(n, k), or Long.MAX_VALUE when it does not fit. */
    static long splits(int n, int k) {
        try {
            return CombinatoricsUtils.binomialCoefficient(n, k);
        } catch (org.apache.commons.math3.exception.MathArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Advances idx to the next k-subset of 0..n−1 in lexicographic order; false after the last. */
    private static boolean nextCombination(int[] idx, int n) {
        int k = idx.length;
        int i = k - 1;
        while (i >= 0 && idx[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        idx[i]++;
        for (int j = i + 1; j < k; j++) {
            idx[j] = idx[j - 1] + 1;
        }
        return true;
    }
}

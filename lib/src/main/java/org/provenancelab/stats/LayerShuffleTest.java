package org.provenancelab.stats;

import org.apache.commons.math3.random.MersenneTwister;

/**
 * "Are values at the same layer index larger than values at different indices?" for a
 * cross-model layer × layer matrix, tested against the null in which the second model's layer
 * labels carry no information: its columns relabelled by every permutation (exact when there are
 * at most {@link #EXACT_COLUMNS} columns) or by seeded random ones. Unlike a two-sample test on
 * the same-index and different-index values, this keeps the dependence between pairs that share
 * a layer, which is what makes those values non-exchangeable.
 *
 * <p>Statistic: mean of m[i][i] (i &lt; min(rows, cols)) minus mean of m[i][j] (i ≠ j).
 */
public final class LayerShuffleTest {
    /** Up to this many columns every permutation is enumerated (8! = 40,320). */
    public static final int EXACT_COLUMNS = 8;

    private LayerShuffleTest() {}

    public static TestResult sameVsDifferentIndex(double[][] m, int samples, long seed) {
        int rows = m.length;
        if (rows < 2) {
            throw new IllegalArgumentException("a layer matrix needs at least 2 rows, got " + rows);
        }
        int cols = m[0].length;
        for (double[] r : m) {
            if (r.length != cols) {
                throw new IllegalArgumentException("ragged layer matrix: rows of " + cols + " and " + r.length + " values");
            }
            Samples.check("layer matrix row", r);
        }
        if (cols < 2) {
            throw new IllegalArgumentException("a layer matrix needs at least 2 columns, got " + cols);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        int n = Math.min(rows, cols);
        double total = 0;
        for (double[] r : m) {
            for (double v : r) {
                total += v;
            }
        }
        int nOff = rows * cols - n;
        int[] perm = new int[cols];
        for (int j = 0; j < cols; j++) {
            perm[j] = j;
        }
        double observed = statistic(m, perm, n, total, nOff);
        double tol = 1e-12 * Math.max(1.0, Math.abs(observed));
        long ge = 0, count = 0;
        boolean exact = cols <= EXACT_COLUMNS;
        if (exact) {
            // Heap's algorithm: every permutation of the column labels once
            int[] c = new int[cols];
            ge += observed >= observed - tol ? 1 : 0;
            count++;
            int i = 0;
            while (i < cols) {
                if (c[i] < i) {
                    int k = i % 2 == 0 ? 0 : c[i];
                    int t = perm[k];
                    perm[k] = perm[i];
                    perm[i] = t;
                    ge += statistic(m, perm, n, total, nOff) >= observed - tol ? 1 : 0;
                    count++;
                    c[i]++;
                    i = 0;
                } else {
                    c[i] = 0;
                    i++;
                }
            }
        } else {
            MersenneTwister rng = new MersenneTwister(seed);
            for (int s = 0; s < samples; s++) {
                for (int j = cols - 1; j > 0; j--) {
                    int k = rng.nextInt(j + 1);
                    int t = perm[k];
                    perm[k] = perm[j];
                    perm[j] = t;
                }
                ge += statistic(m, perm, n, total, nOff) >= observed - tol ? 1 : 0;
            }
            count = samples;
        }
        double p = exact ? (double) ge / count : (1.0 + ge) / (1.0 + count);
        double[] same = new double[n];
        double[] off = new double[nOff];
        int o = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (i == j) {
                    same[i] = m[i][j];
                } else {
                    off[o++] = m[i][j];
                }
            }
        }
        return new TestResult("same vs different layer index (column labels shuffled)", PermutationTest.Alternative.GREATER,
                observed, p, n, nOff, exact, count, exact ? null : seed, Samples.cohensD(same, off), Samples.superiority(same, off));
    }

    /** Mean of m[i][perm[i]] over the first n rows minus the mean of the rest. */
    private static double statistic(double[][] m, int[] perm, int n, double total, int nOff) {
        double diag = 0;
        for (int i = 0; i < n; i++) {
            diag += m[i][perm[i]];
        }
        return diag / n - (total - diag) / nOff;
    }
}

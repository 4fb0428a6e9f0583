package org.provenancelab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerShuffleTestTest {
    @Test
    void aStrongDiagonalIsTheMostExtremeOfAllPermutations() {
        double[][] m = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                m[i][j] = i == j ? 1.0 : 0.1 * (i + j);
            }
        }
        TestResult r = LayerShuffleTest.sameVsDifferentIndex(m, 1, 0);
        assertTrue(r.exact());
        assertEquals(24, r.permutations());
        assertEquals(1.0 / 24, r.p(), 1e-15, "only the identity reaches the observed diagonal");
        assertEquals(1.0 / 24, r.smallestPossibleP(), 1e-15);
        assertEquals(4, r.nX());
        assertEquals(12, r.nY());
        assertEquals(1.0, r.superiority(), 0.0);
    }

    @Test
    void aConstantMatrixGivesPOne() {
        double[][] m = {{0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}};
        TestResult r = LayerShuffleTest.sameVsDifferentIndex(m, 1, 0);
        assertEquals(1.0, r.p(), 0.0);
        assertEquals(0.0, r.statistic(), 1e-15);
    }

    /** Exact p by brute force over all 5! column orders, against the Heap enumeration. */
    @Test
    void exactPMatchesBruteForce() {
        Random rnd = new Random(3);
        double[][] m = new double[6][5];
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        TestResult r = LayerShuffleTest.sameVsDifferentIndex(m, 1, 0);
        int[] p = {0, 1, 2, 3, 4};
        double obs = stat(m, p);
        int ge = 0, all = 0;
        for (int[] q : perms(p)) {
            ge += stat(m, q) >= obs - 1e-12 ? 1 : 0;
            all++;
        }
        assertEquals(120, all);
        assertEquals((double) ge / all, r.p(), 1e-15);
    }

    @Test
    void sampledIsSeededAndNeverZero() {
        double[][] m = new double[12][12];
        for (int i = 0; i < 12; i++) {
            m[i][i] = 1;
        }
        TestResult a = LayerShuffleTest.sameVsDifferentIndex(m, 999, 7), b = LayerShuffleTest.sameVsDifferentIndex(m, 999, 7);
        assertEquals(a, b);
        assertTrue(!a.exact());
        assertEquals(1.0 / 1000, a.p(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LayerShuffleTest.sameVsDifferentIndex(new double[][] {{1, 2}}, 10, 0));
    }

    static double stat(double[][] m, int[] perm) {
        int n = Math.min(m.length, m[0].length);
        double d = 0, t = 0;
        for (double[] r : m) {
            for (double v : r) {
                t += v;
            }
        }
        for (int i = 0; i < n; i++) {
            d += m[i][perm[i]];
        }
        return d / n - (t - d) / (m.length * m[0].length - n);
    }

    static java.util.List<int[]> perms(int[] a) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        permute(a.clone(), 0, out);
        return out;
    }

    static void permute(int[] a, int k, java.util.List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }
}

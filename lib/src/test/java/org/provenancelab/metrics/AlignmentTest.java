package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlignmentTest {
    @Test
    void argmaxMarginAndRate() {
        double[][] s = {{0.9, 0.5, 0.1}, {0.2, 0.4, 0.7}, {0.3, 0.3, 0.3}};
        assertArrayEquals(new int[] {0, 2, 0}, Alignment.argmax(s));
        double[] m = Alignment.margins(s);
        assertEquals(0.4, m[0], 1e-15);
        assertEquals(0.3, m[1], 1e-15);
        assertEquals(0.0, m[2], 0);
        assertEquals(1.0 / 3, Alignment.rate(Alignment.argmax(s), Alignment.identity(3, 3)), 1e-15);
        // rows without an expected partner are left out of the rate
        assertEquals(0.5, Alignment.rate(new int[] {0, 2, 0}, new int[] {0, -1, 1}), 0);
    }

    static double[][] noisyDiagonal(int n, int m, double signal, long seed) {
        Random r = new Random(seed);
        double[][] s = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                s[i][j] = r.nextGaussian() + (i == j ? signal : 0);
            }
        }
        return s;
    }

    @Test
    void shuffleNullSeesAStrongDiagonalAndNotNoise() {
        double[][] strong = noisyDiagonal(20, 20, 6, 1);
        var hit = Alignment.shuffleNull(strong, Alignment.identity(20, 20), 999, 42);
        assertEquals(1.0, hit.rate());
        assertEquals(1.0 / 1000, hit.rateP(), 1e-15);
        assertEquals(1.0 / 1000, hit.marginP(), 1e-15);
        double[][] noise = noisyDiagonal(20, 20, 0, 2);
        var miss = Alignment.shuffleNull(noise, Alignment.identity(20, 20), 999, 42);
        assertTrue(miss.rateP() > 0.05, "noise rate p " + miss.rateP());
        assertTrue(miss.marginP() > 0.05, "noise margin p " + miss.marginP());
        // the same seed gives the same p-values; another seed gives other draws
        assertEquals(miss, Alignment.shuffleNull(noise, Alignment.identity(20, 20), 999, 42));
    }

    @Test
    void dtwFindsAnInsertedLayer() {
        // model B = model A with an extra layer after A's layer 2
        Random r = new Random(3);
        double[][] a = new double[6][16];
        for (double[] v : a) {
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextGaussian();
            }
        }
        double[][] b = new double[7][];
        for (int j = 0, i = 0; j < 7; j++) {
            b[j] = j == 3 ? a[2].clone() : a[i++].clone();
            if (j == 3) {
                for (int k = 0; k < 16; k++) {
                    b[j][k] += 0.1 * r.nextGaussian();
                }
            }
        }
        double[][] cost = new double[6][7];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 7; j++) {
                cost[i][j] = VectorMetrics.meanAbsDiff(a[i], b[j]);
            }
        }
        Alignment.Dtw d = Alignment.dtw(cost);
        assertEquals(List.of(2), d.repeatedRows());
        assertEquals(List.of(), d.repeatedCols());
        int[][] p = d.path();
        assertEquals(7, p.length);
        assertArrayEquals(new int[] {0, 0}, p[0]);
        assertArrayEquals(new int[] {5, 6}, p[6]);
    }
}

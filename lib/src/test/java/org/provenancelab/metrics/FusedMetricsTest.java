package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused and matrix-product paths give the per-pair metrics' values (to 1e-12 relative). */
class FusedMetricsTest {
    private static double[] vector(SplittableRandom r, int n, double offset, double spread) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + spread * (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static void close(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void pairMetricsEqualThePerMetricFunctions() {
        SplittableRandom r = new SplittableRandom(7);
        // lengths below, at and above a block, odd, and large enough for both cores; offsets that make centring matter
        for (int n : new int[] {1, 2, 3, 1023, 1024, 1025, 5000, (1 << 18) + 3}) {
            for (double offset : new double[] {0, 1, 1e4}) {
                double[] a = vector(r, n, offset, 0.02), b = a.clone();
                for (int i = 0; i < n; i++) {
                    b[i] += 0.001 * (r.nextDouble() - 0.5);
                }
                PairMetrics p = PairMetrics.of(a, b);
                String at = "n=" + n + " offset=" + offset;
                close(VectorMetrics.cosine(a, b), p.cosine(), "cosine " + at);
                close(VectorMetrics.centeredCosine(a, b), p.centeredCosine(), "centred cosine " + at);
                close(VectorMetrics.meanAbsDiff(a, b), p.meanAbsDiff(), "mean |d| " + at);
                close(VectorMetrics.rmse(a, b), p.rmse(), "rmse " + at);
                assertEquals(VectorMetrics.maxAbsDiff(a, b), p.maxAbsDiff(), "max |d| " + at);
                close(VectorMetrics.relL2(a, b), p.relL2(), "rel_l2 " + at);
            }
        }
    }

    /** The values of bf16 weights: floats whose low 16 bits are zero. */
    private static float[] bf16Values(SplittableRandom r, int n, double offset, double spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Float.intBitsToFloat(Float.floatToIntBits((float) (offset + spread * (r.nextDouble() * 2 - 1))) & 0xffff0000);
        }
        return v;
    }

    private static double[] widened(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void floatWeightsGiveTheDoublePathsResultsExactly() {
        SplittableRandom r = new SplittableRandom(13);
        // one core and both, a block boundary and rows left over
        for (int n : new int[] {1, 1023, 1025, 4096 * 3, (1 << 18) + 3}) {
            float[] a = bf16Values(r, n, 1, 0.3), b = bf16Values(r, n, 0.9, 0.3);
            assertEquals(PairMetrics.of(widened(a), widened(b)), PairMetrics.of(a, b), "n=" + n);
        }
        for (int[] shape : new int[][] {{3, 5}, {70, 4097}, {128, 4096}}) {
            float[] a = bf16Values(r, shape[0] * shape[1], 0, 0.02), b = bf16Values(r, shape[0] * shape[1], 0, 0.02);
            assertArrayEquals(VectorMetrics.rowCosines(widened(a), widened(b), shape[1]), VectorMetrics.rowCosines(a, b, shape[1]),
                    Arrays.toString(shape));
        }
        float[] nan = {1, Float.NaN, 3};
        assertTrue(Double.isNaN(PairMetrics.of(nan, new float[] {1, 2, 3}).maxAbsDiff()));
        var e = assertThrows(IllegalArgumentException.class, () -> PairMetrics.of(new float[2], new float[3]));
        assertTrue(e.getMessage().contains("2 vs 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorMetrics.rowCosines(new float[8], new float[8], 3));
    }

    @Test
    void pairMetricsKeepNaNs() {
        double[] a = {1, 2, Double.NaN, 4}, b = {1, 2, 3, 5};
        PairMetrics p = PairMetrics.of(a, b);
        assertTrue(Double.isNaN(p.maxAbsDiff()) && Double.isNaN(p.meanAbsDiff()) && Double.isNaN(p.cosine()));
        double[] flat = {2, 2, 2, 2};
        assertTrue(Double.isNaN(PairMetrics.of(flat, b).centeredCosine()), "a constant vector has no correlation");
        assertEquals(1.0, PairMetrics.of(b, b).cosine());
    }

    @Test
    void rowCosinesEqualCosineOfEachRow() {
        SplittableRandom r = new SplittableRandom(3);
        int w = 4097, rows = 70;
        double[] a = vector(r, w * rows, 0, 1), b = vector(r, w * rows, 0.1, 1);
        double[] c = VectorMetrics.rowCosines(a, b, w);
        for (int i = 0; i < rows; i++) {
            close(VectorMetrics.cosine(Arrays.copyOfRange(a, i * w, (i + 1) * w), Arrays.copyOfRange(b, i * w, (i + 1) * w)), c[i],
                    "row " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> VectorMetrics.rowCosines(a, b, 4096));
    }

    @Test
    void pairwiseMatricesEqualThePerPairMetric() {
        SplittableRandom r = new SplittableRandom(11);
        // small (one core) and large enough for both cores; row counts that fill the blocked passes' blocks and
        // ones that leave a remainder (26 rows of a: six blocks of four and two left; 23 of b: an odd column)
        for (int[] shape : new int[][] {{5, 4, 33}, {24, 23, 4096}, {26, 23, 2049}}) {
            // the large case checks the fast paths (product, fused differences, both cores); the rest go pair by pair anyway
            List<Metric> metrics = shape[0] < 10 ? List.of(Metric.values()) : List.of(Metric.COSINE, Metric.CENTERED_COSINE,
                    Metric.PEARSON, Metric.MEAN_ABS_DIFF, Metric.RMSE, Metric.MAX_ABS_DIFF, Metric.REL_L2);
            double[][] a = new double[shape[0]][], b = new double[shape[1]][];
            for (int i = 0; i < a.length; i++) {
                a[i] = vector(r, shape[2], 1, 0.2);
            }
            for (int j = 0; j < b.length; j++) {
                b[j] = vector(r, shape[2], 0.9, 0.3);
            }
            b[1] = a[0].clone(); // an identical row: cosine exactly 1, differences 0
            Map<Metric, double[][]> all = PairwiseMatrices.of(metrics, a, b);
            for (Metric m : metrics) {
                for (int i = 0; i < a.length; i++) {
                    for (int j = 0; j < b.length; j++) {
                        close(m.apply(a[i], b[j]), all.get(m)[i][j], m.key() + " [" + i + "][" + j + "] of " + Arrays.toString(shape));
                    }
                }
            }
            assertEquals(1.0, all.get(Metric.COSINE)[0][1]);
            assertEquals(1.0, all.get(Metric.PEARSON)[0][1]);
            // without max |Δ| the difference pass takes its other loop: the same values
            List<Metric> sums = List.of(Metric.MEAN_ABS_DIFF, Metric.RMSE, Metric.REL_L2);
            Map<Metric, double[][]> some = PairwiseMatrices.of(sums, a, b);
            for (Metric m : sums) {
                for (int i = 0; i < a.length; i++) {
                    for (int j = 0; j < b.length; j++) {
                        close(m.apply(a[i], b[j]), some.get(m)[i][j], m.key() + " alone [" + i + "][" + j + "]");
                    }
                }
            }
            assertEquals(Set.of(Metric.MEAN_ABS_DIFF, Metric.RMSE, Metric.REL_L2), some.keySet());
        }
    }

    @Test
    void pairwiseMatricesNameBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairwiseMatrices.of(Metric.COSINE, new double[][] {{1, 2}}, new double[][] {{1, 2, 3}}));
        assertTrue(e.getMessage().contains("row 0 of b has 3 values"), e.getMessage());
    }
}

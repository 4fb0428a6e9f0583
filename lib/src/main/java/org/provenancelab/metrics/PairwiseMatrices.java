package org.provenancelab.metrics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * A metric over every pair (row i of a, row j of b), several metrics at once. Cosines and
 * Pearson correlations are one matrix product of normalised (centred) rows; the difference
 * metrics share one pass per pair; rows are spread over both cores when the work is large
 * enough. Each value equals {@link Metric#apply} of the two rows to rounding.
 */
public final class PairwiseMatrices {
    private PairwiseMatrices() {}

    private static final Set<Metric> DIFFERENCES = EnumSet.of(Metric.MEAN_ABS_DIFF, Metric.RMSE, Metric.MAX_ABS_DIFF, Metric.REL_L2);
    /** Pairs × width below which one core is faster than two. */
    private static final long PARALLEL_MIN = 1L << 20;

    /** One metric's matrix. */
    public static double[][] of(Metric metric, double[][] a, double[][] b) {
        return of(List.of(metric), a, b).get(metric);
    }

    /** Each metric's matrix (rows of a × rows of b). All rows must have one width. */
    public static Map<Metric, double[][]> of(List<Metric> metrics, double[][] a, double[][] b) {
        int w = width(a, b);
        Map<Metric, double[][]> out = new EnumMap<>(Metric.class);
        boolean parallel = (long) a.length * b.length * w >= PARALLEL_MIN;
        Set<Metric> diffs = EnumSet.noneOf(Metric.class);
        for (Metric m : metrics) {
            switch (m) {
                case COSINE -> out.put(m, product(a, b, false));
                case CENTERED_COSINE, PEARSON -> out.put(m, product(a, b, true));
                case MEAN_ABS_DIFF, RMSE, MAX_ABS_DIFF, REL_L2 -> diffs.add(m);
                default -> {
                    double[][] v = new double[a.length][b.length];
                    rows(a.length, parallel).forEach(i -> {
                        for (int j = 0; j < b.length; j++) {
                            v[i][j] = m.apply(a[i], b[j]);
                        }
                    });
                    out.put(m, v);
                }
            }
        }
        if (!diffs.isEmpty()) {
            differences(a, b, w, diffs, out, parallel);
        }
        return out;
    }

    private static IntStream rows(int n, boolean parallel) {
        IntStream s = IntStream.range(0, n);
        return parallel ? s.parallel() : s;
    }

    private static int width(double[][] a, double[][] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("pairwise matrix of " + a.length + " × " + b.length + " rows: both sides need rows");
        }
        int w = a[0].length;
        for (double[][] m : List.of(a, b)) {
            for (int i = 0; i < m.length; i++) {
                if (m[i].length != w) {
                    throw new IllegalArgumentException("row " + i + " of " + (m == a ? "a" : "b") + " has " + m[i].length
                            + " values, row 0 of a has " + w);
                }
            }
        }
        if (w == 0) {
            throw new IllegalArgumentException("vectors are empty");
        }
        return w;
    }

    /**
     * a_i·b_j / (|a_i| |b_j|), rows centred first for Pearson: one product A·Bᵀ of the (centred)
     * rows. The squared norms are summed in the product's own order (EJML's row-by-row inner
     * product), so a row against itself gives a dot equal to its squared norm and a cosine of
     * exactly 1, as the per-pair metric does.
     */
    private static double[][] product(double[][] a, double[][] b, boolean centre) {
        double[] xa = new double[a.length], xb = new double[b.length];
        DMatrixRMaj ma = rows(a, centre, xa, false), mbT = rows(b, centre, xb, true);
        DMatrixRMaj c = new DMatrixRMaj(a.length, b.length);
        // A·(Bᵀ) with Bᵀ stored: EJML's row-reordered product streams rows of Bᵀ (cache-friendly, vectorised
        // over columns) and still adds each pair's terms in index order
        if ((long) a.length * b.length * ma.numCols >= PARALLEL_MIN) {
            CommonOps_MT_DDRM.mult(ma, mbT, c);
        } else {
            CommonOps_DDRM.mult(ma, mbT, c);
        }
        double[][] v = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double den = xa[i] == xb[j] ? xa[i] : Math.sqrt(xa[i]) * Math.sqrt(xb[j]);
                v[i][j] = PairMetrics.clamp(PairMetrics.ratio(c.data[i * b.length + j], den));
            }
        }
        return v;
    }

    /**
     * The rows as one row-major matrix (centred if asked; transposed: one column per row), their
     * squared norms, summed in index order like the product, into {@code norms2}.
     */
    private static DMatrixRMaj rows(double[][] m, boolean centre, double[] norms2, boolean transposed) {
        int w = m[0].length, n = m.length;
        DMatrixRMaj out = transposed ? new DMatrixRMaj(w, n) : new DMatrixRMaj(n, w);
        double[] d = out.data;
        for (int i = 0; i < n; i++) {
            double mean = centre ? VectorMetrics.mean(m[i]) : 0;
            double ss = 0;
            for (int k = 0; k < w; k++) {
                double x = m[i][k] - mean;
                d[transposed ? k * n + i : i * w + k] = x;
                ss += x * x;
            }
            norms2[i] = ss;
        }
        return out;
    }

    /** mean |Δ|, rmse, max |Δ| and |Δ|/|a| from one pass over each pair. */
    private static void differences(double[][] a, double[][] b, int w, Set<Metric> want, Map<Metric, double[][]> out, boolean parallel) {
        double[][] mad = new double[a.length][b.length], rmse = new double[a.length][b.length];
        double[][] max = new double[a.length][b.length], rel = new double[a.length][b.length];
        rows(a.length, parallel).forEach(i -> {
            double[] x = a[i];
            double normA = Math.sqrt(sumSquares(x));
            int j = 0;
            // two columns per pass: each x[k] is loaded once for both
            for (; j + 1 < b.length; j += 2) {
                double[] y = b[j], z = b[j + 1];
                double s0 = 0, q0 = 0, m0 = 0, s1 = 0, q1 = 0, m1 = 0;
                for (int k = 0; k < w; k++) {
                    double xk = x[k], u = xk - y[k], v = xk - z[k], au = Math.abs(u), av = Math.abs(v);
                    s0 += au;
                    q0 += u * u;
                    m0 = au > m0 ? au : m0; // a compare, not Math.max (NaN is restored from the sum below)
                    s1 += av;
                    q1 += v * v;
                    m1 = av > m1 ? av : m1;
                }
                put(i, j, s0, q0, m0, w, normA, mad, rmse, max, rel);
                put(i, j + 1, s1, q1, m1, w, normA, mad, rmse, max, rel);
            }
            for (; j < b.length; j++) {
                double[] y = b[j];
                double s0 = 0, q0 = 0, m0 = 0;
                for (int k = 0; k < w; k++) {
                    double u = x[k] - y[k], au = Math.abs(u);
                    s0 += au;
                    q0 += u * u;
                    m0 = au > m0 ? au : m0;
                }
                put(i, j, s0, q0, m0, w, normA, mad, rmse, max, rel);
            }
        });
        for (Metric m : want) {
            out.put(m, switch (m) {
                case MEAN_ABS_DIFF -> mad;
                case RMSE -> rmse;
                case MAX_ABS_DIFF -> max;
                default -> rel;
            });
        }
    }

    private static void put(int i, int j, double sumAbs, double sumSq, double maxAbs, int w, double normA, double[][] mad,
                            double[][] rmse, double[][] max, double[][] rel) {
        mad[i][j] = sumAbs / w;
        rmse[i][j] = Math.sqrt(sumSq / w);
        max[i][j] = Double.isNaN(sumAbs) ? Double.NaN : maxAbs;
        rel[i][j] = PairMetrics.ratio(Math.sqrt(sumSq), normA);
    }

    private static double sumSquares(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }
}

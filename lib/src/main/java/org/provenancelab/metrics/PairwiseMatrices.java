package org.provenancelab.metrics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A metric over every pair (row i of a, row j of b), several metrics at once. Cosines and
 * Pearson correlations come from one blocked pass of dot products of the (centred) rows, the
 * difference metrics from another; blocks of rows are spread over both cores when the work is
 * large enough. Each value equals {@link Metric#apply} of the two rows to rounding.
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
                case COSINE -> out.put(m, product(a, b, false, parallel));
                case CENTERED_COSINE, PEARSON -> out.put(m, product(a, b, true, parallel));
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
     * a_i·b_j / (|a_i| |b_j|), rows centred first for Pearson. Every dot product, the squared
     * norms included, is summed in index order, so a row against itself gives a dot equal to its
     * squared norm and a cosine of exactly 1, as the per-pair metric does.
     */
    private static double[][] product(double[][] a, double[][] b, boolean centre, boolean parallel) {
        double[][] x = centre ? centred(a) : a, y = centre ? centred(b) : b;
        double[] xx = new double[x.length], yy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = dot(x[i], x[i]);
        }
        for (int j = 0; j < y.length; j++) {
            yy[j] = dot(y[j], y[j]);
        }
        double[][] v = new double[x.length][y.length];
        blocks(x.length, ROWS_A, parallel).forEach(i -> dots(x, y, i, v));
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                double den = xx[i] == yy[j] ? xx[i] : Math.sqrt(xx[i]) * Math.sqrt(yy[j]);
                v[i][j] = PairMetrics.clamp(PairMetrics.ratio(v[i][j], den));
            }
        }
        return v;
    }

    /** Rows of a product pass: four rows of a against two of b, so each value loaded serves several sums. */
    private static final int ROWS_A = 4;

    /** The first row of each block of {@code size} rows, spread over both cores if asked. */
    private static IntStream blocks(int n, int size, boolean parallel) {
        return rows((n + size - 1) / size, parallel).map(k -> k * size);
    }

    /**
     * x_i·y_j for rows i of one block into {@code out}: eight sums kept apart, each in index order
     * (the order {@link #dot} uses), which is what makes the pass fast and the self-product exact.
     */
    private static void dots(double[][] x, double[][] y, int from, double[][] out) {
        int w = x[0].length, to = Math.min(x.length, from + ROWS_A);
        if (to - from < ROWS_A) {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < y.length; j++) {
                    out[i][j] = dot(x[i], y[j]);
                }
            }
            return;
        }
        double[] x0 = x[from], x1 = x[from + 1], x2 = x[from + 2], x3 = x[from + 3];
        int j = 0;
        for (; j + 1 < y.length; j += 2) {
            double[] y0 = y[j], y1 = y[j + 1];
            double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
            for (int k = 0; k < w; k++) {
                double p = y0[k], q = y1[k], a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
                s00 += a0 * p;
                s01 += a0 * q;
                s10 += a1 * p;
                s11 += a1 * q;
                s20 += a2 * p;
                s21 += a2 * q;
                s30 += a3 * p;
                s31 += a3 * q;
            }
            out[from][j] = s00;
            out[from][j + 1] = s01;
            out[from + 1][j] = s10;
            out[from + 1][j + 1] = s11;
            out[from + 2][j] = s20;
            out[from + 2][j + 1] = s21;
            out[from + 3][j] = s30;
            out[from + 3][j + 1] = s31;
        }
        for (; j < y.length; j++) {
            for (int i = from; i < to; i++) {
                out[i][j] = dot(x[i], y[j]);
            }
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * y[k];
        }
        return s;
    }

    private static double[][] centred(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            double mean = VectorMetrics.mean(m[i]);
            out[i] = new double[m[i].length];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = m[i][k] - mean;
            }
        }
        return out;
    }

    /**
     * mean |Δ|, rmse, max |Δ| and |Δ|/|a| from one pass over each pair, two columns at a time so
     * each value of a is loaded once for both. The running maximum is kept only when asked for:
     * its compare costs more than the sums.
     */
    private static void differences(double[][] a, double[][] b, int w, Set<Metric> want, Map<Metric, double[][]> out, boolean parallel) {
        double[][] mad = new double[a.length][b.length], rmse = new double[a.length][b.length];
        double[][] max = new double[a.length][b.length], rel = new double[a.length][b.length];
        boolean withMax = want.contains(Metric.MAX_ABS_DIFF);
        rows(a.length, parallel).forEach(i -> {
            double[] x = a[i];
            double normA = Math.sqrt(dot(x, x));
            int j = 0;
            for (; j + 1 < b.length; j += 2) {
                double[] y = b[j], z = b[j + 1];
                double s0 = 0, q0 = 0, m0 = 0, s1 = 0, q1 = 0, m1 = 0;
                if (withMax) {
                    for (int k = 0; k < w; k++) {
                        double xk = x[k], u = xk - y[k], v = xk - z[k], au = Math.abs(u), av = Math.abs(v);
                        s0 += au;
                        q0 += u * u;
                        m0 = au > m0 ? au : m0; // a compare, not Math.max (NaN is restored from the sum in put)
                        s1 += av;
                        q1 += v * v;
                        m1 = av > m1 ? av : m1;
                    }
                } else {
                    for (int k = 0; k < w; k++) {
                        double xk = x[k], u = xk - y[k], v = xk - z[k];
                        s0 += Math.abs(u);
                        q0 += u * u;
                        s1 += Math.abs(v);
                        q1 += v * v;
                    }
                }
                put(i, j, s0, q0, m0, w, normA, mad, rmse, max, rel);
                put(i, j + 1, s1, q1, m1, w, normA, mad, rmse, max, rel);
            }
            for (; j < b.length; j++) {
                difference(x, b[j], i, j, w, normA, mad, rmse, max, rel);
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

    private static void difference(double[] x, double[] y, int i, int j, int w, double normA, double[][] mad, double[][] rmse,
                                   double[][] max, double[][] rel) {
        double s = 0, q = 0, m = 0;
        for (int k = 0; k < w; k++) {
            double u = x[k] - y[k], au = Math.abs(u);
            s += au;
            q += u * u;
            m = au > m ? au : m;
        }
        put(i, j, s, q, m, w, normA, mad, rmse, max, rel);
    }

    private static void put(int i, int j, double sumAbs, double sumSq, double maxAbs, int w, double normA, double[][] mad,
                            double[][] rmse, double[][] max, double[][] rel) {
        mad[i][j] = sumAbs / w;
        rmse[i][j] = Math.sqrt(sumSq / w);
        max[i][j] = Double.isNaN(sumAbs) ? Double.NaN : maxAbs;
        rel[i][j] = PairMetrics.ratio(Math.sqrt(sumSq), normA);
    }
}

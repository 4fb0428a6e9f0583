package org.provenancelab.metrics;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Per-layer fingerprints: one number per layer (mean, std, a quantile of a role's vector),
 * and their comparison across models with different depths, resampled to a common length.
 */
public final class Curves {
    private Curves() {}

    /** One value per layer. */
    public static double[] perLayer(LayerSeries s, ToDoubleFunction<double[]> stat) {
        double[] c = new double[s.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = stat.applyAsDouble(s.layerUnsafe(i));
        }
        return c;
    }

    public static double[] mean(LayerSeries s) {
        return perLayer(s, VectorMetrics::mean);
    }

    /** Population standard deviation per layer. */
    public static double[] std(LayerSeries s) {
        return perLayer(s, VectorMetrics::std);
    }

    /** The q-th percentile (0..100, linear interpolation) per layer. */
    public static double[] quantile(LayerSeries s, double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile must be within 0..100, got " + q);
        }
        return perLayer(s, v -> percentile(v, q));
    }

    static double percentile(double[] v, double q) {
        if (q == 0) {
            double m = Double.POSITIVE_INFINITY;
            for (double x : v) {
                m = Math.min(m, x);
            }
            return m;
        }
        return new Percentile().withEstimationType(EstimationType.R_7).evaluate(v, q);
    }

    /**
     * The curve resampled to {@code m} points: numpy.interp(linspace(0, 1, m), linspace(0, 1, n), curve).
     */
    public static double[] interp(double[] curve, int m) {
        int n = curve.length;
        if (n == 0 || m < 1) {
            throw new IllegalArgumentException("cannot resample a curve of " + n + " points to " + m);
        }
        double[] out = new double[m];
        if (n == 1) {
            java.util.Arrays.fill(out, curve[0]);
            return out;
        }
        for (int k = 0; k < m; k++) {
            double x = m == 1 ? 0 : (double) k / (m - 1);
            if (k == m - 1) {
                out[k] = curve[n - 1];
                continue;
            }
            // locate x among the n knots i/(n−1), the same knots numpy.linspace makes
            int i = (int) Math.floor(x * (n - 1));
            i = Math.min(Math.max(i, 0), n - 2);
            double x0 = linspace(i, n), x1 = linspace(i + 1, n);
            if (x < x0 && i > 0) {
                i--;
                x1 = x0;
                x0 = linspace(i, n);
            } else if (x >= x1 && i < n - 2) {
                i++;
                x0 = x1;
                x1 = linspace(i + 1, n);
            }
            double slope = (curve[i + 1] - curve[i]) / (x1 - x0);
            out[k] = slope * (x - x0) + curve[i];
        }
        return out;
    }

    /** numpy.linspace(0, 1, n)[i]. */
    private static double linspace(int i, int n) {
        if (i == n - 1) {
            return 1.0;
        }
        return i * (1.0 / (n - 1));
    }

    /** (c − mean) / std, population std; all zeros if the curve is flat. */
    public static double[] zscore(double[] curve) {
        double m = VectorMetrics.mean(curve), s = VectorMetrics.std(curve);
        double[] z = new double[curve.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = s == 0 ? 0 : (curve[i] - m) / s;
        }
        return z;
    }

    /**
     * Compares two per-layer curves of possibly different lengths: both resampled to the longer
     * length, then Pearson and Spearman correlation of the z-scored shapes.
     */
    public static Comparison compare(double[] a, double[] b) {
        int m = Math.max(a.length, b.length);
        double[] ra = zscore(interp(a, m)), rb = zscore(interp(b, m));
        return new Comparison(VectorMetrics.pearson(ra, rb), VectorMetrics.spearman(ra, rb), m);
    }

    /** Correlation of two resampled curves over {@code points} points. */
    public record Comparison(double pearson, double spearman, int points) {}
}

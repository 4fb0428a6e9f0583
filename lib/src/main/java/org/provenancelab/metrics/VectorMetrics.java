package org.provenancelab.metrics;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Comparisons of two equally long vectors (norm weights, flattened tensors, samples).
 * Definitions follow numpy/scipy, as in the golden file the tests check against.
 * A metric that divides by a zero norm or a zero mean returns NaN rather than a number
 * that looks meaningful.
 */
public final class VectorMetrics {
    private VectorMetrics() {}

    /** a·b / (|a| |b|). */
    public static double cosine(double[] a, double[] b) {
        check(a, b);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return ratio(dot, Math.sqrt(na) * Math.sqrt(nb));
    }

    /** Cosine of the mean-centred vectors; equal to Pearson's r. */
    public static double centeredCosine(double[] a, double[] b) {
        check(a, b);
        double ma = mean(a), mb = mean(b);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma, y = b[i] - mb;
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return ratio(dot, Math.sqrt(na) * Math.sqrt(nb));
    }

    /** Pearson's r, as scipy.stats.pearsonr (the same quantity as {@link #centeredCosine}). */
    public static double pearson(double[] a, double[] b) {
        double r = centeredCosine(a, b);
        // scipy clips to [-1, 1] against rounding.
        return Double.isNaN(r) ? r : Math.max(-1.0, Math.min(1.0, r));
    }

    /** Spearman's rank correlation, ties given their average rank (scipy.stats.spearmanr). */
    public static double spearman(double[] a, double[] b) {
        check(a, b);
        if (a.length < 2) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(a, b);
    }

    /** mean(|a − b|). */
    public static double meanAbsDiff(double[] a, double[] b) {
        check(a, b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    /** sqrt(mean((a − b)²)). */
    public static double rmse(double[] a, double[] b) {
        check(a, b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    /** max |a − b|. */
    public static double maxAbsDiff(double[] a, double[] b) {
        check(a, b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** |a − b|₂ / |a|₂: the difference relative to the first vector's size. */
    public static double relL2(double[] a, double[] b) {
        check(a, b);
        double d = 0, n = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            d += x * x;
            n += a[i] * a[i];
        }
        return ratio(Math.sqrt(d), Math.sqrt(n));
    }

    /** |p99(|a|) − p99(|b|)|, percentiles interpolated linearly as numpy's default. */
    public static double p99AbsDiff(double[] a, double[] b) {
        check(a, b);
        return Math.abs(percentileOfAbs(a, 99) - percentileOfAbs(b, 99));
    }

    /** |std(a)/mean(a) − std(b)/mean(b)|, population standard deviation. */
    public static double cvDiff(double[] a, double[] b) {
        check(a, b);
        return Math.abs(cv(a) - cv(b));
    }

    /** The fraction of positions where |a − b| ≤ tolerance. */
    public static double fractionWithin(double[] a, double[] b, double tolerance) {
        check(a, b);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) <= tolerance) {
                n++;
            }
        }
        return (double) n / a.length;
    }

    public static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s / a.length;
    }

    /** Population standard deviation (ddof = 0), two-pass. */
    public static double std(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double x : a) {
            double d = x - m;
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    static double cv(double[] a) {
        return ratio(std(a), mean(a));
    }

    /** numpy.percentile(|a|, q) with linear interpolation. */
    static double percentileOfAbs(double[] a, double q) {
        double[] abs = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            abs[i] = Math.abs(a[i]);
        }
        return new Percentile().withEstimationType(EstimationType.R_7).evaluate(abs, q);
    }

    private static double ratio(double num, double den) {
        return den == 0 ? Double.NaN : num / den;
    }

    static void check(double[] a, double[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("vectors are empty");
        }
    }
}

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
        // four independent accumulators per sum: the loop is bound by memory, not by add latency
        double d0 = 0, d1 = 0, d2 = 0, d3 = 0, x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        int n = a.length, i = 0;
        for (; i + 3 < n; i += 4) {
            d0 += a[i] * b[i];
            d1 += a[i + 1] * b[i + 1];
            d2 += a[i + 2] * b[i + 2];
            d3 += a[i + 3] * b[i + 3];
            x0 += a[i] * a[i];
            x1 += a[i + 1] * a[i + 1];
            x2 += a[i + 2] * a[i + 2];
            x3 += a[i + 3] * a[i + 3];
            y0 += b[i] * b[i];
            y1 += b[i + 1] * b[i + 1];
            y2 += b[i + 2] * b[i + 2];
            y3 += b[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            d0 += a[i] * b[i];
            x0 += a[i] * a[i];
            y0 += b[i] * b[i];
        }
        return PairMetrics.clamp(PairMetrics.ratio((d0 + d1) + (d2 + d3),
                Math.sqrt((x0 + x1) + (x2 + x3)) * Math.sqrt((y0 + y1) + (y2 + y3))));
    }

    /**
     * The cosine of each row pair (row i of a, row i of b) of two row-major matrices of the given
     * width, read in place (no row copies); rows are split over both cores when there are many.
     */
    public static double[] rowCosines(double[] a, double[] b, int width) {
        check(a, b);
        double[] out = new double[rows(a.length, width)];
        eachRowHalf(out.length, a.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = cosineOf(products(a, b, i * width, (i + 1) * width, 0, 0));
            }
        });
        return out;
    }

    /**
     * As {@link #rowCosines(double[], double[], int)}, of weights read as float (routers are
     * bfloat16 or float32, both exact as float): each row is widened to double in cache and
     * summed as there, so the results are the same from half the memory traffic.
     */
    public static double[] rowCosines(float[] a, float[] b, int width) {
        check(a, b);
        double[] out = new double[rows(a.length, width)];
        eachRowHalf(out.length, a.length, (from, to) -> {
            double[] x = new double[width], y = new double[width];
            for (int i = from; i < to; i++) {
                for (int k = 0, at = i * width; k < width; k++) {
                    x[k] = a[at + k];
                    y[k] = b[at + k];
                }
                out[i] = cosineOf(products(x, y, 0, width, 0, 0));
            }
        });
        return out;
    }

    private static int rows(int values, int width) {
        if (width <= 0 || values % width != 0) {
            throw new IllegalArgumentException("row width " + width + " does not divide the " + values + " values");
        }
        return values / width;
    }

    /** Rows [0, rows) in two halves on both cores when the matrices are large, else in one go. */
    private static void eachRowHalf(int rows, int values, java.util.function.BiConsumer<Integer, Integer> span) {
        if (values >= PairMetrics.PARALLEL_MIN && rows > 1) {
            java.util.stream.IntStream.range(0, 2).parallel().forEach(h -> span.accept(h == 0 ? 0 : rows / 2, h == 0 ? rows / 2 : rows));
        } else {
            span.accept(0, rows);
        }
    }

    /** The cosine from Σab, Σa² and Σb². */
    private static double cosineOf(double[] p) {
        return PairMetrics.clamp(PairMetrics.ratio(p[0], Math.sqrt(p[1]) * Math.sqrt(p[2])));
    }

    /** Cosine of the mean-centred vectors; equal to Pearson's r. */
    public static double centeredCosine(double[] a, double[] b) {
        check(a, b);
        return cosineOf(products(a, b, 0, a.length, mean(a), mean(b)));
    }

    /**
     * Σ(a−ma)(b−mb), Σ(a−ma)² and Σ(b−mb)² over {@code [from, to)}, summed in two interleaved lanes
     * (independent additions the CPU can overlap): one loop for the cosines, Pearson and a fused
     * block of {@link PairMetrics}.
     */
    static double[] products(double[] a, double[] b, int from, int to, double ma, double mb) {
        double d0 = 0, d1 = 0, x0 = 0, x1 = 0, y0 = 0, y1 = 0;
        int i = from;
        for (; i + 1 < to; i += 2) {
            double p = a[i] - ma, q = b[i] - mb, r = a[i + 1] - ma, t = b[i + 1] - mb;
            d0 += p * q;
            d1 += r * t;
            x0 += p * p;
            x1 += r * r;
            y0 += q * q;
            y1 += t * t;
        }
        for (; i < to; i++) {
            double p = a[i] - ma, q = b[i] - mb;
            d0 += p * q;
            x0 += p * p;
            y0 += q * q;
        }
        return new double[] {d0 + d1, x0 + x1, y0 + y1};
    }

    /** Pearson's r, as scipy.stats.pearsonr (the same quantity as {@link #centeredCosine}, clipped to [-1, 1] as scipy does). */
    public static double pearson(double[] a, double[] b) {
        return centeredCosine(a, b);
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
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length, i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += Math.abs(a[i] - b[i]);
            s1 += Math.abs(a[i + 1] - b[i + 1]);
            s2 += Math.abs(a[i + 2] - b[i + 2]);
            s3 += Math.abs(a[i + 3] - b[i + 3]);
        }
        for (; i < n; i++) {
            s0 += Math.abs(a[i] - b[i]);
        }
        return ((s0 + s1) + (s2 + s3)) / n;
    }

    /** sqrt(mean((a − b)²)). */
    public static double rmse(double[] a, double[] b) {
        check(a, b);
        return Math.sqrt(sumSquaredDiff(a, b) / a.length);
    }

    private static double sumSquaredDiff(double[] a, double[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length, i = 0;
        for (; i + 3 < n; i += 4) {
            double p = a[i] - b[i], q = a[i + 1] - b[i + 1], r = a[i + 2] - b[i + 2], t = a[i + 3] - b[i + 3];
            s0 += p * p;
            s1 += q * q;
            s2 += r * r;
            s3 += t * t;
        }
        for (; i < n; i++) {
            double p = a[i] - b[i];
            s0 += p * p;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double sumSquares(double[] a) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length, i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * a[i];
            s1 += a[i + 1] * a[i + 1];
            s2 += a[i + 2] * a[i + 2];
            s3 += a[i + 3] * a[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * a[i];
        }
        return (s0 + s1) + (s2 + s3);
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
        return PairMetrics.ratio(Math.sqrt(sumSquaredDiff(a, b)), Math.sqrt(sumSquares(a)));
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
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length, i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) / n;
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
        return PairMetrics.ratio(std(a), mean(a));
    }

    /** numpy.percentile(|a|, q) with linear interpolation. */
    static double percentileOfAbs(double[] a, double q) {
        double[] abs = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            abs[i] = Math.abs(a[i]);
        }
        return new Percentile().withEstimationType(EstimationType.R_7).evaluate(abs, q);
    }

    static void check(double[] a, double[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        checkLengths(a.length, b.length);
    }

    static void check(float[] a, float[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        checkLengths(a.length, b.length);
    }

    private static void checkLengths(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("vectors differ in length: " + a + " vs " + b);
        }
        if (a == 0) {
            throw new IllegalArgumentException("vectors are empty");
        }
    }
}

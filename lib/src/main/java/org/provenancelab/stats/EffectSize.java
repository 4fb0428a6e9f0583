package org.provenancelab.stats;

/**
 * Standardised mean differences. Reported as what they are (a distance in units of spread),
 * never turned into a "sigma" or a p-value: with a handful of values the spread itself is
 * barely known.
 */
public final class EffectSize {
    private EffectSize() {}

    /**
     * Cohen's d: (mean y − mean x) divided by the root of the mean of the two variances.
     *
     * @param ddof 0 for population variances (numpy's default {@code np.std}), 1 for sample variances
     */
    public static double cohensD(double[] x, double[] y, int ddof) {
        if (ddof != 0 && ddof != 1) {
            throw new IllegalArgumentException("ddof must be 0 or 1, got " + ddof);
        }
        if (x.length <= ddof || y.length <= ddof) {
            throw new IllegalArgumentException("Cohen's d needs more than " + ddof + " value(s) per group; got "
                    + x.length + " and " + y.length);
        }
        double pooled = Math.sqrt((variance(x, ddof) + variance(y, ddof)) / 2);
        return (mean(y) - mean(x)) / pooled;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    static double variance(double[] v, int ddof) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / (v.length - ddof);
    }
}

package org.provenancelab.stats;

/** Small descriptive helpers shared by the tests and the bootstrap. */
final class Samples {
    private Samples() {}

    static void check(String name, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("sample " + name + " is empty");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("sample " + name + " holds a non-finite value at " + i + ": " + v[i]);
            }
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sum of squared deviations from the mean. */
    static double ss(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s;
    }

    static double cohensD(double[] x, double[] y) {
        int df = x.length + y.length - 2;
        if (df < 1) {
            return Double.NaN;
        }
        double pooled = Math.sqrt((ss(x) + ss(y)) / df);
        return pooled == 0 ? Double.NaN : (mean(x) - mean(y)) / pooled;
    }

    static double superiority(double[] x, double[] y) {
        double wins = 0;
        for (double a : x) {
            for (double b : y) {
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return wins / ((double) x.length * y.length);
    }
}

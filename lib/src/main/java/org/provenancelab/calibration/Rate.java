package org.provenancelab.calibration;

import java.util.Locale;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * k events in n trials, with the exact (Clopper–Pearson) interval: the bounds are quantiles of
 * Beta(k, n − k + 1) and Beta(k + 1, n − k). Exact because the binomial tail is inverted, not
 * approximated; conservative, which suits the small n of a calibration set.
 */
public record Rate(int k, int n, double low, double high, double confidence) {
    public Rate {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("a rate needs 0 <= k <= n, got " + k + "/" + n);
        }
    }

    /** The Clopper–Pearson interval at {@code confidence} (e.g. 0.95). With n = 0 the interval is [0, 1]. */
    public static Rate clopperPearson(int k, int n, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("a rate needs 0 <= k <= n, got " + k + "/" + n);
        }
        double alpha = 1 - confidence;
        double low = k == 0 ? 0.0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(alpha / 2);
        double high = k == n ? 1.0 : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - alpha / 2);
        return new Rate(k, n, low, high, confidence);
    }

    /** k / n, NaN when n = 0. */
    public double estimate() {
        return n == 0 ? Double.NaN : (double) k / n;
    }

    @Override
    public String toString() {
        if (n == 0) {
            return "0/0 (no pairs)";
        }
        return String.format(Locale.ROOT, "%d/%d = %.1f%% (%.0f%% CI %.1f–%.1f%%)", k, n, 100 * estimate(),
                100 * confidence, 100 * low, 100 * high);
    }
}

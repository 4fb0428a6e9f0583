package org.provenancelab.metrics;

import java.util.Locale;
import java.util.function.ToDoubleBiFunction;

/**
 * The vector metrics by name, so that a matrix, a baseline or an alignment can be built for
 * any of them. {@link #similarity()} tells which way is "more alike": up for correlations,
 * down for differences.
 */
public enum Metric {
    COSINE("cosine", true, VectorMetrics::cosine),
    CENTERED_COSINE("centered_cosine", true, VectorMetrics::centeredCosine),
    PEARSON("pearson", true, VectorMetrics::pearson),
    SPEARMAN("spearman", true, VectorMetrics::spearman),
    MEAN_ABS_DIFF("mean_abs_diff", false, VectorMetrics::meanAbsDiff),
    RMSE("rmse", false, VectorMetrics::rmse),
    MAX_ABS_DIFF("max_abs_diff", false, VectorMetrics::maxAbsDiff),
    REL_L2("rel_l2", false, VectorMetrics::relL2),
    P99_ABS_DIFF("p99_abs_diff", false, VectorMetrics::p99AbsDiff),
    CV_DIFF("cv_diff", false, VectorMetrics::cvDiff);

    private final String key;
    private final boolean similarity;
    private final ToDoubleBiFunction<double[], double[]> f;

    Metric(String key, boolean similarity, ToDoubleBiFunction<double[], double[]> f) {
        this.key = key;
        this.similarity = similarity;
        this.f = f;
    }

    /** The name used in the golden file and by both sides' published outputs. */
    public String key() {
        return key;
    }

    /** True if larger values mean more alike (correlations); false for differences. */
    public boolean similarity() {
        return similarity;
    }

    public double apply(double[] a, double[] b) {
        return f.applyAsDouble(a, b);
    }

    /** The value turned so that larger always means more alike (differences negated). */
    public double alikeness(double value) {
        return similarity ? value : -value;
    }

    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'; known: "
                + java.util.Arrays.stream(values()).map(Metric::key).toList());
    }
}

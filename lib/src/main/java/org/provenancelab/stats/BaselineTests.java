package org.provenancelab.stats;

import org.provenancelab.metrics.Baselines;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The two questions a layer-wise similarity must answer before it means anything, for two
 * models and one metric, as rows of one table:
 * <ol>
 * <li>same vs different layer index across the models: {@link LayerShuffleTest} (column labels
 *     shuffled, which keeps the dependence between pairs sharing a layer);</li>
 * <li>across vs within: cross-model same-index values against model A's within-model pairs of
 *     different layers, a two-sample {@link PermutationTest} (optimistic: within-model pairs
 *     share layers, so they are not independent draws; the row says so).</li>
 * </ol>
 * Each row has n, the mean difference, p, the smallest p the design allows, Cohen's d, P(x &gt; y)
 * and a 95 % bootstrap interval of the difference; layer 0 and MTP layers can be left out.
 */
public final class BaselineTests {
    public static final int SAMPLES = 99_999;

    private BaselineTests() {}

    public static Table table(String title) {
        return Table.create(title, StringColumn.create("pair"), StringColumn.create("metric"), StringColumn.create("test"),
                IntColumn.create("n x"), IntColumn.create("n y"), DoubleColumn.create("mean x − mean y"), DoubleColumn.create("95% interval low"),
                DoubleColumn.create("95% interval high"), DoubleColumn.create("p"), DoubleColumn.create("smallest p possible"),
                StringColumn.create("p by"), DoubleColumn.create("cohen d"), DoubleColumn.create("P(x > y)"), StringColumn.create("source"));
    }

    /**
     * The table for reading: p and the smallest p as fractions where they are one over a whole
     * number of orders or splits (1/40,320 rather than 0.0000248016), and a p at the design's
     * floor marked "(floor)". The table itself keeps the numbers.
     */
    public static Table readable(Table tests) {
        Table t = tests.copy();
        StringColumn p = StringColumn.create("p"), floor = StringColumn.create("smallest p possible");
        for (int r = 0; r < t.rowCount(); r++) {
            double value = t.doubleColumn("p").get(r), least = t.doubleColumn("smallest p possible").get(r);
            floor.append(fraction(least));
            p.append(Math.abs(value - least) <= 1e-12 * least ? fraction(least) + " (floor)"
                    : String.format(java.util.Locale.ROOT, "%.3g", value));
        }
        t.replaceColumn("p", p);
        t.replaceColumn("smallest p possible", floor);
        return t.setName(tests.name());
    }

    private static String fraction(double p) {
        double n = 1 / p;
        return Math.abs(n - Math.rint(n)) < 1e-6 * n ? String.format(java.util.Locale.ROOT, "1/%,d", Math.round(n))
                : String.format(java.util.Locale.ROOT, "%.3g", p);
    }

    /** Adds both tests for {@code a} vs {@code b} under {@code metric} to {@code t}; seeded. */
    public static Table add(Table t, LayerSeries a, LayerSeries b, Metric metric, Baselines.Options options, long seed) {
        Table pairs = Baselines.pairs(a, b, metric);
        double[] same = Baselines.values(pairs, Baselines.SAME_INDEX, options);
        double[] within = Baselines.values(pairs, Baselines.WITHIN + a.model(), options);
        double[][] m = LayerMatrix.across(a, b, metric).values();
        if (options.excluded().contains(Baselines.Exclude.LAYER0)) {
            double[][] cut = new double[m.length - 1][];
            for (int i = 1; i < m.length; i++) {
                cut[i - 1] = java.util.Arrays.copyOfRange(m[i], 1, m[i].length);
            }
            m = cut;
        }
        if (options.excluded().contains(Baselines.Exclude.MTP)) {
            int rows = a.size() - (int) a.mtpLayers().stream().count(), cols = b.size() - (int) b.mtpLayers().stream().count();
            int skip = options.excluded().contains(Baselines.Exclude.LAYER0) ? 1 : 0;
            double[][] cut = new double[rows - skip][];
            for (int i = 0; i < rows - skip; i++) {
                cut[i] = java.util.Arrays.copyOf(m[i], cols - skip);
            }
            m = cut;
        }
        String pair = a.model() + " vs " + b.model() + describe(options);
        String src = Sources.union(a.sources(), b.sources()).label();
        TestResult shuffle = LayerShuffleTest.sameVsDifferentIndex(m, SAMPLES, seed);
        double[] off = offDiagonal(m);
        double[] diag = diagonal(m);
        row(t, pair, metric, "same vs different index across (layer labels shuffled)", shuffle,
                Bootstrap.meanDifference(diag, off, 0.95, 9_999, seed), shuffle.exact() ? "exact, all column orders" : "sampled column orders, seed " + seed, src);
        TestResult across = PermutationTest.meanDifference(same, within, PermutationTest.Alternative.GREATER, SAMPLES, seed);
        row(t, pair, metric, "across same-index vs within " + a.model() + " (pairs treated as independent)", across,
                Bootstrap.meanDifference(same, within, 0.95, 9_999, seed), across.exact() ? "exact, all splits" : "sampled splits, seed " + seed, src);
        return t;
    }

    /**
     * The baseline groups of {@code a} vs {@code b} under {@code metric} as distributions (within
     * each model, cross-model at different indices, cross-model at the same index), with the
     * same-index mean marked.
     */
    public static org.provenancelab.view.LabFigure figure(LayerSeries a, LayerSeries b, Metric metric, Baselines.Options options) {
        Table pairs = Baselines.pairs(a, b, metric);
        Sources src = Sources.union(a.sources(), b.sources());
        java.util.List<org.provenancelab.metrics.Summary> groups = new java.util.ArrayList<>();
        for (String g : java.util.List.of(Baselines.WITHIN + a.model(), Baselines.WITHIN + b.model(), Baselines.OFF_INDEX, Baselines.SAME_INDEX)) {
            double[] v = Baselines.values(pairs, g, options);
            if (v.length > 0) {
                groups.add(new org.provenancelab.metrics.Summary(g + " (n = " + v.length + ")", src, v));
            }
        }
        double observed = org.provenancelab.metrics.VectorMetrics.mean(Baselines.values(pairs, Baselines.SAME_INDEX, options));
        return org.provenancelab.view.Figures.distribution(metric.key() + " of " + a.label() + ": " + a.model() + " and " + b.model()
                + describe(options) + " (line: same-index mean)", observed, groups.toArray(new org.provenancelab.metrics.Summary[0]));
    }

    private static String describe(Baselines.Options o) {
        StringBuilder b = new StringBuilder();
        if (o.excluded().contains(Baselines.Exclude.LAYER0)) {
            b.append(", without layer 0");
        }
        if (o.excluded().contains(Baselines.Exclude.MTP)) {
            b.append(", without MTP");
        }
        return b.toString();
    }

    private static void row(Table t, String pair, Metric metric, String test, TestResult r, Bootstrap.Interval ci, String by, String src) {
        t.stringColumn("pair").append(pair);
        t.stringColumn("metric").append(metric.key());
        t.stringColumn("test").append(test);
        t.intColumn("n x").append(r.nX());
        t.intColumn("n y").append(r.nY());
        t.doubleColumn("mean x − mean y").append(r.statistic());
        t.doubleColumn("95% interval low").append(ci.low());
        t.doubleColumn("95% interval high").append(ci.high());
        t.doubleColumn("p").append(r.p());
        t.doubleColumn("smallest p possible").append(r.smallestPossibleP());
        t.stringColumn("p by").append(by);
        t.doubleColumn("cohen d").append(r.cohensD());
        t.doubleColumn("P(x > y)").append(r.superiority());
        t.stringColumn("source").append(src);
    }

    private static double[] diagonal(double[][] m) {
        int n = Math.min(m.length, m[0].length);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = m[i][i];
        }
        return d;
    }

    private static double[] offDiagonal(double[][] m) {
        java.util.List<Double> v = new java.util.ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                if (i != j) {
                    v.add(m[i][j]);
                }
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package org.provenancelab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The distributions a single similarity must be read against. For two series A and B and one
 * metric: every within-model pair of A and of B (unordered, i &lt; j), every cross-model pair at
 * the same layer index, and every cross-model pair at different indices. Each pair is tagged
 * with whether it touches layer 0 or an MTP layer, so either can be left out.
 */
public final class Baselines {
    public static final String WITHIN = "within ";
    public static final String SAME_INDEX = "cross same-index";
    public static final String OFF_INDEX = "cross off-index";

    private Baselines() {}

    /** All pairs, one row each: group, model/layer of each side, layer0, mtp, value. */
    public static Table pairs(LayerSeries a, LayerSeries b, Metric metric) {
        Table t = Table.create(metric.key() + " baselines: " + a.model() + " and " + b.model(),
                StringColumn.create("group"), StringColumn.create("model_a"), IntColumn.create("layer_a"),
                StringColumn.create("model_b"), IntColumn.create("layer_b"), BooleanColumn.create("layer0"),
                BooleanColumn.create("mtp"), DoubleColumn.create(metric.key()));
        within(t, a, metric);
        within(t, b, metric);
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                add(t, i == j ? SAME_INDEX : OFF_INDEX, a, i, b, j, metric);
            }
        }
        return t;
    }

    private static void within(Table t, LayerSeries s, Metric metric) {
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                add(t, WITHIN + s.model(), s, i, s, j, metric);
            }
        }
    }

    private static void add(Table t, String group, LayerSeries a, int i, LayerSeries b, int j, Metric metric) {
        t.stringColumn("group").append(group);
        t.stringColumn("model_a").append(a.model());
        t.intColumn("layer_a").append(i);
        t.stringColumn("model_b").append(b.model());
        t.intColumn("layer_b").append(j);
        t.booleanColumn("layer0").append(i == 0 || j == 0);
        t.booleanColumn("mtp").append(a.isMtp(i) || b.isMtp(j));
        t.doubleColumn(metric.key()).append(metric.apply(a.layerUnsafe(i), b.layerUnsafe(j)));
    }

    /**
     * Per group: n, mean, std (ddof 1), min, 5th percentile, median, 95th percentile, max.
     * Percentiles interpolate linearly (numpy's default).
     */
    public static Table summary(Table pairs, boolean withLayer0, boolean withMtp) {
        String valueColumn = pairs.columnNames().get(pairs.columnCount() - 1);
        Map<String, List<Double>> groups = new TreeMap<>();
        for (int r = 0; r < pairs.rowCount(); r++) {
            if (!withLayer0 && pairs.booleanColumn("layer0").get(r)) {
                continue;
            }
            if (!withMtp && pairs.booleanColumn("mtp").get(r)) {
                continue;
            }
            groups.computeIfAbsent(pairs.stringColumn("group").get(r), g -> new ArrayList<>())
                    .add(pairs.doubleColumn(valueColumn).get(r));
        }
        Table s = Table.create(pairs.name() + (withLayer0 ? "" : ", without layer 0") + (withMtp ? "" : ", without MTP"),
                StringColumn.create("group"), IntColumn.create("n"), DoubleColumn.create("mean"),
                DoubleColumn.create("std"), DoubleColumn.create("min"), DoubleColumn.create("p5"),
                DoubleColumn.create("median"), DoubleColumn.create("p95"), DoubleColumn.create("max"));
        Percentile pct = new Percentile().withEstimationType(EstimationType.R_7);
        for (var e : groups.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            pct.setData(v);
            s.stringColumn("group").append(e.getKey());
            s.intColumn("n").append(v.length);
            s.doubleColumn("mean").append(VectorMetrics.mean(v));
            s.doubleColumn("std").append(v.length > 1 ? VectorMetrics.std(v) * Math.sqrt(v.length / (v.length - 1.0)) : Double.NaN);
            s.doubleColumn("min").append(java.util.Arrays.stream(v).min().orElse(Double.NaN));
            s.doubleColumn("p5").append(pct.evaluate(5));
            s.doubleColumn("median").append(pct.evaluate(50));
            s.doubleColumn("p95").append(pct.evaluate(95));
            s.doubleColumn("max").append(java.util.Arrays.stream(v).max().orElse(Double.NaN));
        }
        return s;
    }

    /** The values of one group (after the same exclusions as {@link #summary}). */
    public static double[] values(Table pairs, String group, boolean withLayer0, boolean withMtp) {
        String valueColumn = pairs.columnNames().get(pairs.columnCount() - 1);
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < pairs.rowCount(); r++) {
            if (pairs.stringColumn("group").get(r).equals(group)
                    && (withLayer0 || !pairs.booleanColumn("layer0").get(r))
                    && (withMtp || !pairs.booleanColumn("mtp").get(r))) {
                v.add(pairs.doubleColumn(valueColumn).get(r));
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

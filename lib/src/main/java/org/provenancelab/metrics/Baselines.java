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

    /** Pairs a summary can leave out, by name. */
    public enum Exclude {
        /** pairs that touch layer 0 (whose norms are often unlike every other layer's) */
        LAYER0,
        /** pairs that touch a next-token-prediction layer (GLM's layer 46) */
        MTP
    }

    /** Which pairs a summary keeps: {@code Options.all()} or {@code Options.excluding(Exclude.LAYER0, Exclude.MTP)}. */
    public record Options(java.util.Set<Exclude> excluded) {
        public Options {
            excluded = excluded.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(java.util.EnumSet.copyOf(excluded));
        }

        public static Options all() {
            return new Options(java.util.Set.of());
        }

        public static Options excluding(Exclude... what) {
            return new Options(java.util.Set.of(what));
        }

        boolean keeps(Table pairs, int row) {
            return !(excluded.contains(Exclude.LAYER0) && pairs.booleanColumn("layer0").get(row))
                    && !(excluded.contains(Exclude.MTP) && pairs.booleanColumn("mtp").get(row));
        }

        String describe() {
            return (excluded.contains(Exclude.LAYER0) ? ", without layer 0" : "") + (excluded.contains(Exclude.MTP) ? ", without MTP" : "");
        }
    }

    /** All pairs, one row each: group, model/layer of each side, layer0, mtp, value. */
    public static Table pairs(LayerSeries a, LayerSeries b, Metric metric) {
        LayerMatrix.checkWidths(a, b);
        Table t = Table.create(metric.key() + " of " + a.label() + ", baselines: " + a.model() + " and " + b.model(),
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
        return org.provenancelab.provenance.Sources.union(a.sources(), b.sources()).record().withSourceColumn(t);
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

    /** {@link #summary(Table, Options)} over all pairs. */
    public static Table summary(Table pairs) {
        return summary(pairs, Options.all());
    }

    /**
     * Per group: n, mean, std (ddof 1), min, 5th percentile, median, 95th percentile, max, and the
     * pairs' source. Percentiles interpolate linearly (numpy's default).
     */
    public static Table summary(Table pairs, Options options) {
        String valueColumn = valueColumn(pairs);
        Map<String, List<Double>> groups = new TreeMap<>();
        for (int r = 0; r < pairs.rowCount(); r++) {
            if (options.keeps(pairs, r)) {
                groups.computeIfAbsent(pairs.stringColumn("group").get(r), g -> new ArrayList<>())
                        .add(pairs.doubleColumn(valueColumn).get(r));
            }
        }
        Table s = Table.create(pairs.name() + options.describe(),
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
        if (pairs.columnNames().contains("source") && pairs.rowCount() > 0) {
            StringColumn src = StringColumn.create("source");
            for (int i = 0; i < s.rowCount(); i++) {
                src.append(pairs.stringColumn("source").get(0));
            }
            s.addColumns(src);
        }
        return s;
    }

    /** The metric's column: the one after {@code mtp}. */
    private static String valueColumn(Table pairs) {
        int at = pairs.columnNames().indexOf("mtp");
        if (at < 0 || at + 1 >= pairs.columnCount()) {
            throw new IllegalArgumentException("table '" + pairs.name() + "' is not a baselines pairs table (no mtp column "
                    + "followed by the metric)");
        }
        return pairs.columnNames().get(at + 1);
    }

    /** The values of one group (after the same exclusions as {@link #summary}). */
    public static double[] values(Table pairs, String group, Options options) {
        String valueColumn = valueColumn(pairs);
        List<Double> v = new ArrayList<>();
        for (int r = 0; r < pairs.rowCount(); r++) {
            if (pairs.stringColumn("group").get(r).equals(group) && options.keeps(pairs, r)) {
                v.add(pairs.doubleColumn(valueColumn).get(r));
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package org.provenancelab.forensics;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.provenancelab.metrics.Baselines;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.LayerValues;
import org.provenancelab.metrics.Metric;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Experiment 5: a high-dimensional tensor family (k_proj, v_proj, a router) compared layer by
 * layer across two models, read against its baselines — every pair of different layers within
 * each model, and every cross-model pair at different indices. Big tensors are sampled
 * ({@link Sampling}: the same seeded windows in every layer of both models), so the numbers are
 * estimates of the full-tensor metric from those windows; small ones are read whole.
 */
public final class Informative {
    private final ModelSource a;
    private final ModelSource b;
    private final String key;
    private final Metric metric;
    private final Sampling sampling;
    private final LayerSeries seriesA;
    private final LayerSeries seriesB;
    private final LayerMatrix across;
    private final Table pairs;

    private Informative(ModelSource a, ModelSource b, String key, Metric metric, Sampling sampling, LayerSeries sa, LayerSeries sb) {
        this.a = a;
        this.b = b;
        this.key = key;
        this.metric = metric;
        this.sampling = sampling;
        this.seriesA = sa;
        this.seriesB = sb;
        this.across = LayerMatrix.across(sa, sb, metric);
        this.pairs = Baselines.pairs(sa, sb, metric);
    }

    /** The family {@code key} (a name with {@code {i}}) in both models. */
    public static Informative compare(ModelSource a, ModelSource b, String key, Metric metric, Sampling sampling) throws IOException {
        return compare(a, key, b, key, metric, sampling);
    }

    public static Informative compare(ModelSource a, String keyA, ModelSource b, String keyB, Metric metric, Sampling sampling)
            throws IOException {
        LayerSeries sa = sampling.series(a, keyA), sb = sampling.series(b, keyB);
        if (sa.layer(0).length != sb.layer(0).length) {
            throw new IllegalArgumentException(keyA + " in " + a.id() + " gives " + sa.layer(0).length + " sampled values, in " + b.id()
                    + " " + sb.layer(0).length + ": the tensors differ in size, so element-wise metrics do not apply");
        }
        return new Informative(a, b, keyA.equals(keyB) ? keyA : keyA + " / " + keyB, metric, sampling, sa, sb);
    }

    public LayerSeries seriesA() {
        return seriesA;
    }

    public LayerSeries seriesB() {
        return seriesB;
    }

    /** Layer i of A against layer j of B. */
    public LayerMatrix across() {
        return across;
    }

    /** Every pair, grouped (within A, within B, cross same-index, cross off-index), as Baselines gives them. */
    public Table pairs() {
        return pairs;
    }

    /** The value at the same layer index, i = 0 … min − 1. */
    public double[] sameIndex() {
        int n = Math.min(across.rows(), across.cols());
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = across.get(i, i);
        }
        return d;
    }

    /** The same-index values as a per-layer line (for {@code Figures.layerLines}). */
    public LayerValues sameIndexLine(String name) {
        return new LayerValues(name, metric.key(), sources(), sameIndex());
    }

    public Sources sources() {
        return Sources.of(a.source(), b.source());
    }

    /** Per group: n, mean, spread and extremes, without MTP layers. */
    public Table baselines() {
        Table s = Baselines.summary(pairs, Baselines.Options.excluding(Baselines.Exclude.MTP));
        if (s.columnNames().contains("source")) {
            s.removeColumns("source");
        }
        s.setName(metric.key() + " of " + key + ": " + a.id() + " and " + b.id() + ", baselines (" + sampling + ")");
        for (String c : java.util.List.of("mean", "std", "min", "p5", "median", "p95", "max")) {
            s.replaceColumn(c, s.doubleColumn(c).map(ByteScan::r3).setName(c));
        }
        StringColumn src = StringColumn.create("source");
        for (int r = 0; r < s.rowCount(); r++) {
            String g = s.stringColumn("group").get(r);
            src.append(g.equals(Baselines.WITHIN + a.id()) ? a.source().label()
                    : g.equals(Baselines.WITHIN + b.id()) ? b.source().label() : sources().label());
        }
        return s.addColumns(src);
    }

    /**
     * Several comparisons side by side, keyed by what is known about the pair: the same-index
     * values against the largest value any pair of different layers reaches, within either model
     * or across them (MTP layers left out).
     */
    public static Table summary(String title, Map<String, Informative> byRelation) {
        Table t = Table.create(title, StringColumn.create("pair"), StringColumn.create("relation"), StringColumn.create("tensor"),
                StringColumn.create("metric"), IntColumn.create("layers"), DoubleColumn.create("same index: mean"),
                DoubleColumn.create("same index: min"), DoubleColumn.create("other layers, within: max |r|"),
                DoubleColumn.create("other layers, across: max |r|"), StringColumn.create("source"));
        for (var e : byRelation.entrySet()) {
            Informative x = e.getValue();
            double[] d = x.sameIndex();
            double within = 0, across = 0;
            Table p = x.pairs;
            String col = x.metric.key();
            for (int r = 0; r < p.rowCount(); r++) {
                if (p.booleanColumn("mtp").get(r)) {
                    continue;
                }
                String g = p.stringColumn("group").get(r);
                double v = Math.abs(p.doubleColumn(col).get(r));
                if (g.startsWith(Baselines.WITHIN)) {
                    within = Math.max(within, v);
                } else if (g.equals(Baselines.OFF_INDEX)) {
                    across = Math.max(across, v);
                }
            }
            t.stringColumn("pair").append(x.a.id() + " vs " + x.b.id());
            t.stringColumn("relation").append(e.getKey());
            t.stringColumn("tensor").append(x.key);
            t.stringColumn("metric").append(col);
            t.intColumn("layers").append(d.length);
            t.doubleColumn("same index: mean").append(ByteScan.r3(java.util.Arrays.stream(d).average().orElse(Double.NaN)));
            t.doubleColumn("same index: min").append(ByteScan.r3(java.util.Arrays.stream(d).min().orElse(Double.NaN)));
            t.doubleColumn("other layers, within: max |r|").append(ByteScan.r3(within));
            t.doubleColumn("other layers, across: max |r|").append(ByteScan.r3(across));
            t.stringColumn("source").append(x.sources().label());
        }
        return t;
    }

    /** Per layer: the same-index value beside the mean and maximum over B's other layers. */
    public Table table() {
        Table t = Table.create(metric.key() + " of " + key + " per layer: " + a.id() + " vs " + b.id(), IntColumn.create("layer"),
                DoubleColumn.create("same index"), DoubleColumn.create("mean, other layers of B"),
                DoubleColumn.create("max, other layers of B"), StringColumn.create("source"));
        for (int i = 0; i < Math.min(across.rows(), across.cols()); i++) {
            double sum = 0, max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (int j = 0; j < across.cols(); j++) {
                if (j != i && !seriesB.isMtp(j)) {
                    sum += across.get(i, j);
                    max = Math.max(max, across.get(i, j));
                    n++;
                }
            }
            t.intColumn("layer").append(i);
            t.doubleColumn("same index").append(ByteScan.r3(across.get(i, i)));
            t.doubleColumn("mean, other layers of B").append(ByteScan.r3(n == 0 ? Double.NaN : sum / n));
            t.doubleColumn("max, other layers of B").append(ByteScan.r3(n == 0 ? Double.NaN : max));
            t.stringColumn("source").append(sources().label());
        }
        return t;
    }

    @Override
    public String toString() {
        double[] d = sameIndex();
        double m = java.util.Arrays.stream(d).average().orElse(Double.NaN);
        return metric.key() + " of " + key + ", " + a.id() + " vs " + b.id() + ": mean at the same index "
                + String.format(Locale.ROOT, "%.3f", m) + " over " + d.length + " layers (" + sampling + "; " + sources().label() + ")";
    }
}

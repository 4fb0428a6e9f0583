package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.provenancelab.metrics.Alignment;
import org.provenancelab.metrics.Curves;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Experiment 7, the intrinsic "std-curve" fingerprint: one statistic per layer of a tensor family
 * (the standard deviation of its weights, by default), compared across models by the shape of the
 * curve alone — resampled to a common depth ({@link Curves#interp}), z-scored, correlated
 * (Pearson, Spearman) — and by dynamic time warping of the z-scored curves, which allows a layer
 * inserted or dropped. The statistic needs no element correspondence, so models of different
 * widths can be compared. MTP layers are left out: they are not part of the stack.
 */
public final class StdCurves {
    private StdCurves() {}

    /** The per-layer statistic. */
    public enum Stat {
        STD("std"), RMS("rms (Frobenius norm / √n)"), MEAN("mean");

        private final String label;

        Stat(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        double of(double[] v) {
            return switch (this) {
                case STD -> VectorMetrics.std(v);
                case MEAN -> VectorMetrics.mean(v);
                case RMS -> {
                    double s = 0;
                    for (double x : v) {
                        s += x * x;
                    }
                    yield Math.sqrt(s / v.length);
                }
            };
        }
    }

    /** One model's curve. */
    public record Curve(String model, String key, Source source, Stat stat, double[] values) {
        public Curve {
            values = values.clone();
            if (values.length == 0) {
                throw new IllegalArgumentException(model + " " + key + ": an empty curve");
            }
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        public int layers() {
            return values.length;
        }

        @Override
        public String toString() {
            return stat.label() + " of " + key + " over " + values.length + " layers of " + model + " (" + source.label() + ")";
        }
    }

    /** The curve of a family ({@code {i}} for the layer), from sampled windows of each layer. */
    public static Curve of(ModelSource m, String key, Stat stat, Sampling sampling) throws IOException {
        LayerSeries s = sampling.series(m, key);
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.isMtp(i)) {
                v.add(stat.of(s.layer(i)));
            }
        }
        return new Curve(m.id(), key, m.source(), stat, v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A curve from values computed elsewhere (a published file: its source label says so). */
    public static Curve of(String model, String key, Source source, Stat stat, double[] values) {
        return new Curve(model, key, source, stat, values);
    }

    /**
     * Two curves compared.
     *
     * @param points  common depth both were resampled to
     * @param dtw     mean |z_a − z_b| along the warping path of the z-scored curves (0: same shape)
     */
    public record Comparison(Curve a, Curve b, int points, double pearson, double spearman, double dtw, int pathLength) {
        public Sources sources() {
            return Sources.of(a.source(), b.source());
        }
    }

    public static Comparison compare(Curve a, Curve b) {
        if (a.stat() != b.stat()) {
            throw new IllegalArgumentException("curves of different statistics: " + a + " and " + b);
        }
        Curves.Comparison c = Curves.compare(a.values(), b.values());
        double[] za = Curves.zscore(a.values()), zb = Curves.zscore(b.values());
        double[][] cost = new double[za.length][zb.length];
        for (int i = 0; i < za.length; i++) {
            for (int j = 0; j < zb.length; j++) {
                cost[i][j] = Math.abs(za[i] - zb[j]);
            }
        }
        Alignment.Dtw d = Alignment.dtw(cost);
        int len = d.path().length;
        return new Comparison(a, b, c.points(), c.pearson(), c.spearman(), d.total() / len, len);
    }

    /** Every pair of the first curve against the others, one row each. */
    public static Table table(String title, List<Comparison> comparisons) {
        Table t = Table.create(title, StringColumn.create("model A"), StringColumn.create("model B"), IntColumn.create("layers A"),
                IntColumn.create("layers B"), DoubleColumn.create("Pearson (resampled, z)"), DoubleColumn.create("Spearman"),
                DoubleColumn.create("DTW mean |Δz|"), StringColumn.create("source"));
        for (Comparison c : comparisons) {
            t.stringColumn("model A").append(c.a().model());
            t.stringColumn("model B").append(c.b().model());
            t.intColumn("layers A").append(c.a().layers());
            t.intColumn("layers B").append(c.b().layers());
            t.doubleColumn("Pearson (resampled, z)").append(ByteScan.r3(c.pearson()));
            t.doubleColumn("Spearman").append(ByteScan.r3(c.spearman()));
            t.doubleColumn("DTW mean |Δz|").append(ByteScan.r3(c.dtw()));
            t.stringColumn("source").append(c.sources().label());
        }
        return t;
    }

    /** Comparisons keyed by what is known about each pair. */
    public static Table table(String title, Map<String, Comparison> byRelation) {
        Table t = table(title, List.copyOf(byRelation.values()));
        StringColumn rel = StringColumn.create("relation");
        byRelation.keySet().forEach(rel::append);
        t.insertColumn(2, rel);
        return t;
    }

    /** The z-scored curves against relative depth (0 = first layer, 1 = last), for a line plot. */
    public static Table longTable(String title, List<Curve> curves) {
        Table t = Table.create(title, StringColumn.create("curve"), DoubleColumn.create("relative depth"), IntColumn.create("layer"),
                DoubleColumn.create("z"), DoubleColumn.create("value"), StringColumn.create("source"));
        for (Curve c : curves) {
            double[] z = Curves.zscore(c.values());
            for (int i = 0; i < z.length; i++) {
                t.stringColumn("curve").append(c.model());
                t.doubleColumn("relative depth").append(z.length == 1 ? 0 : (double) i / (z.length - 1));
                t.intColumn("layer").append(i);
                t.doubleColumn("z").append(z[i]);
                t.doubleColumn("value").append(c.values()[i]);
                t.stringColumn("source").append(c.source().label());
            }
        }
        return t;
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

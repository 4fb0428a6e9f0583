package org.provenancelab.metrics;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Two series compared at the same layer index with several metrics at once: one row per shared
 * layer, one column per metric, and the source column. This is the per-layer table both sides of
 * the dispute published (Sionic's layerwise CSV, the rebuttal's metric list).
 */
public final class LayerwiseTable {
    /** The eight metrics of the dispute: cosine, centred cosine, Pearson, Spearman, mean |diff|, rel_l2, p99 |diff|, cv_diff. */
    public static final List<Metric> DISPUTE = List.of(Metric.COSINE, Metric.CENTERED_COSINE, Metric.PEARSON, Metric.SPEARMAN,
            Metric.MEAN_ABS_DIFF, Metric.REL_L2, Metric.P99_ABS_DIFF, Metric.CV_DIFF);

    private LayerwiseTable() {}

    /** The eight metrics of the dispute at every shared layer index. */
    public static Table sameIndex(LayerSeries a, LayerSeries b) {
        return sameIndex(a, b, DISPUTE);
    }

    public static Table sameIndex(LayerSeries a, LayerSeries b, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics asked for");
        }
        LayerMatrix.checkWidths(a, b);
        int n = Math.min(a.size(), b.size());
        Table t = Table.create(a.label() + " at the same layer index: " + a.model() + " × " + b.model(),
                IntColumn.create("layer", java.util.stream.IntStream.range(0, n).toArray()));
        for (Metric m : metrics) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = m.apply(a.layer(i), b.layer(i));
            }
            t.addColumns(DoubleColumn.create(m.key(), v));
        }
        return org.provenancelab.provenance.Sources.union(a.sources(), b.sources()).record().withSourceColumn(t);
    }
}

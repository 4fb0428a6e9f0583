package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

class LayerMatrixTest {
    static LayerSeries series(String model, int layers, int width, long seed, Set<Integer> mtp) {
        Random r = new Random(seed);
        List<double[]> v = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            double[] x = new double[width];
            for (int k = 0; k < width; k++) {
                x[k] = 1 + 0.1 * r.nextGaussian();
            }
            v.add(x);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            names.add("layers." + i + ".input_layernorm.weight");
        }
        return new LayerSeries(Source.computed(model), "layers.{i}.input_layernorm.weight", v, mtp, names);
    }

    @Test
    void matrixEntriesAreTheMetricOfEachPair() {
        LayerSeries a = series("A", 4, 32, 1, Set.of()), b = series("B", 3, 32, 2, Set.of());
        LayerMatrix m = LayerMatrix.across(a, b, Metric.REL_L2);
        assertEquals(4, m.rows());
        assertEquals(3, m.cols());
        assertEquals(VectorMetrics.relL2(a.layer(2), b.layer(1)), m.get(2, 1));
        assertEquals(-m.get(0, 0), m.alikeness()[0][0]);
        Table t = m.pairs();
        assertEquals(12, t.rowCount());
        assertEquals(4, m.table().rowCount());
        LayerMatrix w = LayerMatrix.within(a, Metric.COSINE);
        assertEquals(1.0, w.get(3, 3), 1e-15);
    }

    @Test
    void baselinesTagLayerZeroAndMtp() {
        LayerSeries a = series("A", 4, 32, 1, Set.of(3)), b = series("B", 3, 32, 2, Set.of());
        Table pairs = Baselines.pairs(a, b, Metric.CENTERED_COSINE);
        assertEquals(6 + 3 + 3 + 9, pairs.rowCount());
        Table all = Baselines.summary(pairs);
        assertArrayEquals(new Object[] {"cross off-index", "cross same-index", "within A", "within B"},
                all.stringColumn("group").asObjectArray());
        assertArrayEquals(new Object[] {9, 3, 6, 3}, all.intColumn("n").asObjectArray());
        Table trimmed = Baselines.summary(pairs, Baselines.Options.excluding(Baselines.Exclude.LAYER0, Baselines.Exclude.MTP));
        // without layer 0 and without A's MTP layer 3: A pairs among {1,2}: 1; B among {1,2}: 1;
        // same-index (1,1),(2,2): 2; off-index rows {1,2} x cols {1,2}, i != j: 2
        assertArrayEquals(new Object[] {2, 2, 1, 1}, trimmed.intColumn("n").asObjectArray());
        double[] same = Baselines.values(pairs, Baselines.SAME_INDEX, Baselines.Options.all());
        assertEquals(VectorMetrics.centeredCosine(a.layer(1), b.layer(1)), same[1]);
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> series("A", 2, 4, 1, Set.of(5)));
        assertThrows(IllegalArgumentException.class, () -> Metric.byKey("sigma"));
        assertEquals(Metric.CV_DIFF, Metric.byKey("cv_diff"));
    }
}

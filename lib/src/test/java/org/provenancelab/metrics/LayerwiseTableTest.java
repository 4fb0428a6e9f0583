package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.provenancelab.provenance.Source;

class LayerwiseTableTest {
    @Test
    void oneRowPerSharedLayerOneColumnPerMetric() {
        var a = LayerSeries.of(Source.toy("t", "a", 1), "x.{i}.w", List.of(new double[] {1, 2, 3}, new double[] {1, 1, 2}, new double[] {0, 1, 0}));
        var b = LayerSeries.of(Source.toy("t", "b", 2), "x.{i}.w", List.of(new double[] {2, 4, 6}, new double[] {3, 1, 2}));
        var t = LayerwiseTable.sameIndex(a, b);
        assertEquals(2, t.rowCount());
        assertEquals(1 + 8 + 1, t.columnCount());
        assertEquals(1.0, t.doubleColumn("cosine").get(0), 1e-15);
        assertEquals(VectorMetrics.pearson(a.layer(1), b.layer(1)), t.doubleColumn("pearson").get(1), 0.0);
        assertEquals(VectorMetrics.relL2(a.layer(1), b.layer(1)), t.doubleColumn("rel_l2").get(1), 0.0);
        assertTrue(t.stringColumn("source").get(0).contains("toy t/a@1"));
    }

    @Test
    void widthMismatchFailsNamingTheModels() {
        var a = LayerSeries.of(Source.toy("t", "a", 1), "x.{i}.w", List.of(new double[] {1, 2, 3}));
        var b = LayerSeries.of(Source.toy("t", "b", 2), "x.{i}.w", List.of(new double[] {1, 2}));
        var e = assertThrows(IllegalArgumentException.class, () -> LayerwiseTable.sameIndex(a, b));
        assertTrue(e.getMessage().contains("toy t/b@2"), e.getMessage());
    }
}

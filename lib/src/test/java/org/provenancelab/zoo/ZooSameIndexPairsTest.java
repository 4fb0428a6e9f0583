package org.provenancelab.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.provenancelab.metrics.VectorMetrics;
import tech.tablesaw.api.Table;

/** Zoo.sameIndexPairs on real zoo jars: a documented int8 copy against a pair with no documented relation. */
class ZooSameIndexPairsTest {
    static final String NORM = "encoder.layer.{i}.output.LayerNorm.weight";

    @Test
    void anInt8CopyKeepsItsNormsAndAnUndocumentedPairIsMeasuredLayerByLayer() throws Exception {
        Table t = Zoo.sameIndexPairs(NORM, List.of(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q"), List.of("e5-small-v2", "bge-small-en")));
        assertEquals("Zoo pairs of the same shape, " + NORM + " at the same layer index", t.name());
        assertEquals(List.of("all-minilm-l6-v2 vs all-minilm-l6-v2-q", "e5-small-v2 vs bge-small-en"), t.stringColumn("pair").asList());
        assertEquals(List.of("int8 copy", "none documented"), t.stringColumn("documented relation").asList());
        // quantization leaves LayerNorm weights as float32: the copy's norms are its parent's
        assertEquals(1.0, t.doubleColumn("pearson min").get(0), 1e-12);
        assertEquals(1.0, t.doubleColumn("cosine mean").get(0), 1e-12);

        // the undocumented pair, computed by hand from the two models' vectors at each layer
        var e5 = Zoo.open("e5-small-v2").layerSeries(NORM);
        var bge = Zoo.open("bge-small-en").layerSeries(NORM);
        int layers = Zoo.entry("e5-small-v2").layers();
        double cos = 0, r = 0, rMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < layers; i++) {
            double[] a = e5.layer(i), b = bge.layer(i);
            cos += VectorMetrics.cosine(a, b) / layers;
            double p = VectorMetrics.pearson(a, b);
            r += p / layers;
            rMin = Math.min(rMin, p);
        }
        assertEquals(cos, t.doubleColumn("cosine mean").get(1), 1e-9);
        assertEquals(r, t.doubleColumn("pearson mean").get(1), 1e-9);
        assertEquals(rMin, t.doubleColumn("pearson min").get(1), 1e-9);
        assertTrue(t.doubleColumn("pearson min").get(1) < t.doubleColumn("pearson mean").get(1));
        assertTrue(t.stringColumn("source").get(1).contains("zoo"), t.stringColumn("source").get(1));
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.sameIndexPairs(NORM, List.of(List.of("e5-small-v2"))));
        assertTrue(e.getMessage().contains("[e5-small-v2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.sameIndexPairs(NORM, List.of(List.of("e5-small-v2", "no-such-model"))));
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.sameIndexPairs("encoder.layer.0.output.LayerNorm.weight", List.of()));
        assertTrue(e.getMessage().contains("{i}"), e.getMessage());
    }
}

package org.provenancelab.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.hub.Hub;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.model.Role;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Source;
import org.provenancelab.tensor.Tensor;

/** A quantized zoo model read through the hub: codes are never taken for values, series name their tensors. */
class ZooThroughHubTest {
    static final String MODEL = "all-minilm-l6-v2-q";

    @TempDir
    Path cache;

    @Test
    void int8CodesAreRefusedWhereValuesAreMeantOnEveryPath() throws Exception {
        ZooModel jar = Zoo.open(MODEL);
        String w = jar.graph().quantization().keySet().stream().sorted().findFirst().orElseThrow();
        Tensor codes = jar.read(w);
        assertTrue(codes.isCodes(), w);
        var e = assertThrows(IllegalStateException.class, codes::doubles);
        assertTrue(e.getMessage().contains("dequantized"), e.getMessage());
        try (Hub hub = Hub.fromEnvironment(Map.of("LAB_PROFILE", "offline", "LAB_CACHE", cache.toString()))) {
            SafetensorsModel served = hub.model(Zoo.repoId(MODEL));
            assertEquals(Source.Kind.LOCAL, served.source().kind());
            Tensor viaHub = served.read(w);
            assertTrue(viaHub.isCodes(), "the hub path marks the same tensor as codes");
            assertArrayEquals(codes.rawBytes(), viaHub.rawBytes());
            assertThrows(IllegalStateException.class, viaHub::doubles);
            assertArrayEquals(jar.dequantized(w).rawBytes(), served.dequantized(w).rawBytes(), "same values on both paths");
            assertThrows(IllegalStateException.class, () -> served.readRows(w, 0, 1).doubles());
        }
    }

    @Test
    void seriesByRoleAndByPatternNameTheTensorsTheyHold() throws Exception {
        ZooModel m = Zoo.open("all-minilm-l6-v2");
        LayerSeries byRole = m.layerSeries(Role.ATTN_NORM, "weight");
        assertEquals("encoder.layer.{i}.output.LayerNorm.weight", byRole.label(), "the label says which tensor the role is");
        LayerSeries post = m.layerSeries("encoder.layer.{i}.attention.output.LayerNorm.weight");
        assertEquals(6, post.size());
        assertEquals("encoder.layer.5.attention.output.LayerNorm.weight", post.tensor(5));
        assertArrayEquals(m.read("encoder.layer.5.attention.output.LayerNorm.weight").doubles(), post.layer(5));
        assertEquals(m.source(), post.source());
        assertTrue(post.toString().startsWith("encoder.layer.{i}.attention.output.LayerNorm.weight (zoo all-minilm-l6-v2): 6 layers"),
                post.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> m.layerSeries("encoder.layer.{i}.nothing.weight"));
        assertTrue(e.getMessage().contains("all-minilm-l6-v2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.layerSeries("encoder.layer.3.output.LayerNorm.weight"));
        tech.tablesaw.api.Table inv = m.inventory().table();
        assertTrue(inv.name().startsWith("Tensor inventory of all-minilm-l6-v2"), inv.name());
        assertEquals("zoo all-minilm-l6-v2", inv.stringColumn("source").get(0));
    }
}

package org.provenancelab.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The zoo's documented pairs through every method: an int8 copy shares its norms byte for byte. */
class ZooPairsTest {
    @Test
    void anInt8CopyIsDetectedByItsNormsAndItsDequantizedWeights() throws Exception {
        ZooPairs zoo = new ZooPairs();
        List<ModelPair> q = zoo.quantizedCopies();
        assertEquals(3, q.size());
        ModelPair minilm = q.stream().filter(p -> p.name().startsWith("all-minilm-l6-v2-q")).findFirst().orElseThrow();
        assertEquals(KnownRelation.QUANTIZED_COPY, minilm.relation());
        Methods.Run run = Methods.run(Methods.all(), List.of(minilm));
        Map<String, Double> s = run.scores().stream().collect(Collectors.toMap(PairScore::method, PairScore::value));
        assertEquals(1.0, s.get("norm.pearson"), 1e-9, "norms are not quantized");
        assertTrue(s.get("byte.identical_tensors") >= 12, "the 12 norm weights are byte-identical: " + s);
        assertTrue(s.get("attn.kv_cosine") > 0.99, "dequantized weights stay close: " + s);
        assertEquals(1.0, s.get("attn.k_alignment"));
        assertTrue(s.get("rows.assignment") > 0.99, s.toString());
        assertEquals("zoo all-minilm-l6-v2-q; zoo all-minilm-l6-v2", run.scores().get(0).sourceLabel());

        List<ModelPair> wide = zoo.acrossWidths("bge-small-zh-v15", List.of("all-minilm-l6-v2"));
        Methods.Run w = Methods.run(List.of(Methods.STD_CURVE, Methods.CKA, Methods.NORM_PEARSON), wide);
        assertEquals(List.of("curve.std", "cka.k_proj"), w.scores().stream().map(PairScore::method).toList());
        assertEquals(1, w.skipped().rowCount());
    }
}

package org.provenancelab.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SionicTensorsTest {
    @Test
    void perTensorFilesAreReadByFamilyAndLayer() {
        var t = SionicTensors.hashes();
        assertEquals(0, (int) t.intColumn("raw_hash_equal True").sum());
        assertEquals(229 + 320, (int) t.intColumn("compared").sum(), t.print());
        assertTrue(t.stringColumn("source").get(0).startsWith("published sionic@ff47427"));
        var k = SionicTensors.perLayer(SionicTensors.DETAILED, "self_attn.k_proj.weight", "cosine");
        assertEquals(46, k.size());
        assertEquals(-0.00028401534949173355, k.get(0), 0);
        var router = SionicTensors.router("aligned_expert_cosine");
        assertTrue(Double.isNaN(router.get(0)), "GLM's dense layer 0 has no router");
        var present = SionicTensors.present(router);
        assertEquals(45, present.n());
        assertEquals(0.018198, present.min(), 0);
        assertEquals(0.035162, present.max(), 0);
    }
}

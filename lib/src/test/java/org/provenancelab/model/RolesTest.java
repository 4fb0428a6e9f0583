package org.provenancelab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.provenancelab.hub.Synthetic;
import org.provenancelab.safetensors.TensorEntry;

class RolesTest {
    static void check(Roles r, Map<String, Role> expected) {
        expected.forEach((name, role) -> assertEquals(role, r.of(name).role(), name));
    }

    @Test
    void glmAndSolarNames() {
        Roles glm = new Roles("glm4_moe", 46);
        check(glm, Map.ofEntries(
                Map.entry("model.embed_tokens.weight", Role.EMBEDDING),
                Map.entry("model.layers.3.input_layernorm.weight", Role.ATTN_NORM),
                Map.entry("model.layers.3.post_attention_layernorm.weight", Role.FFN_NORM),
                Map.entry("model.layers.3.self_attn.q_proj.weight", Role.Q_PROJ),
                Map.entry("model.layers.3.self_attn.k_proj.bias", Role.K_BIAS),
                Map.entry("model.layers.3.self_attn.v_proj.bias", Role.V_BIAS),
                Map.entry("model.layers.3.self_attn.o_proj.weight", Role.O_PROJ),
                Map.entry("model.layers.3.mlp.gate.weight", Role.ROUTER),
                Map.entry("model.layers.3.mlp.gate.e_score_correction_bias", Role.ROUTER),
                Map.entry("model.layers.3.mlp.experts.17.down_proj.weight", Role.EXPERT),
                Map.entry("model.layers.3.mlp.shared_experts.up_proj.weight", Role.SHARED_EXPERT),
                Map.entry("model.layers.0.mlp.gate_proj.weight", Role.DENSE_MLP),
                Map.entry("model.norm.weight", Role.FINAL_NORM),
                Map.entry("lm_head.weight", Role.LM_HEAD),
                Map.entry("model.layers.46.eh_proj.weight", Role.OTHER)));
        TensorRole e = glm.of("model.layers.3.mlp.experts.17.down_proj.weight");
        assertEquals(3, e.layer());
        assertEquals(17, e.expert());
        assertTrue(glm.of("model.layers.46.input_layernorm.weight").mtp());
        assertFalse(glm.of("model.layers.45.input_layernorm.weight").mtp());
        assertEquals(Role.ATTN_NORM, new Roles("solar_open", 48).of("model.layers.47.input_layernorm.weight").role());
    }

    @Test
    void phiMoeDeepseekAndBertNames() {
        check(new Roles("phimoe", 32), Map.of(
                "model.layers.0.input_layernorm.bias", Role.ATTN_NORM,
                "model.layers.0.block_sparse_moe.gate.weight", Role.ROUTER,
                "model.layers.0.block_sparse_moe.experts.15.w2.weight", Role.EXPERT,
                "lm_head.bias", Role.LM_HEAD));
        check(new Roles("deepseek_v2", 27), Map.of(
                "model.layers.1.self_attn.kv_a_proj_with_mqa.weight", Role.ATTN_OTHER,
                "model.layers.1.self_attn.kv_a_layernorm.weight", Role.ATTN_OTHER,
                "model.layers.1.mlp.shared_experts.down_proj.weight", Role.SHARED_EXPERT,
                "model.layers.0.mlp.down_proj.weight", Role.DENSE_MLP));
        check(new Roles("bert", 6), Map.of(
                "embeddings.word_embeddings.weight", Role.EMBEDDING,
                "embeddings.LayerNorm.weight", Role.EMBEDDING_NORM,
                "encoder.layer.3.attention.self.query.weight", Role.Q_PROJ,
                "encoder.layer.3.attention.self.key.bias", Role.K_BIAS,
                "encoder.layer.3.attention.output.dense.weight", Role.O_PROJ,
                "encoder.layer.3.attention.output.LayerNorm.weight", Role.FFN_NORM,
                "encoder.layer.3.output.LayerNorm.weight", Role.ATTN_NORM,
                "encoder.layer.3.intermediate.dense.weight", Role.DENSE_MLP,
                "pooler.dense.weight", Role.OTHER));
    }

    @Test
    void unknownArchitecturesKeepRawNamesWithANote() {
        Roles r = new Roles("llama", 32);
        assertFalse(r.known());
        assertTrue(r.note().contains("'llama'") && r.note().contains("raw names"), r.note());
        assertEquals(Role.OTHER, r.of("model.layers.0.input_layernorm.weight").role());
    }

    @Test
    void activeParametersOfAGlmShapedLayout() {
        Synthetic.Spec s = Synthetic.GLM_LIKE;
        List<TensorEntry> entries = new ArrayList<>();
        for (Synthetic.TensorSpec t : Synthetic.tensors(s)) {
            long n = java.util.Arrays.stream(t.shape()).reduce(1, (a, b) -> a * b);
            entries.add(new TensorEntry(t.name(), t.dtype(), t.shape(), "x", 0, n * t.dtype().size()));
        }
        Inventory inv = new Inventory(org.provenancelab.provenance.Source.local(s.repo(), "0".repeat(40)), entries, new Roles(s.modelType(), s.layers()));
        ParameterCounts pc = new ParameterCounts(inv, s.topK());
        long expert = 3L * s.moeIntermediate() * s.hidden();
        long routedMain = expert * s.experts() * (s.layers() - s.firstDense());
        long mtpLayer = pc.role("mtp layers");
        assertTrue(mtpLayer > expert * s.experts(), "the MTP layer holds its own experts");
        assertEquals(pc.total() - mtpLayer - routedMain + routedMain / s.experts() * s.topK(), pc.active());
        // the real GLM-4.5-Air is ~106B total, ~12B active; the synthetic layout lands near both
        assertTrue(pc.total() > 100e9 && pc.total() < 115e9, "total " + pc.total());
        assertTrue(pc.active() > 10e9 && pc.active() < 14e9, "active " + pc.active());
        tech.tablesaw.api.Table t = pc.table();
        assertEquals("Parameters of synthetic/glm-like", t.name());
        int last = t.rowCount() - 1;
        assertTrue(t.intColumn("tensors").isMissing(last), "the active row counts no tensors of its own");
        assertEquals(pc.active(), t.longColumn("parameters").get(last));
        for (String share : t.stringColumn("share")) {
            assertTrue(share.matches("\\d+(\\.\\d+)? %"), "a readable percentage, never e-notation: " + share);
        }
        assertEquals("local synthetic/glm-like@0000000", t.stringColumn("source").get(0));
        assertEquals("0.000192 %", ParameterCounts.share(1.9153e-06));
        assertEquals("100.0 %", ParameterCounts.share(1));
        assertEquals("4.17 %", ParameterCounts.share(0.04166));
    }
}

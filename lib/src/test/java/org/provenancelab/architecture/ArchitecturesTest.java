package org.provenancelab.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.claims.Published;
import org.provenancelab.claims.Side;
import org.provenancelab.hub.HubClient;
import org.provenancelab.hub.HubStore;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.hub.RetryPolicy;
import org.provenancelab.hub.Synthetic;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Source;
import org.provenancelab.zoo.Zoo;
import tech.tablesaw.api.Table;

class ArchitecturesTest {
    static String row(Table t, String field, int col) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn(0).get(i).equals(field)) {
                return t.stringColumn(col).get(i);
            }
        }
        throw new AssertionError("no row " + field);
    }

    @Test
    void publishedConfigsSideBySide() {
        Published p = Published.shipped();
        JsonNode cc = p.json(Side.SIONIC, "out_solar_vs_glm45/00_config_compare.json");
        Source s = p.source(Side.SIONIC);
        Table t = Architectures.configTable(List.of(ModelConfig.of("Solar", cc.path("A").path("config_summary"), s),
                ModelConfig.of("GLM", cc.path("B").path("config_summary"), s)));
        assertEquals("48", row(t, "num_hidden_layers", 1));
        assertEquals("46", row(t, "num_hidden_layers", 2));
        assertEquals("DIFFERS", row(t, "num_hidden_layers", 3));
        assertEquals("absent in both", row(t, "head_dim", 3));
        assertEquals("same", row(t, "hidden_size", 3));
        assertEquals("same", row(t, "routed experts", 3));
        assertEquals("—", row(t, "num_nextn_predict_layers", 1));
        assertEquals("1", row(t, "num_nextn_predict_layers", 2));
        assertEquals("—", row(t, "head_dim", 1)); // not in Sionic's summary, and not guessed
        assertEquals("[151329,151336,151338]", row(t, "eos_token_id", 2));
        assertEquals("published sionic@ff47427", row(t, "source", 1));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.of("x", new ObjectMapper().createArrayNode(), s));
        assertEquals("glm4_moe: 46 layers + 1 MTP, hidden 4,096, 96 query / 8 key-value heads, 128 routed + 1 shared experts "
                + "(8 per token), vocabulary 151,552", Architectures.oneLine(cc.path("B").path("config_summary")));
    }

    @Test
    void rolesOfTheSyntheticLayoutsAndTheZoo(@TempDir Path cache) throws Exception {
        try (LocalHub hub = LocalHub.start()) {
            Synthetic.publish(hub, Synthetic.SOLAR_LIKE);
            Synthetic.publish(hub, Synthetic.GLM_LIKE);
            HubClient c = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
            ModelSource solar = new SafetensorsModel(HubStore.open(c, new DataCache(cache), Synthetic.SOLAR_LIKE.repo(), "main"));
            ModelSource glm = new SafetensorsModel(HubStore.open(c, new DataCache(cache), Synthetic.GLM_LIKE.repo(), "main"));
            Table t = Architectures.roleTable(List.of(solar, glm, Zoo.open("all-minilm-l6-v2")));
            assertEquals("48 × [1024, 4096]", row(t, "k_proj", 1));
            assertEquals("46 × [1024, 4096]", row(t, "k_proj", 2));
            assertEquals("synthetic/solar-like, synthetic/glm-like", row(t, "k_proj", 4));
            assertEquals("none", row(t, "q_proj", 4)); // 8192 vs 12288 query rows
            assertEquals("—", row(t, "q_bias", 1));
            assertEquals("46 × [12288]", row(t, "q_bias", 2));
            assertEquals("—", row(t, "dense_mlp", 1));
            assertEquals("3 × [10944, 4096] or [4096, 10944]", row(t, "dense_mlp", 2));
            assertEquals("18,432 × [1280, 4096] or [4096, 1280]", row(t, "expert", 1));
            assertEquals("—", row(t, "mtp layers (all roles)", 1));
            assertTrue(row(t, "mtp layers (all roles)", 2).endsWith(" tensors"));
            assertEquals("zoo all-minilm-l6-v2", row(t, "source", 3));
            assertEquals(128, Architectures.headDim(solar)); // 8192 query rows / 64 heads
            assertEquals(128, Architectures.headDim(glm)); // 12288 / 96
            // the layouts' head size is their builder's assumption, the zoo's is read from its files
            Table heads = Architectures.headTable(List.of(solar, Zoo.open("all-minilm-l6-v2")));
            assertEquals(128, heads.intColumn("head size").get(0));
            assertEquals(32, heads.intColumn("head size").get(1));
            assertEquals("measured from the header", heads.stringColumn("what it is").get(1));
            // the notebooks' hub labels these repos local: their head size is then the builder's assumption
            Source layout = Source.local(Synthetic.SOLAR_LIKE.repo(), solar.commit());
            assertTrue(!Architectures.measured(layout) && Architectures.measured(Source.live("a/b", solar.commit())));
            assertEquals("the lab's synthetic layout (published config, assumed head size and biases), not measured",
                    Architectures.whatItIs(layout));
            assertEquals("read from the local hub's stand-in, not from the real model",
                    Architectures.whatItIs(Source.local("upstage/Solar-Open-100B", solar.commit())));
        }
    }
}

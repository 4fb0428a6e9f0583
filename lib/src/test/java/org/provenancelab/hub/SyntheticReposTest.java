package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.claims.Published;
import org.provenancelab.claims.Side;
import org.provenancelab.model.Role;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Source;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tokenizer.Tokenizer;
import org.provenancelab.tokenizer.TokenizerComparison;

/** The synthetic Solar/GLM-shaped repos: laid out like the real ones, with history, served by the local hub. */
class SyntheticReposTest {
    static LocalHub hub;
    static String solarHead, glmHead;
    @TempDir
    static Path cacheDir;

    @BeforeAll
    static void start() throws Exception {
        hub = LocalHub.start();
        solarHead = Synthetic.publish(hub, Synthetic.SOLAR_LIKE);
        glmHead = Synthetic.publish(hub, Synthetic.GLM_LIKE);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static HubClient client() {
        return new HubClient(hub.endpoint(), null, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20)), false);
    }

    static SafetensorsModel open(HubClient c, String repo, String rev) throws Exception {
        return new SafetensorsModel(HubStore.open(c, new DataCache(cacheDir), repo, rev));
    }

    @Test
    void aCopyKeepsTheParentsTensorsWhereTheLayoutsAgree() throws Exception {
        Synthetic.publishCopy(hub, Synthetic.SOLAR_LIKE.as("lab/solar-like-from-glm"), Synthetic.GLM_LIKE, 0);
        SafetensorsModel copy = open(client(), "lab/solar-like-from-glm", "main");
        SafetensorsModel glm = open(client(), Synthetic.GLM_LIKE.repo(), "main");
        SafetensorsModel solar = open(client(), Synthetic.SOLAR_LIKE.repo(), "main");
        // same name, dtype and shape in both layouts: the parent's bytes (though the two store them in different shards)
        for (String t : List.of("model.layers.3.input_layernorm.weight", "model.layers.45.self_attn.k_proj.weight",
                "model.layers.7.mlp.gate.weight", "model.norm.weight")) {
            assertEquals(glm.read(t).sha256(), copy.read(t).sha256(), t);
            assertNotEquals(glm.read(t).sha256(), solar.read(t).sha256(), "the independent stand-in differs: " + t);
        }
    }

    @Test
    void aDriftedCopyMovesTheParentsValuesLikeAFineTune() throws Exception {
        Synthetic.publishCopy(hub, Synthetic.GLM_LIKE.as("lab/glm-like-tuned"), Synthetic.GLM_LIKE, 0.02);
        SafetensorsModel tuned = open(client(), "lab/glm-like-tuned", "main");
        SafetensorsModel glm = open(client(), Synthetic.GLM_LIKE.repo(), "main");
        String k = "model.layers.12.self_attn.k_proj.weight", norm = "model.layers.12.input_layernorm.weight";
        Tensor a = tuned.read(k), b = glm.read(k);
        assertTrue(VectorMetrics.pearson(a.doubles(), b.doubles()) > 0.999, "the values stay those of the parent, nearly");
        assertTrue(a.fractionByteIdentical(b) < 0.5, "but most bfloat16 elements of a weight matrix change: " + a.fractionByteIdentical(b));
        Tensor na = tuned.read(norm), nb = glm.read(norm);
        assertNotEquals(nb.sha256(), na.sha256(), "no tensor stays whole");
        assertTrue(na.fractionByteIdentical(nb) > 0.5, "while most norm gains near 1 keep their bytes: " + na.fractionByteIdentical(nb));
        // the same call is the same model: the drift is seeded by the repo and tensor
        assertEquals(na.sha256(), open(client(), "lab/glm-like-tuned", "main").read(norm).sha256());
        assertThrows(IllegalArgumentException.class,
                () -> Synthetic.publishCopy(hub, Synthetic.GLM_LIKE.as("lab/x"), Synthetic.GLM_LIKE, -0.1));
    }

    @Test
    void thePhiShapedControlNamesItsExpertsAsMixtralDoes() throws Exception {
        Synthetic.publish(hub, Synthetic.PHI_LIKE);
        SafetensorsModel phi = open(client(), Synthetic.PHI_LIKE.repo(), "main");
        SafetensorsModel glm = open(client(), Synthetic.GLM_LIKE.repo(), "main");
        assertEquals(32, phi.config().path("num_hidden_layers").asInt());
        assertEquals(16, phi.config().path("num_local_experts").asInt());
        assertTrue(phi.config().path("n_shared_experts").isMissingNode(), phi.config().toString());
        var inv = phi.inventory();
        assertEquals(Role.ROUTER, inv.roles().of("model.layers.31.block_sparse_moe.gate.weight").role());
        var expert = inv.roles().of("model.layers.0.block_sparse_moe.experts.15.w2.weight");
        assertEquals(Role.EXPERT, expert.role());
        assertEquals(15, expert.expert());
        assertTrue(inv.tensors().stream().noneMatch(t -> t.name().contains("shared_expert") || t.name().contains("mlp.")),
                "no shared expert, no DeepSeek-style names");
        // 32 layers × (2 norms, q/k/v/o with q/k/v biases, router, 16 × 3 experts) + embeddings, final norm, head
        assertEquals(32 * (2 + 7 + 1 + 48) + 3, inv.size());
        // k_proj has GLM's shape, so the same-index methods compare them; the values are its own
        String k = "model.layers.5.self_attn.k_proj.weight";
        assertEquals(List.of(1024L, 4096L), java.util.Arrays.stream(phi.read(k).shape()).boxed().toList());
        assertNotEquals(glm.read(k).sha256(), phi.read(k).sha256());
    }

    @Test
    void configCarriesThePublishedValues() throws Exception {
        JsonNode published = Published.shipped().json(Side.SIONIC, "out_solar_vs_glm45/00_config_compare.json");
        for (var p : List.of(new Object[] {"A", Synthetic.SOLAR_LIKE}, new Object[] {"B", Synthetic.GLM_LIKE})) {
            Synthetic.Spec s = (Synthetic.Spec) p[1];
            JsonNode want = published.path((String) p[0]).path("config_summary");
            JsonNode got = open(client(), s.repo(), "main").config();
            want.fieldNames().forEachRemaining(k -> assertEquals(want.get(k), got.get(k), s.repo() + " " + k));
            assertTrue(got.path("_lab_source").asText().contains("published sionic@ff47427"), got.toString());
        }
        // Solar's config has no MTP field, as published
        assertTrue(open(client(), Synthetic.SOLAR_LIKE.repo(), "main").config().path("num_nextn_predict_layers").isMissingNode());
    }

    @Test
    void tokenizersHaveTheRealSizesAndSpecialIds() throws Exception {
        Tokenizer solar = Tokenizer.of(open(client(), Synthetic.SOLAR_LIKE.repo(), "main"));
        Tokenizer glm = Tokenizer.of(open(client(), Synthetic.GLM_LIKE.repo(), "main"));
        assertEquals("BPE", solar.modelType());
        assertEquals(196_608, solar.size());
        assertEquals(192_256, solar.merges().size()); // as Sionic's fingerprint of the real file reports
        assertEquals(4096, solar.specialTokens().size());
        assertEquals(151_552, glm.size());
        assertEquals(151_329, glm.modelVocabSize()); // the real file's model vocabulary, per the same fingerprint
        assertEquals(151_329, glm.specialTokens().get(0).id());
        assertTrue(solar.source().label().startsWith("live synthetic/solar-like@"), solar.source().label());
        TokenizerComparison c = TokenizerComparison.of(solar, glm);
        assertEquals(256, c.longestRun().length(), c.toString()); // the shared byte alphabet, and (almost) nothing else
        assertEquals(-4096, c.longestRun().offset());
        assertTrue(c.jaccard() < 0.05, c.toString());
    }

    @Test
    void solarHasAHistoryWhoseLastCommitChangedTheLicence() throws Exception {
        HubClient c = client();
        SafetensorsModel head = open(c, Synthetic.SOLAR_LIKE.repo(), "main");
        assertEquals(solarHead, head.commit());
        RepoHistory h = RepoHistory.of(head);
        assertEquals(2, h.commits().size());
        assertEquals(solarHead, h.commit().id());
        String parent = h.parent().orElseThrow().id();
        assertNotEquals(solarHead, parent);
        assertTrue(h.commit().title().contains("LICENSE"), h.commit().title());
        List<FileChange> ch = h.changes();
        assertEquals(List.of("LICENSE", "modeling_solar_open.py"), ch.stream().map(FileChange::path).toList());
        assertTrue(ch.stream().allMatch(f -> f.kind() == FileChange.Kind.MODIFIED));
        // the parent is still readable by its SHA, with its own files
        SafetensorsModel before = open(c, Synthetic.SOLAR_LIKE.repo(), parent);
        assertTrue(!before.text("modeling_solar_open.py").contains("Copyright"));
        assertTrue(head.text("modeling_solar_open.py").contains("Copyright 2025 The Synthetic Authors"));
        assertEquals(before.text("config.json"), head.text("config.json"));
        // the parent's history starts at the parent and has no parent
        RepoHistory older = h.at(parent);
        assertEquals(1, older.commits().size());
        assertTrue(older.changes().isEmpty());
        assertEquals(h.find(parent.substring(0, 7)).orElseThrow().id(), parent);
        assertThrows(IllegalArgumentException.class, () -> h.find("abc"));
        assertEquals(2, h.table().rowCount());
        assertEquals(2, h.changesTable().rowCount());
        // GLM: one commit
        assertEquals(1, RepoHistory.of(open(c, Synthetic.GLM_LIKE.repo(), "main")).commits().size());
    }

    @Test
    void historyIsCachedAndReplaysOffline() throws Exception {
        SafetensorsModel head = open(client(), Synthetic.SOLAR_LIKE.repo(), "main");
        RepoHistory.of(head).changes();
        HubClient offline = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, true);
        RepoHistory again = RepoHistory.of(offline, new DataCache(cacheDir), Synthetic.SOLAR_LIKE.repo(), solarHead,
                Source.local(Synthetic.SOLAR_LIKE.repo(), solarHead));
        assertEquals(2, again.changes().size());
        assertEquals(0, offline.requests());
        // an uncached commit offline: a clear miss, no request
        var e = assertThrows(HubException.class, () -> RepoHistory.of(offline, new DataCache(cacheDir.resolve("empty")),
                Synthetic.SOLAR_LIKE.repo(), solarHead, Source.local(Synthetic.SOLAR_LIKE.repo(), solarHead)));
        assertEquals(HubException.Kind.OFFLINE_MISS, e.kind());
    }

    @Test
    void commitsApiErrorsAreTheHubs() throws Exception {
        var e = assertThrows(HubException.class, () -> client().commits("nobody/none", "main"));
        assertEquals(HubException.Kind.REPO_NOT_FOUND, e.kind());
        e = assertThrows(HubException.class, () -> client().commits(Synthetic.GLM_LIKE.repo(), "no-such-branch"));
        assertEquals(HubException.Kind.REVISION_NOT_FOUND, e.kind());
        JsonNode list = new ObjectMapper().readTree(client().commits(Synthetic.SOLAR_LIKE.repo(), "main"));
        assertEquals(solarHead, list.get(0).path("id").asText());
        assertEquals("local-hub", list.get(0).path("authors").get(0).path("user").asText());
        assertThrows(IllegalArgumentException.class, () -> RepoHistory.of(client(), new DataCache(cacheDir), Synthetic.GLM_LIKE.repo(), "main",
                Source.local(Synthetic.GLM_LIKE.repo(), glmHead)));
    }

    @Test
    void parameterTotalsOfTheLayoutsBesideTheModelCards() throws Exception {
        var solar = open(client(), Synthetic.SOLAR_LIKE.repo(), "main").parameterCounts();
        var glm = open(client(), Synthetic.GLM_LIKE.repo(), "main").parameterCounts();
        // Solar's card: 102.6 B total, 12 B active (counting embeddings and the LM head)
        assertEquals(102_651_799_552L, solar.total());
        assertEquals(102.6e9, solar.total(), 0.1e9); // 102.65 B: the card gives one decimal
        assertEquals(12e9, solar.active(), 0.1e9);
        assertEquals(0, solar.role("mtp layers"));
        // GLM-4.5-Air's card: 106 B total, 12 B active; the layout has 109.2 B with the MTP layer, 106.9 B without,
        // and 13.4 B active with embeddings and LM head, 12.2 B without them
        long glmMtp = glm.role("mtp layers");
        assertEquals(109_227_310_848L, glm.total());
        assertEquals(106e9, glm.total() - glmMtp, 1e9);
        assertEquals(12e9, glm.active() - glm.role("embedding") - glm.role("lm_head"), 0.25e9);
    }
}

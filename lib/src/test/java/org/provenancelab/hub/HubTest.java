package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Profile;
import org.provenancelab.provenance.Source;

class HubTest {
    static final String SOLAR = "upstage/Solar-Open-100B";
    static final String NORM = "model.layers.3.input_layernorm.weight";

    @TempDir
    Path dataCache;

    private Map<String, String> env(String profile, String hub) {
        return hub == null ? Map.of("LAB_PROFILE", profile, "LAB_CACHE", dataCache.toString())
                : Map.of("LAB_PROFILE", profile, "LAB_CACHE", dataCache.toString(), "LAB_HUB", hub);
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void labReposComeFromTheLocalHubLabelledLocalInEveryProfile() throws IOException {
        for (String profile : new String[] {"offline", "online"}) {
            try (Hub hub = Hub.fromEnvironment(env(profile, null))) {
                assertTrue(hub.has(Synthetic.GLM_LIKE.repo()));
                SafetensorsModel glm = hub.model(Synthetic.GLM_LIKE.repo());
                assertEquals(Source.Kind.LOCAL, glm.source().kind());
                assertTrue(glm.source().label().startsWith("local synthetic/glm-like@"), glm.source().label());
                assertEquals(4096, glm.read(NORM).numel());
                assertTrue(hub.requests() > 0);
                // the lab's own bytes never enter the data-cache of real runs
                assertEquals(0, files(dataCache), "data-cache must stay empty");
            }
        }
    }

    @Test
    void aVariantSharesTheLabReposCacheAndCountsItsOwnRequests() throws IOException {
        try (Hub hub = Hub.fromEnvironment(env("offline", null))) {
            SafetensorsModel first = hub.model(Synthetic.SOLAR_LIKE.repo());
            byte[] bytes = first.read(NORM).rawBytes();
            Hub again = hub.newBuilder().latency(java.time.Duration.ofMillis(1)).build();
            SafetensorsModel second = again.model(first.id(), first.commit());
            assertArrayEquals(bytes, second.read(NORM).rawBytes());
            assertEquals(0, again.requests(), "pinned commit, header and tensor all come from the shared cache");
            hub.close();
            assertThrows(IllegalStateException.class, () -> again.model(first.id()), "closing a hub closes its variants");
        }
    }

    @Test
    void offlineARealRepoNotInTheCacheIsAClearMiss() throws IOException {
        try (Hub hub = Hub.fromEnvironment(env("offline", null))) {
            assertFalse(hub.has(SOLAR));
            HubException e = assertThrows(HubException.class, () -> hub.model(SOLAR, "main"));
            assertEquals(HubException.Kind.OFFLINE_MISS, e.kind());
            assertTrue(e.getMessage().contains(SOLAR) && e.getMessage().contains("--profile online")
                    && e.getMessage().contains("data-cache"), e.getMessage());
            assertEquals(0, hub.requests());
        }
    }

    @Test
    void offlineARealRepoReplaysFromACacheFilledOnlineLabelledLive() throws IOException {
        byte[] expected;
        try (LocalHub real = LocalHub.start()) {
            // stands in for an earlier online run that filled data-cache/
            Synthetic.publish(real, Synthetic.SOLAR_LIKE.as(SOLAR));
            HubClient c = new HubClient(real.endpoint(), null, RetryPolicy.DEFAULT, false);
            expected = new SafetensorsModel(HubStore.open(c, new DataCache(dataCache), SOLAR, "main")).read(NORM).rawBytes();
        }
        try (Hub hub = Hub.fromEnvironment(env("offline", null))) {
            assertTrue(hub.has(SOLAR));
            SafetensorsModel m = hub.model(SOLAR);
            assertEquals(Source.Kind.LIVE, m.source().kind());
            assertArrayEquals(expected, m.read(NORM).rawBytes());
            assertEquals(0, hub.requests(), "offline: no request at all");
        }
    }

    @Test
    void labHubLocalServesStandInsUnderTheRealIdsLabelledLocal() throws IOException {
        try (Hub hub = Hub.fromEnvironment(env("online", "local"))) {
            assertEquals(Profile.ONLINE, hub.profile());
            SafetensorsModel solar = hub.model(SOLAR, "main");
            assertEquals(Source.local(SOLAR, solar.commit()), solar.source());
            assertEquals("solar_open", solar.config().path("model_type").asText());
            assertEquals(48, solar.config().path("num_hidden_layers").asInt());
            SafetensorsModel glm = hub.model("zai-org/GLM-4.5-Air");
            assertEquals(47, glm.layerSeries(org.provenancelab.model.Role.ATTN_NORM, "weight").size());
            HubException e = assertThrows(HubException.class, () -> hub.model("someone/unknown-model"));
            assertEquals(HubException.Kind.REPO_NOT_FOUND, e.kind());
            assertFalse(hub.has("someone/unknown-model"));
            assertEquals(0, files(dataCache), "stand-ins never enter data-cache");
            assertFalse(hub.toString().matches(".*\\d{4,5}.*"), "no port in what a cell may print: " + hub);
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> Hub.fromEnvironment(env("offline", "local")));
        assertTrue(bad.getMessage().contains("online"), bad.getMessage());
        var remote = assertThrows(IllegalArgumentException.class, () -> Hub.fromEnvironment(env("online", "remote")));
        assertTrue(remote.getMessage().contains("'remote'") && remote.getMessage().contains("local-finetuned"), remote.getMessage());
    }

    /** Solar's and GLM's stand-in k_proj of layer 3 as one LAB_HUB variant serves them. */
    private org.provenancelab.tensor.Tensor[] kProj(String variant) throws IOException {
        String k = "model.layers.3.self_attn.k_proj.weight";
        try (Hub hub = Hub.fromEnvironment(env("online", variant))) {
            return new org.provenancelab.tensor.Tensor[] {hub.model(SOLAR).read(k), hub.model("zai-org/GLM-4.5-Air").read(k)};
        }
    }

    @Test
    void derivedVariantsServeASolarStandInMadeFromGlmsTensors() throws IOException {
        var independent = kProj("local");
        var derived = kProj(Hub.LOCAL_DERIVED);
        var tuned = kProj(Hub.LOCAL_FINETUNED);
        // GLM's stand-in is the same in every variant
        assertArrayEquals(independent[1].rawBytes(), derived[1].rawBytes());
        assertArrayEquals(independent[1].rawBytes(), tuned[1].rawBytes());
        double rIndependent = org.provenancelab.metrics.VectorMetrics.pearson(independent[0].doubles(), independent[1].doubles());
        assertTrue(Math.abs(rIndependent) < 0.2, "local: independent stand-ins, Pearson " + rIndependent);
        assertArrayEquals(derived[1].rawBytes(), derived[0].rawBytes(), "local-derived: GLM's bytes");
        assertTrue(tuned[0].fractionByteIdentical(tuned[1]) < 0.5, "local-finetuned: most bytes moved, "
                + tuned[0].fractionByteIdentical(tuned[1]) + " identical");
        double rTuned = org.provenancelab.metrics.VectorMetrics.pearson(tuned[0].doubles(), tuned[1].doubles());
        assertTrue(rTuned > 0.99, "local-finetuned: the pattern stays, Pearson " + rTuned);
        // different bytes under one repo id: different commits, so no label names two contents
        java.util.Set<String> commits = new java.util.HashSet<>();
        for (String v : new String[] {"local", Hub.LOCAL_DERIVED, Hub.LOCAL_FINETUNED}) {
            try (Hub hub = Hub.fromEnvironment(env("online", v))) {
                commits.add(hub.model(SOLAR).commit());
            }
        }
        assertEquals(3, commits.size(), commits.toString());
    }
}

package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.ParameterCounts;
import org.provenancelab.model.Role;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.view.Display;
import org.provenancelab.view.Output;
import org.provenancelab.view.RecordingSink;

class HubStoreTest {
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));
    static final String NORM = "model.layers.1.input_layernorm.weight";

    @TempDir
    Path cacheDir;
    LocalHub hub;
    TestRepos t;
    String commit;

    @BeforeEach
    void start() throws Exception {
        hub = LocalHub.start();
        t = new TestRepos();
        commit = t.publish(hub, TestRepos.REPO, false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    HubClient client() {
        return new HubClient(hub.endpoint(), null, FAST, false);
    }

    SafetensorsModel open(HubClient c, String rev) throws Exception {
        return new SafetensorsModel(HubStore.open(c, new DataCache(cacheDir), TestRepos.REPO, rev));
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void pinsRevisionsAndListsTheManifest() throws Exception {
        SafetensorsModel byBranch = open(client(), "main");
        assertEquals(commit, byBranch.commit());
        assertEquals(commit, open(client(), "v1.0").commit());
        assertEquals("live " + TestRepos.REPO + "@" + commit.substring(0, 7), byBranch.source().label());
        List<FileEntry> files = byBranch.files();
        FileEntry shard = files.stream().filter(f -> f.path().equals("model-00001-of-00002.safetensors")).findFirst().orElseThrow();
        assertEquals(t.shard1.length, shard.size());
        assertEquals(sha256(t.shard1), shard.lfsSha256());
        FileEntry config = files.stream().filter(f -> f.path().equals("config.json")).findFirst().orElseThrow();
        assertFalse(config.isLfs());
        assertEquals(6, byBranch.manifest().rowCount());
        // code files are text, never run
        assertTrue(byBranch.text("modeling_tiny.py").contains("must never run"));
        assertEquals("glm4_moe", byBranch.config().get("model_type").asText());
    }

    @Test
    void inventoryComesFromHeadersWithOneRequestPerShard() throws Exception {
        SafetensorsModel m = open(client(), "main");
        m.weightMap();
        hub.clearLog();
        var inv = m.inventory();
        assertEquals(t.tensors.size(), inv.size());
        long shardRequests = hub.log().stream().filter(l -> l.path().endsWith(".safetensors")).count();
        // one resolve hop and one storage request per shard, the header fitting the first read
        assertEquals(4, shardRequests, hub.log().toString());
        var e = inv.get("model.layers.0.self_attn.k_proj.weight");
        assertArrayEquals(new long[] {16, 64}, e.shape());
        assertEquals(16 * 64 * 2, e.byteSize());
        assertEquals(Role.K_PROJ, inv.roles().of(e.name()).role());
        assertTrue(inv.roles().of("model.layers.2.input_layernorm.weight").mtp());
        assertEquals(t.tensors.size(), inv.table().rowCount());
        ParameterCounts pc = m.parameterCounts();
        long total = t.tensors.stream().mapToLong(x -> x.numel()).sum();
        assertEquals(total, pc.total());
        // top-1 of 2 experts in the 2 main layers; MTP layer 2 left out
        long expertPerLayer = 2L * 32 * 64;
        long mtpLayer = 64 + 64 + 16 * 64 + 16 + 2 * 64 + expertPerLayer;
        assertEquals(total - mtpLayer - 2 * expertPerLayer / 2, pc.active());
        assertEquals(mtpLayer, pc.role("mtp layers"));
    }

    @Test
    void readsWholeTensorsRowsWindowsAndSeededSamples() throws Exception {
        SafetensorsModel m = open(client(), "main");
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        Tensor emb = t.tensor("model.embed_tokens.weight");
        Tensor rows = m.readRows("model.embed_tokens.weight", 10, 13);
        assertArrayEquals(new long[] {3, 64}, rows.shape());
        assertArrayEquals(java.util.Arrays.copyOfRange(emb.rawBytes(), 10 * 128, 13 * 128), rows.rawBytes());
        Tensor w = m.readWindow("model.embed_tokens.weight", 100, 7);
        assertEquals(100, w.firstElement());
        assertArrayEquals(java.util.Arrays.copyOfRange(emb.rawBytes(), 200, 214), w.rawBytes());
        List<Tensor> s1 = m.sampleWindows("model.embed_tokens.weight", 5, 16, 42);
        List<Tensor> s2 = open(client(), commit).sampleWindows("model.embed_tokens.weight", 5, 16, 42);
        assertEquals(5, s1.size());
        for (int i = 0; i < 5; i++) {
            Tensor x = s1.get(i);
            assertEquals(x.firstElement(), s2.get(i).firstElement());
            int from = (int) x.firstElement() * 2;
            assertArrayEquals(java.util.Arrays.copyOfRange(emb.rawBytes(), from, from + 32), x.rawBytes());
            assertTrue(i == 0 || x.firstElement() >= s1.get(i - 1).firstElement() + 16, "ascending, non-overlapping");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> m.readRows("model.embed_tokens.weight", 40, 60));
        assertTrue(e.getMessage().contains("50 rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.read("no.such.tensor"));
    }

    @Test
    void aRolesVectorsAcrossLayersFormASeries() throws Exception {
        SafetensorsModel m = open(client(), "main");
        var s = m.layerSeries(Role.ATTN_NORM, "weight");
        assertEquals(3, s.size());
        assertTrue(s.isMtp(2), "layer 2 is beyond num_hidden_layers = 2");
        assertArrayEquals(t.tensor(NORM).doubles(), s.layer(1));
        var e = assertThrows(IllegalArgumentException.class, () -> m.layerSeries(Role.V_PROJ, "weight"));
        assertTrue(e.getMessage().contains("no V_PROJ"), e.getMessage());
    }

    @Test
    void adjacentTensorsAreFetchedInOneRequest() throws Exception {
        SafetensorsModel m = open(client(), "main");
        m.inventory();
        hub.clearLog();
        List<String> names = List.of("model.layers.1.mlp.experts.0.up_proj.weight", "model.layers.1.mlp.experts.1.up_proj.weight",
                "model.layers.1.mlp.gate.weight");
        Map<String, Tensor> got = m.readAll(names);
        for (String n : names) {
            assertArrayEquals(t.tensor(n).rawBytes(), got.get(n).rawBytes(), n);
        }
        long storage = hub.log().stream().filter(LocalHub.Logged::cdn).count();
        assertEquals(1, storage, hub.log().toString());
    }

    @Test
    void anIdenticalRerunSendsNoRequest() throws Exception {
        SafetensorsModel first = open(client(), "main");
        first.inventory();
        first.read(NORM);
        first.text("LICENSE");
        hub.clearLog();
        SafetensorsModel again = open(client(), first.commit());
        again.inventory();
        assertArrayEquals(t.tensor(NORM).rawBytes(), again.read(NORM).rawBytes());
        again.text("LICENSE");
        again.files();
        assertEquals(List.of(), hub.log());
    }

    @Test
    void progressReportsBytesAndRequests() throws Exception {
        Synthetic.publish(hub, Synthetic.GLM_LIKE);
        RecordingSink sink = new RecordingSink(true);
        Display.install(sink);
        try {
            SafetensorsModel m = new SafetensorsModel(HubStore.open(client(), new DataCache(cacheDir), Synthetic.GLM_LIKE.repo(), "main"));
            List<String> norms = new java.util.ArrayList<>();
            for (int l = 0; l < 12; l++) {
                norms.add("model.layers." + l + ".input_layernorm.weight");
            }
            m.readAll(norms);
            List<Output> all = new java.util.ArrayList<>(sink.shown);
            all.addAll(sink.updates);
            assertTrue(all.stream().anyMatch(o -> o.plain().contains("fetching " + Synthetic.GLM_LIKE.repo())
                    && o.plain().contains("requests")), all.toString());
            String last = sink.updates.get(sink.updates.size() - 1).plain();
            assertTrue(last.contains("100%") && last.contains("12 / 12 requests"), last);
        } finally {
            Display.install(new org.provenancelab.view.ConsoleSink(System.out));
        }
    }

    @Test
    void offlineServesTheCacheAndNamesWhatIsMissing() throws Exception {
        HubClient offline = new HubClient(hub.endpoint(), null, FAST, true);
        var miss = assertThrows(HubException.class, () -> open(offline, "main"));
        assertEquals(HubException.Kind.OFFLINE_MISS, miss.kind());
        assertTrue(miss.getMessage().contains(TestRepos.REPO + "@main"), miss.getMessage());

        SafetensorsModel online = open(client(), "main");
        online.inventory();
        online.read(NORM);
        hub.clearLog();
        SafetensorsModel m = open(offline, "main");
        assertEquals(commit, m.commit());
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        var e = assertThrows(HubException.class, () -> m.read("model.layers.0.self_attn.k_proj.weight"));
        assertEquals(HubException.Kind.OFFLINE_MISS, e.kind());
        assertTrue(e.getMessage().contains("model-00001-of-00002.safetensors bytes"), e.getMessage());
        assertEquals(List.of(), hub.log());
    }

    @Test
    void corruptOrTruncatedCacheEntriesAreRefetched() throws Exception {
        SafetensorsModel m = open(client(), "main");
        m.inventory();
        m.read(NORM);
        List<Path> entries;
        try (Stream<Path> s = Files.walk(cacheDir)) {
            entries = s.filter(p -> p.toString().endsWith(".range")).toList();
        }
        assertFalse(entries.isEmpty());
        for (Path p : entries) {
            byte[] b = Files.readAllBytes(p);
            if (p.getFileName().toString().hashCode() % 2 == 0) {
                b[b.length - 1] ^= 0x55; // flipped bit
                Files.write(p, b);
            } else {
                Files.write(p, java.util.Arrays.copyOf(b, b.length - 3)); // truncated
            }
        }
        hub.clearLog();
        DataCache cache = new DataCache(cacheDir);
        SafetensorsModel again = new SafetensorsModel(HubStore.open(client(), cache, TestRepos.REPO, commit));
        again.inventory();
        assertArrayEquals(t.tensor(NORM).rawBytes(), again.read(NORM).rawBytes());
        assertEquals(entries.size(), cache.corruptEntries());
        assertFalse(hub.log().isEmpty(), "corrupt entries must be fetched again");
    }

    @Test
    void twoReadersShareOneCacheAtOnce() throws Exception {
        // two clients with their own cache objects (as two processes would) race on the same entries
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<byte[]>> f = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                f.add(pool.submit(() -> new SafetensorsModel(HubStore.open(client(), new DataCache(cacheDir), TestRepos.REPO, "main")).read(NORM).rawBytes()));
            }
            for (var x : f) {
                assertArrayEquals(t.tensor(NORM).rawBytes(), x.get());
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> s = Files.walk(cacheDir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")), "no temporary files left");
        }
        hub.clearLog();
        new SafetensorsModel(HubStore.open(client(), new DataCache(cacheDir), TestRepos.REPO, commit)).read(NORM);
        assertEquals(List.of(), hub.log());
    }

    @Test
    void cacheLayoutIsKeyedByRepoCommitFileAndRange() throws Exception {
        SafetensorsModel m = open(client(), "main");
        m.read(NORM);
        Path files = cacheDir.resolve("lab-test--tiny-moe").resolve(commit).resolve("files");
        assertTrue(Files.isRegularFile(files.resolve("model.safetensors.index.json").resolve("whole.entry")));
        try (Stream<Path> s = Files.list(files.resolve("model-00002-of-00002.safetensors"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("\\d+-\\d+\\.range")));
        }
        assertEquals(commit, Files.readString(cacheDir.resolve("lab-test--tiny-moe/refs/main"), StandardCharsets.ISO_8859_1)
                .substring(Files.readString(cacheDir.resolve("lab-test--tiny-moe/refs/main"), StandardCharsets.ISO_8859_1).length() - 40));
    }
}

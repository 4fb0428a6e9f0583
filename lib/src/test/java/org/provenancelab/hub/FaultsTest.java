package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.SafetensorsModel;

/** Every fault the local hub injects, and what the client makes of it. */
class FaultsTest {
    static final String NORM = HubStoreTest.NORM;
    static final String SECRET = "hf_localTestToken1234567890";

    @TempDir
    Path cacheDir;
    LocalHub hub;
    TestRepos t;

    @BeforeEach
    void start() throws Exception {
        hub = LocalHub.start();
        t = new TestRepos();
        t.publish(hub, TestRepos.REPO, false);
        t.publish(hub, "lab-test/gated-moe", true);
        hub.acceptToken(SECRET);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    SafetensorsModel open(HubClient c, String repo) throws Exception {
        return new SafetensorsModel(HubStore.open(c, new DataCache(cacheDir), repo, "main"));
    }

    HubClient client(RetryPolicy p) {
        return new HubClient(hub.endpoint(), null, p, false);
    }

    List<Integer> storageStatuses() {
        return hub.log().stream().filter(LocalHub.Logged::cdn).map(LocalHub.Logged::status).toList();
    }

    @Test
    void retriesA429AfterItsRetryAfter() throws Exception {
        SafetensorsModel m = open(client(HubStoreTest.FAST), TestRepos.REPO);
        m.inventory();
        hub.clearLog();
        hub.inject(Fault.status(429, 1, 1));
        long t0 = System.nanoTime();
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of(429, 206), storageStatuses());
        // the backoff of this policy is 10 ms; only Retry-After: 1 explains a wait of a second
        assertTrue(waited >= 1000, "waited " + waited + " ms");
    }

    @Test
    void retries5xxAndGivesUpWithinItsBudget() throws Exception {
        SafetensorsModel m = open(client(HubStoreTest.FAST), TestRepos.REPO);
        m.inventory();
        hub.clearLog();
        hub.inject(Fault.status(503, -1, 2));
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        assertEquals(List.of(503, 503, 206), storageStatuses());

        hub.inject(Fault.status(500, -1, 100).onPath("model-00001"));
        var e = assertThrows(HubException.class, () -> m.read("model.layers.0.input_layernorm.weight"));
        assertEquals(HubException.Kind.UNAVAILABLE, e.kind());
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("model-00001-of-00002.safetensors") && e.getMessage().contains("gave up"), e.getMessage());
    }

    @Test
    void aResetOrTruncatedBodyIsFetchedAgain() throws Exception {
        SafetensorsModel m = open(client(HubStoreTest.FAST), TestRepos.REPO);
        m.inventory();
        hub.inject(Fault.on(Fault.Kind.RESET_MID_BODY, 1));
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        hub.inject(Fault.on(Fault.Kind.TRUNCATE_BODY, 1));
        String other = "model.layers.2.input_layernorm.weight";
        assertArrayEquals(t.tensor(other).rawBytes(), m.read(other).rawBytes());

        hub.inject(Fault.on(Fault.Kind.TRUNCATE_BODY, 100));
        var e = assertThrows(HubException.class, () -> m.read("model.norm.weight"));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("cut off"), e.getMessage());
        // nothing partial was cached
        hub.clearFaults();
        assertArrayEquals(t.tensor("model.norm.weight").rawBytes(), m.read("model.norm.weight").rawBytes());
    }

    @Test
    void aWholeFileAnswerToARangeIsAbortedUnread() throws Exception {
        Synthetic.publish(hub, Synthetic.GLM_LIKE);
        HubClient c = client(HubStoreTest.FAST);
        SafetensorsModel m = new SafetensorsModel(HubStore.open(c, new DataCache(cacheDir), Synthetic.GLM_LIKE.repo(), "main"));
        String shard = m.weightMap().get("model.layers.5.input_layernorm.weight");
        long shardSize = m.store().size(shard);
        m.header(shard);
        long before = c.bytesReceived();
        hub.inject(Fault.on(Fault.Kind.IGNORE_RANGE, 1));
        var e = assertThrows(HubException.class, () -> m.read("model.layers.5.input_layernorm.weight"));
        assertEquals(HubException.Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("ignored the Range header"), e.getMessage());
        assertTrue(shardSize > 1L << 30, "the shard is " + shardSize + " bytes");
        assertEquals(0, c.bytesReceived() - before, "not a byte of the 200 body is read");
    }

    @Test
    void theTokenReachesOnlyTheHubHost() throws Exception {
        HubClient c = new HubClient(hub.endpoint(), Token.of(SECRET, "test"), HubStoreTest.FAST, false);
        SafetensorsModel m = open(c, "lab-test/gated-moe");
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        List<LocalHub.Logged> log = hub.log();
        assertTrue(log.stream().anyMatch(LocalHub.Logged::cdn), "storage host was used");
        assertTrue(log.stream().filter(LocalHub.Logged::cdn).noneMatch(LocalHub.Logged::authorization), log.toString());
        assertTrue(log.stream().filter(l -> !l.cdn()).allMatch(LocalHub.Logged::authorization), log.toString());
        // nor into the cache
        try (Stream<Path> s = Files.walk(cacheDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET), p.toString());
            }
        }
        assertFalse(c.toString().contains(SECRET));
        assertFalse(Token.of(SECRET, "test").toString().contains(SECRET));
    }

    @Test
    void gatedReposSayWhatToDo() throws Exception {
        var none = assertThrows(HubException.class, () -> open(client(HubStoreTest.FAST), "lab-test/gated-moe"));
        assertEquals(HubException.Kind.GATED, none.kind());
        assertEquals(401, none.status());
        assertTrue(none.getMessage().contains("Accept its terms on " + hub.endpoint() + "/lab-test/gated-moe")
                && none.getMessage().contains("HF_TOKEN") && none.getMessage().contains("no token is set"), none.getMessage());
        HubClient wrong = new HubClient(hub.endpoint(), Token.of("hf_wrong", "HF_TOKEN"), HubStoreTest.FAST, false);
        var refused = assertThrows(HubException.class, () -> open(wrong, "lab-test/gated-moe"));
        assertEquals(HubException.Kind.GATED, refused.kind());
        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().contains("(HF_TOKEN) has no access"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hf_wrong"));
    }

    @Test
    void missingRepoRevisionAndFileAreNamed() throws Exception {
        HubClient c = client(HubStoreTest.FAST);
        var repo = assertThrows(HubException.class, () -> open(c, "lab-test/nope"));
        assertEquals(HubException.Kind.REPO_NOT_FOUND, repo.kind());
        assertTrue(repo.getMessage().contains("lab-test/nope@main"), repo.getMessage());
        var rev = assertThrows(HubException.class, () -> new SafetensorsModel(HubStore.open(c, new DataCache(cacheDir), TestRepos.REPO, "v9")));
        assertEquals(HubException.Kind.REVISION_NOT_FOUND, rev.kind());
        SafetensorsModel m = open(c, TestRepos.REPO);
        var file = assertThrows(HubException.class, () -> m.text("README.md"));
        assertEquals(HubException.Kind.ENTRY_NOT_FOUND, file.kind());
        assertTrue(file.getMessage().contains("README.md"), file.getMessage());
    }

    @Test
    void tokenAndEndpointComeFromTheEnvironment(@TempDir Path hfHome) throws Exception {
        Files.writeString(hfHome.resolve("token"), SECRET + "\n");
        HubClient fromFile = HubClient.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_ENDPOINT", hub.endpoint()));
        assertTrue(fromFile.hasToken());
        assertEquals(hub.endpoint(), fromFile.endpoint());
        assertEquals(t.tensor(NORM).numel(), open(fromFile, "lab-test/gated-moe").read(NORM).numel());
        HubClient direct = HubClient.fromEnvironment(Map.of("HF_TOKEN", "hf_x", "HF_HOME", hfHome.toString()));
        assertEquals("https://huggingface.co", direct.endpoint());
        assertTrue(HubClient.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1")).offline());
    }

    @Test
    void storageRefusalSendsTheNextTryThroughResolve() throws Exception {
        SafetensorsModel m = open(client(HubStoreTest.FAST), TestRepos.REPO);
        m.inventory(); // remembers the storage URL of each shard
        hub.clearLog();
        hub.inject(Fault.status(403, -1, 1));
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        List<LocalHub.Logged> log = hub.log();
        assertEquals(List.of(true, false, true), log.stream().map(LocalHub.Logged::cdn).toList(), log.toString());
    }

    @Test
    void aStalledAnswerTimesOutAndIsRetried() throws Exception {
        RetryPolicy quick = HubStoreTest.FAST.withTimeout(Duration.ofMillis(300));
        SafetensorsModel m = open(client(quick), TestRepos.REPO);
        m.inventory();
        hub.inject(Fault.stall(Duration.ofSeconds(2), 1));
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());

        hub.inject(Fault.stall(Duration.ofSeconds(2), 100));
        long t0 = System.nanoTime();
        var e = assertThrows(HubException.class, () -> m.read("model.norm.weight"));
        assertEquals(HubException.Kind.UNAVAILABLE, e.kind());
        String msg = e.getMessage().toLowerCase(java.util.Locale.ROOT); // "timeout" or "Read timed out", by where the stall hit
        assertTrue(msg.contains("timeout") || msg.contains("timed out"), e.getMessage());
        // 4 attempts of 0.3 s plus short backoffs: the failure is bounded, not a hang
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
    }

    @Test
    void aRenamedRepoIsFollowedOnTheSameHostWithTheToken() throws Exception {
        hub.rename("lab-test/old-name", "lab-test/gated-moe");
        HubClient c = new HubClient(hub.endpoint(), Token.of(SECRET, "test"), HubStoreTest.FAST, false);
        SafetensorsModel m = open(c, "lab-test/old-name");
        assertArrayEquals(t.tensor(NORM).rawBytes(), m.read(NORM).rawBytes());
        List<LocalHub.Logged> log = hub.log();
        assertTrue(log.stream().anyMatch(l -> l.status() == 307), log.toString());
        // the hop after the relative redirect stays on the hub host, so it still carries the token
        assertTrue(log.stream().filter(l -> !l.cdn()).allMatch(LocalHub.Logged::authorization), log.toString());
        assertTrue(log.stream().filter(LocalHub.Logged::cdn).noneMatch(LocalHub.Logged::authorization), log.toString());
    }
}

package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.Tensor;

/** The local hub speaks the Hub's protocol, checked with a plain HTTP client; and the client's edge cases. */
class LocalHubProtocolTest {
    final OkHttpClient raw = new OkHttpClient.Builder().followRedirects(false).build();

    @Test
    void resolveRedirectsLfsFilesWithTheirLinkedHeaders() throws Exception {
        TestRepos t = new TestRepos();
        try (LocalHub hub = LocalHub.start()) {
            String commit = t.publish(hub, TestRepos.REPO, false);
            String shard = "model-00001-of-00002.safetensors";
            try (Response head = raw.newCall(new Request.Builder().head()
                    .url(hub.endpoint() + "/" + TestRepos.REPO + "/resolve/main/" + shard).build()).execute()) {
                assertEquals(302, head.code());
                assertEquals(commit, head.header("X-Repo-Commit"));
                assertEquals("\"" + HubStoreTest.sha256(t.shard1) + "\"", head.header("X-Linked-Etag"));
                assertEquals(String.valueOf(t.shard1.length), head.header("X-Linked-Size"));
                String location = head.header("Location");
                assertTrue(location.startsWith(hub.storageOrigin()), location);
                try (Response part = raw.newCall(new Request.Builder().url(location).header("Range", "bytes=8-15").build()).execute()) {
                    assertEquals(206, part.code());
                    assertEquals("bytes 8-15/" + t.shard1.length, part.header("Content-Range"));
                    assertArrayEquals(java.util.Arrays.copyOfRange(t.shard1, 8, 16), part.body().bytes());
                }
                try (Response beyond = raw.newCall(new Request.Builder().url(location)
                        .header("Range", "bytes=" + t.shard1.length + "-").build()).execute()) {
                    assertEquals(416, beyond.code());
                }
            }
            try (Response small = raw.newCall(new Request.Builder()
                    .url(hub.endpoint() + "/" + TestRepos.REPO + "/resolve/refs%2Fpr%2F1/config.json").build()).execute()) {
                assertEquals(404, small.code());
                assertEquals("RevisionNotFound", small.header("X-Error-Code"));
            }
            try (Response api = raw.newCall(new Request.Builder()
                    .url(hub.endpoint() + "/api/models/" + TestRepos.REPO + "/revision/main?blobs=true").build()).execute()) {
                var json = new ObjectMapper().readTree(api.body().bytes());
                assertEquals(commit, json.get("sha").asText());
                var sib = json.get("siblings").get(0);
                assertTrue(sib.has("rfilename") && sib.has("size") && sib.has("blobId"), sib.toString());
            }
        }
    }

    @Test
    void aHeaderLongerThanTheFirstReadTakesOneMoreRequest(@TempDir Path cache) throws Exception {
        // no index: the first read is 64 KiB, and this header is longer
        List<Tensor> many = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            many.add(new Tensor("model.layers." + i + ".a_rather_long_module_name.with_a_longer_parameter_name.weight",
                    org.provenancelab.tensor.DType.BF16, new long[] {2}, new byte[] {1, 2, 3, (byte) i}));
        }
        byte[] file = ShardLayout.write(many, Map.of());
        long headerBytes = ShardLayout.plan(many.stream().map(Tensor::name).toList(), many.stream().map(Tensor::dtype).toList(),
                many.stream().map(Tensor::shape).toList(), Map.of()).headerSize();
        assertTrue(headerBytes > 64 << 10, "header " + headerBytes);
        try (LocalHub hub = LocalHub.start()) {
            hub.repo("lab-test/one-file").file("config.json", "{\"model_type\":\"llama\"}").file("model.safetensors", file).publish();
            SafetensorsModel m = new SafetensorsModel(HubStore.open(new HubClient(hub.endpoint(), null, HubStoreTest.FAST, false), new DataCache(cache),
                    "lab-test/one-file", "main"));
            hub.clearLog();
            assertEquals(1500, m.inventory().size());
            List<String> ranges = hub.log().stream().filter(LocalHub.Logged::cdn).map(LocalHub.Logged::range).toList();
            assertEquals(List.of("bytes=0-65535", "bytes=65536-" + (headerBytes - 1)), ranges);
            assertArrayEquals(new byte[] {1, 2, 3, 7}, m.read(many.get(7).name()).rawBytes());
            assertFalse(m.inventory().roles().known());
        }
    }

    @Test
    void twoProcessesFillOneCacheAtOnce(@TempDir Path cache) throws Exception {
        TestRepos t = new TestRepos();
        try (LocalHub hub = LocalHub.start()) {
            String commit = t.publish(hub, TestRepos.REPO, false);
            List<Process> procs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), CacheFiller.class.getName(), hub.endpoint(), cache.toString())
                        .redirectErrorStream(true).start());
            }
            for (Process p : procs) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process finished");
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains("read " + t.tensors.size() + " tensors"), out);
            }
            hub.clearLog();
            SafetensorsModel m = new SafetensorsModel(HubStore.open(new HubClient(hub.endpoint(), null, HubStoreTest.FAST, false), new DataCache(cache),
                    TestRepos.REPO, commit));
            for (Tensor x : t.tensors) {
                assertArrayEquals(x.rawBytes(), m.read(x.name()).rawBytes(), x.name());
            }
            assertEquals(List.of(), hub.log(), "everything came from the cache both processes wrote");
            try (var s = Files.walk(cache)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
            }
        }
    }

    /** The second process of {@link #twoProcessesFillOneCacheAtOnce}: reads every tensor through the cache. */
    public static final class CacheFiller {
        public static void main(String[] args) throws Exception {
            SafetensorsModel m = new SafetensorsModel(HubStore.open(new HubClient(args[0], null, HubStoreTest.FAST, false), new DataCache(Path.of(args[1])),
                    TestRepos.REPO, "main"));
            List<String> names = m.inventory().tensors().stream().map(e -> e.name()).toList();
            for (String n : names) {
                m.read(n); // one by one: many small writes interleave with the other process
            }
            System.out.println("read " + names.size() + " tensors");
        }
    }
}

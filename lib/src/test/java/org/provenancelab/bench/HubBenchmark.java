package org.provenancelab.bench;

import org.provenancelab.hub.HubStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.provenancelab.cache.DataCache;
import org.provenancelab.hub.HubClient;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.hub.RetryPolicy;
import org.provenancelab.hub.Synthetic;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.Metric;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.Header;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.view.ConsoleSink;
import org.provenancelab.view.Display;

/**
 * A LayerNorm study (both norms of every layer of a Solar-shaped and a GLM-shaped model, then
 * a cross-model cosine matrix) through the local hub at 50 ms per request: our client against
 * a naive client doing what the published probe scripts do (two requests per shard header, one
 * per tensor, one after another, nothing kept between runs). Last line:
 * {@code bytes_ratio=… speedup=… rerun_requests=…}.
 */
public final class HubBenchmark {
    private static final List<Synthetic.Spec> MODELS = List.of(Synthetic.SOLAR_LIKE, Synthetic.GLM_LIKE);

    public static void main(String[] args) throws Exception {
        Display.install(new ConsoleSink(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        Path cacheDir = Files.createTempDirectory("hub-bench-cache");
        try (LocalHub hub = LocalHub.start()) {
            for (Synthetic.Spec s : MODELS) {
                Synthetic.publish(hub, s);
            }
            hub.latency(Duration.ofMillis(50));
            System.out.println("hub benchmark: local hub at " + hub.endpoint() + ", 50 ms per request");

            // ours, cold cache
            hub.clearLog();
            long t0 = System.nanoTime();
            Map<String, String> pinned = new HashMap<>();
            long required = 0;
            int touched = 0;
            HubClient client = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
            DataCache cache = new DataCache(cacheDir);
            List<LayerSeries> series = new ArrayList<>();
            for (Synthetic.Spec s : MODELS) {
                SafetensorsModel m = new SafetensorsModel(HubStore.open(client, cache, s.repo(), "main"));
                pinned.put(s.repo(), m.commit());
                List<String> names = normNames(s);
                Map<String, Tensor> t = m.readAll(names);
                series.add(series(s, m.source(), t, "input_layernorm"));
                Set<String> shards = new LinkedHashSet<>();
                for (String n : names) {
                    shards.add(m.weightMap().get(n));
                    required += t.get(n).byteSize();
                }
                for (String sh : shards) {
                    required += m.header(sh).headerBytes();
                }
                touched += shards.size();
            }
            LayerMatrix mx = LayerMatrix.across(series.get(0), series.get(1), Metric.COSINE);
            double ours = (System.nanoTime() - t0) / 1e9;
            long oursShardBytes = hub.storageBytesServed();
            long oursOtherBytes = hub.bytesServed() - oursShardBytes;
            int oursRequests = hub.log().size();

            // ours again: new client, same cache, revisions pinned by the first run
            hub.clearLog();
            long t1 = System.nanoTime();
            HubClient again = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
            for (Synthetic.Spec s : MODELS) {
                SafetensorsModel m = new SafetensorsModel(HubStore.open(again, new DataCache(cacheDir), s.repo(), pinned.get(s.repo())));
                m.readAll(normNames(s));
            }
            double rerun = (System.nanoTime() - t1) / 1e9;
            int rerunRequests = hub.log().size();

            // naive
            hub.clearLog();
            long t2 = System.nanoTime();
            for (Synthetic.Spec s : MODELS) {
                naive(hub.endpoint(), s);
            }
            double naive = (System.nanoTime() - t2) / 1e9;
            int naiveRequests = hub.log().size();
            long naiveShardBytes = hub.storageBytesServed();

            System.out.printf(Locale.ROOT, "study: %d norms of %s and %s, %d shards touched; cosine matrix %dx%d, [0][0]=%.6f%n",
                    MODELS.stream().mapToInt(s -> normNames(s).size()).sum(), MODELS.get(0).repo(), MODELS.get(1).repo(),
                    touched, mx.rows(), mx.cols(), mx.get(0, 0));
            System.out.printf(Locale.ROOT, "required shard bytes (headers of touched shards + tensors): %,d%n", required);
            System.out.printf(Locale.ROOT, "ours:   %6.2f s, %4d requests, shard bytes %,d (+ %,d bytes of revision info, index and config)%n",
                    ours, oursRequests, oursShardBytes, oursOtherBytes);
            System.out.printf(Locale.ROOT, "rerun:  %6.2f s, %4d requests%n", rerun, rerunRequests);
            System.out.printf(Locale.ROOT, "naive:  %6.2f s, %4d requests, shard bytes %,d%n", naive, naiveRequests, naiveShardBytes);
            System.out.printf(Locale.ROOT, "bytes_ratio=%.4f speedup=%.2f rerun_requests=%d%n",
                    (double) oursShardBytes / required, naive / ours, rerunRequests);
        } finally {
            deleteTree(cacheDir);
        }
    }

    static List<String> normNames(Synthetic.Spec s) {
        List<String> n = new ArrayList<>();
        for (int l = 0; l < s.layers() + s.mtpLayers(); l++) {
            n.add("model.layers." + l + ".input_layernorm.weight");
            n.add("model.layers." + l + ".post_attention_layernorm.weight");
        }
        return n;
    }

    private static LayerSeries series(Synthetic.Spec s, org.provenancelab.provenance.Source source, Map<String, Tensor> t, String role) {
        List<double[]> v = new ArrayList<>();
        for (int l = 0; l < s.layers() + s.mtpLayers(); l++) {
            v.add(t.get("model.layers." + l + "." + role + ".weight").doubles());
        }
        return LayerSeries.of(source, "model.layers.{i}." + role + ".weight", v);
    }

    /** What the published probe scripts do: sequential, two requests per header, one per tensor. */
    private static void naive(String endpoint, Synthetic.Spec s) throws IOException {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
        String base = endpoint + "/" + s.repo() + "/resolve/main/";
        JsonNode wm = new ObjectMapper().readTree(get(http, base + "model.safetensors.index.json", null)).get("weight_map");
        Map<String, Header> headers = new HashMap<>();
        for (String name : normNames(s)) {
            String shard = wm.get(name).asText();
            Header h = headers.get(shard);
            if (h == null) {
                byte[] len = get(http, base + shard, "bytes=0-7");
                long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
                h = Header.parse(shard, -1, get(http, base + shard, "bytes=8-" + (8 + n - 1)));
                headers.put(shard, h);
            }
            var e = h.tensor(name);
            get(http, base + shard, "bytes=" + e.start() + "-" + (e.end() - 1));
        }
    }

    private static byte[] get(OkHttpClient http, String url, String range) throws IOException {
        Request.Builder b = new Request.Builder().url(url);
        if (range != null) {
            b.header("Range", range);
        }
        try (Response r = http.newCall(b.build()).execute()) {
            if (!r.isSuccessful()) {
                throw new IOException(url + ": HTTP " + r.code());
            }
            return r.body().bytes();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                for (Path c : s.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}

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
 * a cross-model cosine matrix) through the local hub: our client against a naive client doing
 * what the published probe scripts do (two requests per shard header, one per tensor, one after
 * another, nothing kept between runs), at 50 ms per request, then again at 5 ms and 200 ms.
 * Each run prints where our time went (per step and model) and the critical path it achieved:
 * the longest chain of requests each of which started after the one before was answered, beside
 * the minimum the study's dependencies allow. Our client reads the two models at once (a thread
 * each, as a notebook can); the naive one reads them one after the other. One unreported round
 * without latency warms the JVM up for both first. Last line (the 50 ms run):
 * {@code bytes_ratio=… speedup=… rerun_requests=…}.
 */
public final class HubBenchmark {
    private static final List<Synthetic.Spec> MODELS = List.of(Synthetic.SOLAR_LIKE, Synthetic.GLM_LIKE);

    /** What one run of the study measured. */
    private record Run(double seconds, int requests, long shardBytes, long otherBytes, int critical, List<String> steps) {}

    public static void main(String[] args) throws Exception {
        Display.install(new ConsoleSink(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        String last = null;
        try (LocalHub hub = LocalHub.start()) {
            for (Synthetic.Spec s : MODELS) {
                Synthetic.publish(hub, s);
            }
            // the 50 ms round first (its line is the last line); other latencies may be given as arguments
            int[] rounds = args.length == 0 ? new int[] {50, 5, 200} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
            // one unreported round without latency first, so that class loading and JIT compilation
            // (seconds on this machine) fall on neither client: the naive client ran warm otherwise
            long w = System.nanoTime();
            java.io.PrintStream out = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                round(hub, 0);
            } finally {
                System.setOut(out);
            }
            System.out.printf(Locale.ROOT, "warm-up round (both clients, no latency, not counted): %.2f s%n", (System.nanoTime() - w) / 1e9);
            for (int ms : rounds) {
                String line = round(hub, ms);
                System.out.println("at " + ms + " ms per request: " + line);
                if (last == null) {
                    last = line;
                }
            }
        }
        System.out.println(last);
    }

    /** One round at {@code ms} per request: ours cold, ours rerun, naive; returns the summary line. */
    private static String round(LocalHub hub, int ms) throws Exception {
        Path cacheDir = Files.createTempDirectory("hub-bench-cache");
        try {
            hub.latency(Duration.ofMillis(ms));
            System.out.printf(Locale.ROOT, "%n--- local hub at %s, %d ms per request ---%n", hub.endpoint(), ms);

            // ours, cold cache: both models at once (a thread each), as a notebook reading two models can
            List<Read> reads = new ArrayList<>();
            Run ours = measure(hub, steps -> {
                HubClient client = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
                DataCache cache = new DataCache(cacheDir);
                reads.addAll(eachModel(s -> {
                    long t = System.nanoTime();
                    SafetensorsModel m = new SafetensorsModel(HubStore.open(client, cache, s.repo(), "main"));
                    t = step(steps, s, "pin revision", t);
                    List<String> names = normNames(s);
                    Set<String> shards = new LinkedHashSet<>();
                    for (String n : names) {
                        shards.add(m.weightMap().get(n));
                    }
                    t = step(steps, s, "index", t);
                    m.headers(shards);
                    t = step(steps, s, shards.size() + " headers", t);
                    Map<String, Tensor> got = m.readAll(names);
                    t = step(steps, s, names.size() + " tensors", t);
                    long required = 0;
                    for (String n : names) {
                        required += got.get(n).byteSize();
                    }
                    for (String sh : shards) {
                        required += m.header(sh).headerBytes();
                    }
                    return new Read(m.commit(), series(s, m.source(), got, "input_layernorm"), required, shards.size());
                }));
                long t = System.nanoTime();
                LayerMatrix mx = LayerMatrix.across(reads.get(0).series(), reads.get(1).series(), Metric.COSINE);
                steps.add(String.format(Locale.ROOT, "cosine matrix %dx%d [0][0]=%.6f: %.0f ms", mx.rows(), mx.cols(),
                        mx.get(0, 0), (System.nanoTime() - t) / 1e6));
            });
            long[] required = {reads.stream().mapToLong(Read::required).sum()};
            int[] touched = {reads.stream().mapToInt(Read::touched).sum()};

            // ours again: new client, same cache, revisions pinned by the first run
            Run rerun = measure(hub, steps -> {
                HubClient again = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
                DataCache cache = new DataCache(cacheDir);
                eachModel(s -> {
                    long t = System.nanoTime();
                    String commit = reads.get(MODELS.indexOf(s)).commit();
                    SafetensorsModel m = new SafetensorsModel(HubStore.open(again, cache, s.repo(), commit));
                    m.readAll(normNames(s));
                    step(steps, s, "everything from the cache", t);
                    return null;
                });
            });

            Run naive = measure(hub, steps -> {
                for (Synthetic.Spec s : MODELS) {
                    naive(hub.endpoint(), s);
                }
            });

            int norms = MODELS.stream().mapToInt(s -> normNames(s).size()).sum();
            System.out.printf(Locale.ROOT, "study: %d norms of %s and %s, %d shards touched%n", norms, MODELS.get(0).repo(),
                    MODELS.get(1).repo(), touched[0]);
            System.out.println("where our time went (cold cache; the models read at once, so their steps overlap):");
            List<String> byModel = new ArrayList<>(ours.steps());
            byModel.sort(java.util.Comparator.comparingInt(x -> {
                for (int i = 0; i < MODELS.size(); i++) {
                    if (x.startsWith(MODELS.get(i).repo())) {
                        return i;
                    }
                }
                return MODELS.size();
            }));
            for (String st : byModel) {
                System.out.println("  " + st);
            }
            System.out.println("rerun: " + String.join("; ", rerun.steps()));
            System.out.printf(Locale.ROOT, "required shard bytes (headers of touched shards + tensors): %,d%n", required[0]);
            System.out.printf(Locale.ROOT, "ours:   %6.2f s, %4d requests, shard bytes %,d (+ %,d bytes of revision info, index and config)%n",
                    ours.seconds(), ours.requests(), ours.shardBytes(), ours.otherBytes());
            System.out.printf(Locale.ROOT, "rerun:  %6.2f s, %4d requests%n", rerun.seconds(), rerun.requests());
            System.out.printf(Locale.ROOT, "naive:  %6.2f s, %4d requests, shard bytes %,d%n", naive.seconds(), naive.requests(), naive.shardBytes());
            // the study's dependencies: revision -> index -> shard header (a resolve redirect, then the
            // storage host) -> tensors; nothing shorter is possible even with every request in flight at once
            System.out.printf(Locale.ROOT, "critical path: ours %d sequential round trips (%.0f ms of latency), naive %d;"
                    + " the study allows 5 (revision, index, resolve redirect, header, tensors) with both models at once%n",
                    ours.critical(), ours.critical() * (double) ms, naive.critical());
            return String.format(Locale.ROOT, "bytes_ratio=%.4f speedup=%.2f rerun_requests=%d",
                    (double) ours.shardBytes() / required[0], naive.seconds() / ours.seconds(), rerun.requests());
        } finally {
            deleteTree(cacheDir);
        }
    }

    private record Read(String commit, LayerSeries series, long required, int touched) {}

    private interface ModelTask<T> {
        T run(Synthetic.Spec s) throws Exception;
    }

    /** The task for every model at once, a thread each; results in the order of MODELS. */
    private static <T> List<T> eachModel(ModelTask<T> task) throws Exception {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(MODELS.size());
        try {
            List<java.util.concurrent.Future<T>> fs = new ArrayList<>();
            for (Synthetic.Spec s : MODELS) {
                fs.add(ex.submit(() -> task.run(s)));
            }
            List<T> out = new ArrayList<>();
            for (var f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            }
            return out;
        } finally {
            ex.shutdownNow();
        }
    }

    private interface Study {
        void run(List<String> steps) throws Exception;
    }

    private static Run measure(LocalHub hub, Study study) throws Exception {
        hub.clearLog();
        List<String> steps = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        study.run(steps);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<LocalHub.Logged> log = hub.log();
        long shard = hub.storageBytesServed();
        System.out.printf(Locale.ROOT, "  (%.2f s, %d requests)%n", seconds, log.size());
        if (System.getenv("BENCH_TRACE") != null) {
            for (LocalHub.Logged l : log) {
                System.out.printf(Locale.ROOT, "    %6.0f %6.0f %s %s %s%n", (l.arrivedNanos() - t0) / 1e6, (l.answeredNanos() - t0) / 1e6,
                        l.cdn() ? "cdn" : "hub", l.path().replaceAll(".*/", ""), l.range());
            }
        }
        return new Run(seconds, log.size(), shard, hub.bytesServed() - shard, criticalPath(log), steps);
    }

    private static long step(List<String> steps, Synthetic.Spec s, String what, long since) {
        long now = System.nanoTime();
        steps.add(String.format(Locale.ROOT, "%s %s: %.0f ms", s.repo(), what, (now - since) / 1e6));
        return now;
    }

    /**
     * The longest chain of requests each arriving after the one before it was answered: the
     * most intervals [arrived, answered] that do not overlap (greedy by earliest answer).
     */
    static int criticalPath(List<LocalHub.Logged> log) {
        List<LocalHub.Logged> byEnd = new ArrayList<>(log);
        byEnd.sort(java.util.Comparator.comparingLong(LocalHub.Logged::answeredNanos));
        int n = 0;
        long free = Long.MIN_VALUE;
        for (LocalHub.Logged l : byEnd) {
            if (l.arrivedNanos() >= free) {
                n++;
                free = l.answeredNanos();
            }
        }
        return n;
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

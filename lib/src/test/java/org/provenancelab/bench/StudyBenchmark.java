package org.provenancelab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.provenancelab.cache.DataCache;
import org.provenancelab.hub.HubClient;
import org.provenancelab.hub.HubStore;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.hub.RetryPolicy;
import org.provenancelab.hub.Synthetic;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.Metric;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.TensorEntry;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.view.ConsoleSink;
import org.provenancelab.view.Display;

/**
 * A full online-shaped study of the Solar- and GLM-shaped synthetic repos through the local hub,
 * meant to run in {@code -Xmx1g}: the inventory of both models, every norm, every router, k/v
 * windows from every layer and 10,000 embedding rows (in seeded blocks of 100 consecutive rows),
 * each compared across the two models. Run at 1x, 2x and 4x the sampled part (k/v windows and
 * embedding rows; norms and routers are all read at every scale), each with a fresh cache, so
 * that the time and bytes can be seen to grow linearly while the heap does not. The study
 * streams: routers a few layers at a time, embedding rows a block batch at a time, and keeps
 * only the per-layer figures. Heap is measured by the JVM's own beans: the sum of the heap
 * pools' peak usage (an upper bound, since pools peak at different moments) and the largest
 * heap in use right after a collection (the live set). Last line {@code peak_heap_mb=…}.
 */
public final class StudyBenchmark {
    private static final List<Synthetic.Spec> MODELS = List.of(Synthetic.SOLAR_LIKE, Synthetic.GLM_LIKE);
    private static final int WINDOWS = 8;
    private static final int WINDOW = 4096;
    private static final int EMBED_ROWS = 10_000;
    private static final int BLOCK = 100;
    /** Embedding blocks read per batch: 10 blocks of 100 rows of 8 KiB, 8 MB per model. */
    private static final int BLOCKS_PER_BATCH = 10;
    private static final int ROUTER_LAYERS_PER_BATCH = 8;
    private static final long SEED = 20260101L;

    private static final AtomicLong liveAfterGc = new AtomicLong();

    /** What one run of the study computed and read. */
    private record Outcome(double normCosine00, double routerPearsonMean, double kvPearsonMean, double embedCosineMean,
                           int tensorsRead, long rowsRead) {}

    public static void main(String[] args) throws Exception {
        Display.install(new ConsoleSink(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        watchCollections();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "study benchmark: max heap %d MB (run with -Xmx1g), %d processors%n", max >> 20,
                Runtime.getRuntime().availableProcessors());
        int[] scales = args.length == 0 ? new int[] {1, 2, 4} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        long peakPools = 0, peakLive = 0;
        double baseSeconds = 0;
        long baseBytes = 0;
        List<double[]> growth = new ArrayList<>(); // scale, seconds, bytes
        try (LocalHub hub = LocalHub.start()) {
            for (Synthetic.Spec s : MODELS) {
                Synthetic.publish(hub, s);
            }
            hub.latency(Duration.ZERO);
            for (int k : scales) {
                Path cacheDir = Files.createTempDirectory("study-bench-cache");
                try {
                    System.gc();
                    for (MemoryPoolMXBean p : heapPools()) {
                        p.resetPeakUsage();
                    }
                    liveAfterGc.set(0);
                    hub.clearLog();
                    long t0 = System.nanoTime();
                    Outcome o = study(hub, cacheDir, k);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long pools = 0;
                    for (MemoryPoolMXBean p : heapPools()) {
                        pools += p.getPeakUsage().getUsed();
                    }
                    long bytes = hub.bytesServed();
                    int requests = hub.log().size();
                    if (baseSeconds == 0) {
                        baseSeconds = seconds;
                        baseBytes = bytes;
                    }
                    growth.add(new double[] {k, seconds, bytes});
                    peakPools = Math.max(peakPools, pools);
                    peakLive = Math.max(peakLive, liveAfterGc.get());
                    System.out.printf(Locale.ROOT, "%dx: %6.2f s, %6d requests, %,14d bytes (%.2fx the bytes, %.2fx the time of the first),"
                                    + " %d tensors + %,d embedding rows per model; heap peak %d MB (pools), %d MB live after GC%n",
                            k, seconds, requests, bytes, (double) bytes / baseBytes, seconds / baseSeconds, o.tensorsRead(), o.rowsRead(),
                            pools >> 20, liveAfterGc.get() >> 20);
                    System.out.printf(Locale.ROOT, "    results: input_layernorm cosine [0][0]=%.6f, router Pearson mean %.4f,"
                                    + " k/v window Pearson mean %.4f, embedding row cosine mean %.4f%n",
                            o.normCosine00(), o.routerPearsonMean(), o.kvPearsonMean(), o.embedCosineMean());
                } finally {
                    deleteTree(cacheDir);
                }
            }
        }
        if (growth.size() >= 2) {
            // bytes = fixed + k * per-sample; the last two scales give the per-1x increment
            double[] f = growth.get(0), l = growth.get(growth.size() - 1);
            System.out.printf(Locale.ROOT, "growth per 1x of samples (from %dx to %dx): %,.0f bytes, %.2f s; fixed part (inventory, norms, routers): %,.0f bytes%n",
                    (int) f[0], (int) l[0], (l[2] - f[2]) / (l[0] - f[0]), (l[1] - f[1]) / (l[0] - f[0]),
                    f[2] - f[0] * (l[2] - f[2]) / (l[0] - f[0]));
        }
        System.out.printf(Locale.ROOT, "peak_heap_mb=%d live_after_gc_mb=%d max_heap_mb=%d%n", peakPools >> 20, peakLive >> 20, max >> 20);
    }

    private static Outcome study(LocalHub hub, Path cacheDir, int k) throws IOException {
        HubClient client = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
        DataCache cache = new DataCache(cacheDir);
        List<SafetensorsModel> ms = new ArrayList<>();
        for (Synthetic.Spec s : MODELS) {
            SafetensorsModel m = new SafetensorsModel(HubStore.open(client, cache, s.repo(), "main"));
            m.inventory(); // every header, as notebook 03 does
            ms.add(m);
        }
        SafetensorsModel a = ms.get(0), b = ms.get(1);
        int tensors = 0;

        // every norm of both models; input_layernorm compared layer by layer
        List<LayerSeries> series = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SafetensorsModel m = ms.get(i);
            Synthetic.Spec s = MODELS.get(i);
            List<String> norms = new ArrayList<>();
            for (TensorEntry e : m.inventory().tensors()) {
                if (e.name().endsWith("norm.weight")) {
                    norms.add(e.name());
                }
            }
            Map<String, Tensor> got = m.readAll(norms);
            tensors += norms.size();
            List<double[]> v = new ArrayList<>();
            for (int l = 0; l < s.layers() + s.mtpLayers(); l++) {
                v.add(got.get("model.layers." + l + ".input_layernorm.weight").doubles());
            }
            series.add(LayerSeries.of(m.source(), "model.layers.{i}.input_layernorm.weight", v));
        }
        double norm00 = LayerMatrix.across(series.get(0), series.get(1), Metric.COSINE).get(0, 0);
        series.clear();

        // every router of both models, a few layers at a time; Pearson of the same layer across models
        int maxLayers = Math.max(MODELS.get(0).layers() + MODELS.get(0).mtpLayers(), MODELS.get(1).layers() + MODELS.get(1).mtpLayers());
        double routerSum = 0;
        int routerN = 0;
        for (int from = 0; from < maxLayers; from += ROUTER_LAYERS_PER_BATCH) {
            List<Map<String, Tensor>> got = new ArrayList<>();
            for (SafetensorsModel m : ms) {
                List<String> names = new ArrayList<>();
                for (int l = from; l < Math.min(maxLayers, from + ROUTER_LAYERS_PER_BATCH); l++) {
                    if (m.inventory().contains(router(l))) {
                        names.add(router(l));
                    }
                }
                got.add(m.readAll(names));
                tensors += names.size();
            }
            for (var e : got.get(0).entrySet()) {
                Tensor other = got.get(1).get(e.getKey());
                if (other != null) {
                    routerSum += VectorMetrics.pearson(e.getValue().doubles(), other.doubles());
                    routerN++;
                }
            }
        }

        // k/v windows from every layer, the same seeded placements in both models
        double kvSum = 0;
        int kvN = 0;
        int layers = Math.min(MODELS.get(0).layers(), MODELS.get(1).layers());
        for (int l = 0; l < layers; l++) {
            for (String proj : List.of("k_proj", "v_proj")) {
                String n = "model.layers." + l + ".self_attn." + proj + ".weight";
                List<Tensor> wa = a.sampleWindows(n, WINDOWS * k, WINDOW, SEED + l);
                List<Tensor> wb = b.sampleWindows(n, WINDOWS * k, WINDOW, SEED + l);
                tensors += 2;
                for (int w = 0; w < wa.size(); w++) {
                    kvSum += VectorMetrics.pearson(wa.get(w).doubles(), wb.get(w).doubles());
                    kvN++;
                }
            }
        }
        // the MTP layer's k/v too (GLM only: every layer of each model is sampled)
        for (int i = 0; i < 2; i++) {
            Synthetic.Spec s = MODELS.get(i);
            for (int l = layers; l < s.layers() + s.mtpLayers(); l++) {
                for (String proj : List.of("k_proj", "v_proj")) {
                    ms.get(i).sampleWindows("model.layers." + l + ".self_attn." + proj + ".weight", WINDOWS * k, WINDOW, SEED + l);
                    tensors++;
                }
            }
        }

        // embedding rows: seeded blocks of BLOCK consecutive rows, a batch of blocks at a time
        long vocab = Math.min(MODELS.get(0).vocab(), MODELS.get(1).vocab());
        int blocks = EMBED_ROWS * k / BLOCK;
        SplittableRandom rnd = new SplittableRandom(SEED);
        long[] starts = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            starts[i] = rnd.nextLong(vocab / BLOCK) * BLOCK; // block-aligned, so blocks never overlap
        }
        java.util.Arrays.sort(starts);
        double embSum = 0;
        long rows = 0;
        String embed = "model.embed_tokens.weight";
        for (int from = 0; from < blocks; from += BLOCKS_PER_BATCH) {
            int to = Math.min(blocks, from + BLOCKS_PER_BATCH);
            long[] ids = new long[(to - from) * BLOCK];
            int j = 0;
            for (int i = from; i < to; i++) {
                for (int r = 0; r < BLOCK; r++) {
                    ids[j++] = starts[i] + r;
                }
            }
            List<Tensor> ra = a.readRows(embed, ids);
            List<Tensor> rb = b.readRows(embed, ids);
            for (int i = 0; i < ids.length; i++) {
                embSum += VectorMetrics.cosine(ra.get(i).doubles(), rb.get(i).doubles());
            }
            rows += ids.length;
        }
        return new Outcome(norm00, routerSum / routerN, kvSum / kvN, embSum / rows, tensors / 2, rows);
    }

    private static String router(int layer) {
        return "model.layers." + layer + ".mlp.gate.weight";
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> out = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Keeps the largest heap in use right after any collection (the live set, plus what the GC left). */
    private static void watchCollections() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter em) {
                em.addNotificationListener((n, h) -> {
                    if (!"com.sun.management.gc.notification".equals(n.getType())) {
                        return;
                    }
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (isHeap(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    liveAfterGc.accumulateAndGet(used, Math::max);
                }, null, null);
            }
        }
    }

    private static boolean isHeap(String pool) {
        for (MemoryPoolMXBean p : heapPools()) {
            if (p.getName().equals(pool)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : s.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}

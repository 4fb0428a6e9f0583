package org.provenancelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.provenancelab.metrics.Metric;
import org.provenancelab.metrics.PairMetrics;
import org.provenancelab.metrics.PairwiseMatrices;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.provenance.Lab;
import org.provenancelab.tensor.DType;

/**
 * Throughput of bf16 decoding and metrics, ours against numpy's on the same bytes in the same
 * run. Workloads: decode everything (ours to float, which holds bf16 exactly; numpy to float64,
 * which its reductions need); six metrics of two 1024×4096 k_proj; row cosines of two
 * 128×4096 routers; cosine, centred cosine, mean |Δ| and rel_l2 matrices of 48 × 47 norms.
 * Both sides report checksums of their results, which must agree. Last line:
 * {@code metrics_vs_numpy=<numpy median time / our median time>}.
 */
public final class MetricsBenchmark {
    private static final Map<String, long[]> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("k_proj_a", new long[] {1024, 4096});
        SHAPES.put("k_proj_b", new long[] {1024, 4096});
        SHAPES.put("router_a", new long[] {128, 4096});
        SHAPES.put("router_b", new long[] {128, 4096});
        SHAPES.put("norms_a", new long[] {48, 4096});
        SHAPES.put("norms_b", new long[] {47, 4096});
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String python = args.length > 1 ? args[1] : "python3";
        Path dir = Files.createTempDirectory("metrics-bench");
        try {
            Map<String, byte[]> raw = writeData(dir);
            for (int w = 0; w < 3; w++) {
                suite(raw); // warm-up: let the JIT compile the loops
            }
            List<Result> ours = new java.util.ArrayList<>();
            for (int r = 0; r < reps; r++) {
                ours.add(suite(raw));
            }
            Map<String, Double> ourMedian = new LinkedHashMap<>();
            for (String w : ours.get(0).seconds.keySet()) {
                ourMedian.put(w, median(ours.stream().mapToDouble(x -> x.seconds.get(w)).toArray()));
            }
            double bandwidth = copyBandwidth(reps);
            JsonNode np = runNumpy(python, dir, reps);
            double[] npCheck = new double[np.get("check").size()];
            for (int i = 0; i < npCheck.length; i++) {
                npCheck[i] = np.get("check").get(i).asDouble();
            }
            double[] ourCheck = ours.get(0).check;
            for (int i = 0; i < ourCheck.length; i++) {
                double tol = 1e-9 * Math.max(1, Math.abs(npCheck[i]));
                if (!(Math.abs(ourCheck[i] - npCheck[i]) <= tol)) {
                    throw new IllegalStateException("result " + i + " differs: ours " + ourCheck[i] + ", numpy " + npCheck[i]);
                }
            }
            System.out.printf(Locale.ROOT, "metrics benchmark: median of %d runs each, numpy %s; results agree to 1e-9 (%d checksums)%n",
                    reps, np.get("numpy").asText(), ourCheck.length);
            System.out.printf(Locale.ROOT, "memory bandwidth (System.arraycopy of 64 MiB, read + write, same run): %.2f GB/s%n",
                    bandwidth / 1e9);
            System.out.printf(Locale.ROOT, "%-22s %12s %12s %8s %14s %10s%n", "workload", "ours ms", "numpy ms", "ratio", "bw-limit ms",
                    "MB moved");
            double oursTotal = 0, npTotal = 0, limitTotal = 0;
            for (var e : ourMedian.entrySet()) {
                double n = np.get("seconds").get(e.getKey()).asDouble();
                oursTotal += e.getValue();
                npTotal += n;
                double bytes = minimumBytes(e.getKey());
                limitTotal += bytes / bandwidth;
                System.out.printf(Locale.ROOT, "%-22s %12.2f %12.2f %8.2f %14.2f %10.1f%n", e.getKey(), 1e3 * e.getValue(), 1e3 * n,
                        n / e.getValue(), 1e3 * bytes / bandwidth, bytes / 1e6);
            }
            double np32 = np.get("decode_float32").asDouble();
            System.out.printf(Locale.ROOT, "decode: ours to float (exact for bf16; the metrics sum in double), numpy to float64 "
                    + "(its array reductions need it to agree to 1e-9); numpy to float32 alone, for comparison: %.2f ms, ratio %.2f%n", 1e3 * np32,
                    np32 / ourMedian.get("decode"));
            System.out.printf(Locale.ROOT, "bandwidth limit for the same bytes: %.2f ms; ours %.2f× that%n", 1e3 * limitTotal,
                    oursTotal / limitTotal);
            long elements = SHAPES.values().stream().mapToLong(s -> s[0] * s[1]).sum();
            System.out.printf(Locale.ROOT, "%-22s %12.2f %12.2f %8.2f   (%d bf16 elements in; ours %.0f M elements/s)%n",
                    "total", 1e3 * oursTotal, 1e3 * npTotal, npTotal / oursTotal, elements, elements / oursTotal / 1e6);
            System.out.printf(Locale.ROOT, "metrics_vs_numpy=%.3f%n", npTotal / oursTotal);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private record Result(Map<String, Double> seconds, double[] check) {}

    private static Result suite(Map<String, byte[]> raw) {
        Map<String, Double> t = new LinkedHashMap<>();
        // the last repetition's garbage is collected here, outside the timings (as JMH's -gc option):
        // numpy frees its arrays as they go, and a pause it left behind would land on whichever workload allocates next
        System.gc();
        long s = System.nanoTime();
        // to float, which holds every bf16 value exactly; the metrics widen each block to double in cache
        Map<String, float[]> x = new LinkedHashMap<>();
        for (var e : raw.entrySet()) {
            byte[] b = e.getValue();
            float[] d = new float[b.length / 2];
            DType.BF16.decode(b, 0, d.length, d, 0);
            x.put(e.getKey(), d);
        }
        t.put("decode", seconds(s));

        s = System.nanoTime();
        float[] ka = x.get("k_proj_a"), kb = x.get("k_proj_b");
        PairMetrics p = PairMetrics.of(ka, kb);
        double[] pm = {p.cosine(), p.centeredCosine(), p.meanAbsDiff(), p.rmse(), p.maxAbsDiff(), p.relL2()};
        t.put("k_proj pair metrics", seconds(s));

        s = System.nanoTime();
        double rc = 0;
        for (double c : VectorMetrics.rowCosines(x.get("router_a"), x.get("router_b"), 4096)) {
            rc += c;
        }
        t.put("router row cosines", seconds(s));

        s = System.nanoTime();
        double[][] na = rows(x.get("norms_a"), 4096), nb = rows(x.get("norms_b"), 4096);
        Map<Metric, double[][]> lm = PairwiseMatrices.of(List.of(Metric.COSINE, Metric.CENTERED_COSINE, Metric.MEAN_ABS_DIFF,
                Metric.REL_L2), na, nb);
        double cos = sum(lm.get(Metric.COSINE)), cc = sum(lm.get(Metric.CENTERED_COSINE));
        double mad = sum(lm.get(Metric.MEAN_ABS_DIFF)), rel = sum(lm.get(Metric.REL_L2));
        t.put("layer matrices", seconds(s));
        double[] check = Arrays.copyOf(pm, pm.length + 5);
        check[6] = rc;
        check[7] = cos;
        check[8] = cc;
        check[9] = mad;
        check[10] = rel;
        return new Result(t, check);
    }

    /**
     * The least memory traffic each workload needs, as ours is done: decode reads 2 bytes and
     * writes 4 per element; the metrics read each decoded float once.
     */
    private static double minimumBytes(String workload) {
        return switch (workload) {
            case "decode" -> 6.0 * SHAPES.values().stream().mapToLong(s -> s[0] * s[1]).sum();
            case "k_proj pair metrics" -> 4.0 * (elements("k_proj_a") + elements("k_proj_b"));
            case "router row cosines" -> 4.0 * (elements("router_a") + elements("router_b"));
            case "layer matrices" -> 4.0 * (elements("norms_a") + elements("norms_b"));
            default -> throw new IllegalArgumentException(workload);
        };
    }

    private static long elements(String name) {
        return SHAPES.get(name)[0] * SHAPES.get(name)[1];
    }

    /** Bytes per second a single bulk copy moves (read plus write), median of several. */
    private static double copyBandwidth(int reps) {
        double[] src = new double[8 << 20], dst = new double[src.length];
        Arrays.fill(src, 1.5);
        double[] t = new double[Math.max(reps, 5)];
        for (int r = -2; r < t.length; r++) {
            long s = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, src.length);
            if (r >= 0) {
                t[r] = seconds(s);
            }
        }
        return 2.0 * 8 * src.length / median(t);
    }

    private static double sum(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += v;
            }
        }
        return s;
    }

    private static double[][] rows(float[] flat, int width) {
        double[][] r = new double[flat.length / width][width];
        for (int i = 0; i < r.length; i++) {
            for (int k = 0; k < width; k++) {
                r[i][k] = flat[i * width + k];
            }
        }
        return r;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Weights shaped like trained ones: norms near 1 with spread, projections near 0; b is a perturbed a. */
    private static Map<String, byte[]> writeData(Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(20260101);
        Map<String, byte[]> raw = new LinkedHashMap<>();
        StringBuilder shapes = new StringBuilder("{");
        for (var e : SHAPES.entrySet()) {
            int n = (int) (e.getValue()[0] * e.getValue()[1]);
            boolean norm = e.getKey().startsWith("norms");
            byte[] b = new byte[2 * n];
            for (int i = 0; i < n; i++) {
                double v = norm ? 0.8 + 0.3 * rnd.nextDouble() + (rnd.nextInt(500) == 0 ? 5 : 0) : 0.02 * (rnd.nextDouble() * 2 - 1);
                int bits = Float.floatToIntBits((float) v) >>> 16;
                b[2 * i] = (byte) bits;
                b[2 * i + 1] = (byte) (bits >>> 8);
            }
            raw.put(e.getKey(), b);
            Files.write(dir.resolve(e.getKey() + ".bf16"), b);
            shapes.append(shapes.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":[")
                    .append(e.getValue()[0]).append(',').append(e.getValue()[1]).append(']');
        }
        Files.writeString(dir.resolve("shapes.json"), shapes.append('}'), StandardCharsets.UTF_8);
        return raw;
    }

    private static JsonNode runNumpy(String python, Path dir, int reps) throws IOException, InterruptedException {
        Path script = Lab.home().resolve("lib/src/test/python/metrics_numpy.py");
        Process p = new ProcessBuilder(python, script.toString(), dir.toString(), String.valueOf(reps))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the numpy side failed (" + python + " " + script + "), exit " + p.exitValue());
        }
        return new ObjectMapper().readTree(out);
    }
}

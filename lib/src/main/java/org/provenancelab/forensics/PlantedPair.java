package org.provenancelab.forensics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * Two small MoE-shaped models (glm4_moe names: 6 layers, width 256, 16 experts in the router)
 * whose shared bytes are known because the lab planted them: B is independent of A except for
 * the tensors {@link #copies()} lists, and one near-copy ({@link #nearCopy()}: every 97th value
 * changed). Served on the local hub as {@code synthetic/planted-a} and {@code synthetic/planted-b},
 * they are the known answer a byte-identity scan must find exactly — a test of the method and
 * of the HTTP path, never evidence about real models.
 */
public final class PlantedPair {
    public static final String REPO_A = "synthetic/planted-a";
    public static final String REPO_B = "synthetic/planted-b";
    static final int LAYERS = 6;
    static final int HIDDEN = 256;
    static final int KV = 64;
    static final int EXPERTS = 16;

    /** A tensor of A and the tensor of B that holds the same bytes. */
    public record Copy(String inA, String inB) {}

    private PlantedPair() {}

    /** The planted byte-identical pairs. */
    public static List<Copy> copies() {
        return List.of(
                new Copy("model.layers.1.input_layernorm.weight", "model.layers.1.input_layernorm.weight"),
                new Copy("model.layers.2.self_attn.k_proj.weight", "model.layers.2.self_attn.k_proj.weight"),
                new Copy("model.layers.3.mlp.gate.weight", "model.layers.4.mlp.gate.weight"),
                new Copy("model.norm.weight", "model.norm.weight"));
    }

    /** The near-copy: B's tensor is A's with every 97th value changed. */
    public static Copy nearCopy() {
        return new Copy("model.layers.5.self_attn.v_proj.weight", "model.layers.5.self_attn.v_proj.weight");
    }

    /**
     * What was planted beside what a scan of the pair found: every planted copy and near-copy, and
     * anything the scan reports that was not planted.
     */
    public static tech.tablesaw.api.Table check(ByteScan scan) {
        var t = tech.tablesaw.api.Table.create("Planted beside found: " + REPO_A + " vs " + REPO_B,
                tech.tablesaw.api.StringColumn.create("tensor in A"), tech.tablesaw.api.StringColumn.create("tensor in B"),
                tech.tablesaw.api.StringColumn.create("planted as"), tech.tablesaw.api.StringColumn.create("found as"),
                tech.tablesaw.api.StringColumn.create("source"));
        java.util.Map<Copy, String> found = new java.util.LinkedHashMap<>();
        for (ByteScan.Pair p : scan.pairs()) {
            if (p.verdict() != org.provenancelab.metrics.ByteIdentity.Verdict.DIFFERENT) {
                found.put(new Copy(p.nameA(), p.nameB()), p.verdict().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        java.util.Map<Copy, String> planted = new java.util.LinkedHashMap<>();
        copies().forEach(c -> planted.put(c, "identical"));
        planted.put(nearCopy(), "partial (every 97th value changed)");
        java.util.Set<Copy> all = new java.util.LinkedHashSet<>(planted.keySet());
        all.addAll(found.keySet());
        for (Copy c : all) {
            t.stringColumn("tensor in A").append(c.inA());
            t.stringColumn("tensor in B").append(c.inB());
            t.stringColumn("planted as").append(planted.getOrDefault(c, "not planted"));
            t.stringColumn("found as").append(found.getOrDefault(c, "not found"));
            t.stringColumn("source").append(scan.sources().label());
        }
        return t;
    }

    /**
     * The sentence a notebook shows when the scan found exactly what was planted (every copy
     * identical, the near-copy partial, nothing else); an error naming the difference otherwise,
     * so that a notebook run fails rather than show a scan that does not work.
     */
    public static String requireFoundExactly(ByteScan scan) {
        var t = check(scan);
        for (int r = 0; r < t.rowCount(); r++) {
            String planted = t.stringColumn("planted as").get(r).split(" ")[0], found = t.stringColumn("found as").get(r);
            if (!planted.equals(found)) {
                throw new IllegalStateException("the byte scan did not find what was planted: " + t.stringColumn("tensor in A").get(r)
                        + " / " + t.stringColumn("tensor in B").get(r) + " planted as " + t.stringColumn("planted as").get(r)
                        + ", found as " + found);
            }
        }
        return "The scan found exactly what was planted: " + copies().size() + " identical tensors and 1 near-copy, and nothing else ("
                + scan.sources().label() + ").";
    }

    /** A's tensors. */
    public static Map<String, Tensor> a() {
        return model(101);
    }

    /** B's tensors: independent draws, then the planted copies. */
    public static Map<String, Tensor> b() {
        Map<String, Tensor> a = a(), b = model(202);
        for (Copy c : copies()) {
            Tensor t = a.get(c.inA());
            b.put(c.inB(), new Tensor(c.inB(), t.dtype(), t.shape(), t.rawBytes()));
        }
        Tensor v = a.get(nearCopy().inA());
        float[] f = v.floats();
        for (int i = 0; i < f.length; i += 97) {
            f[i] = f[i] * 1.5f + 0.01f;
        }
        b.put(nearCopy().inB(), bf16(nearCopy().inB(), v.shape(), f));
        return b;
    }

    /** Publishes both on a local hub; returns their commits (A, B). */
    public static String[] publish(LocalHub hub) {
        return new String[] {publish(hub, REPO_A, a()), publish(hub, REPO_B, b())};
    }

    /** Publishes one of the two under {@code repo}. */
    public static String publish(LocalHub hub, String repo) {
        if (repo.equals(REPO_A)) {
            return publish(hub, repo, a());
        }
        if (repo.equals(REPO_B)) {
            return publish(hub, repo, b());
        }
        throw new IllegalArgumentException("the planted pair is " + REPO_A + " and " + REPO_B + ", not " + repo);
    }

    private static Map<String, Tensor> model(long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            put(m, random(p + "input_layernorm.weight", new long[] {HIDDEN}, r, true));
            put(m, random(p + "post_attention_layernorm.weight", new long[] {HIDDEN}, r, true));
            put(m, random(p + "self_attn.q_proj.weight", new long[] {4L * KV, HIDDEN}, r, false));
            put(m, random(p + "self_attn.k_proj.weight", new long[] {KV, HIDDEN}, r, false));
            put(m, random(p + "self_attn.v_proj.weight", new long[] {KV, HIDDEN}, r, false));
            put(m, random(p + "self_attn.o_proj.weight", new long[] {HIDDEN, 4L * KV}, r, false));
            put(m, random(p + "mlp.gate.weight", new long[] {EXPERTS, HIDDEN}, r, false));
        }
        put(m, random("model.norm.weight", new long[] {HIDDEN}, r, true));
        return m;
    }

    private static void put(Map<String, Tensor> m, Tensor t) {
        m.put(t.name(), t);
    }

    private static Tensor random(String name, long[] shape, Random r, boolean norm) {
        int n = (int) Tensor.elementCount(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (norm ? 1 + 0.1 * r.nextGaussian() : 0.02 * r.nextGaussian());
        }
        return bf16(name, shape, v);
    }

    private static Tensor bf16(String name, long[] shape, float[] v) {
        byte[] b = new byte[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToIntBits(v[i]);
            bits = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16; // round to nearest even, as PyTorch does
            b[2 * i] = (byte) bits;
            b[2 * i + 1] = (byte) (bits >>> 8);
        }
        return new Tensor(name, DType.BF16, shape, b);
    }

    private static String publish(LocalHub hub, String repo, Map<String, Tensor> tensors) {
        List<Tensor> all = new ArrayList<>(tensors.values());
        List<Tensor> s1 = all.subList(0, all.size() / 2), s2 = all.subList(all.size() / 2, all.size());
        StringBuilder wm = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        for (Tensor t : s1) {
            wm.append('"').append(t.name()).append("\":\"model-00001-of-00002.safetensors\",");
        }
        for (Tensor t : s2) {
            wm.append('"').append(t.name()).append("\":\"model-00002-of-00002.safetensors\",");
        }
        wm.setLength(wm.length() - 1);
        wm.append("}}");
        return hub.repo(repo)
                .file("config.json", "{\"model_type\":\"glm4_moe\",\"num_hidden_layers\":" + LAYERS + ",\"hidden_size\":" + HIDDEN
                        + ",\"n_routed_experts\":" + EXPERTS + ",\"note\":\"planted pair: B shares only the tensors the lab copied from A\"}")
                .file("model.safetensors.index.json", wm.toString())
                .file("model-00001-of-00002.safetensors", ShardLayout.write(s1, Map.of("format", "pt")))
                .file("model-00002-of-00002.safetensors", ShardLayout.write(s2, Map.of("format", "pt")))
                .publish();
    }
}

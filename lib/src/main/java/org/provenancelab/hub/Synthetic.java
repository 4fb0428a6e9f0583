package org.provenancelab.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;

/**
 * Synthetic models with the real tensor layout of Solar-Open-100B, GLM-4.5-Air and Phi-3.5-MoE (every
 * expert, attention and router tensor, so shard headers have realistic sizes), served by the
 * local hub from virtual shards whose bytes are generated on demand: nothing multi-GB is ever
 * written. Values are deterministic noise (norms near 1, weights near 0); they carry no
 * information about the real models.
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * @param firstDense   leading layers with a dense MLP instead of experts
     * @param mtpLayers    next-token-prediction layers stored after the main stack
     * @param attnBias     q/k/v projections carry biases
     * @param mixtral      experts named as Mixtral and Phi-MoE name them ({@code block_sparse_moe.experts.E.w1/w2/w3},
     *                     router {@code block_sparse_moe.gate}), with no shared expert; otherwise DeepSeek-style
     *                     ({@code mlp.experts.E.gate_proj/up_proj/down_proj}, {@code mlp.gate}, one shared expert)
     */
    public record Spec(String repo, String modelType, int layers, int mtpLayers, int hidden, int heads, int kvHeads,
                       int experts, int topK, int moeIntermediate, int denseIntermediate, int firstDense, int vocab,
                       int shards, boolean attnBias, boolean mixtral) {
        /** The same layout published under another repo id (the local hub's stand-in for a real repo). */
        public Spec as(String repoId) {
            return new Spec(repoId, modelType, layers, mtpLayers, hidden, heads, kvHeads, experts, topK, moeIntermediate,
                    denseIntermediate, firstDense, vocab, shards, attnBias, mixtral);
        }
    }

    /** Shaped like upstage/Solar-Open-100B: 48 layers, 42 shards. */
    public static final Spec SOLAR_LIKE = new Spec("synthetic/solar-like", "solar_open", 48, 0, 4096, 64, 8, 128, 8, 1280,
            10240, 0, 196_608, 42, false, false);
    /** Shaped like zai-org/GLM-4.5-Air: 46 layers plus MTP layer 46, first layer dense, 47 shards. */
    public static final Spec GLM_LIKE = new Spec("synthetic/glm-like", "glm4_moe", 46, 1, 4096, 96, 8, 128, 8, 1408,
            10944, 1, 151_552, 47, true, false);
    /**
     * Shaped like microsoft/Phi-3.5-MoE-instruct, the rebuttal's unrelated control: 32 layers,
     * 32 query / 8 key-value heads, 16 experts of width 6,400 (2 per token), vocabulary 32,064,
     * Mixtral-style expert names; 17 shards.
     */
    public static final Spec PHI_LIKE = new Spec("synthetic/phi-moe-like", "phimoe", 32, 0, 4096, 32, 8, 16, 2, 6400,
            6400, 0, 32_064, 17, true, true);

    /** A tensor of the layout. */
    public record TensorSpec(String name, DType dtype, long[] shape) {
        long bytes() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b) * dtype.size();
        }
    }

    /** Every tensor, in the model's natural order. */
    public static List<TensorSpec> tensors(Spec s) {
        List<TensorSpec> t = new ArrayList<>();
        int h = s.hidden(), hd = 128;
        t.add(new TensorSpec("model.embed_tokens.weight", DType.BF16, new long[] {s.vocab(), h}));
        for (int l = 0; l < s.layers() + s.mtpLayers(); l++) {
            String p = "model.layers." + l + ".";
            t.add(new TensorSpec(p + "input_layernorm.weight", DType.BF16, new long[] {h}));
            t.add(new TensorSpec(p + "post_attention_layernorm.weight", DType.BF16, new long[] {h}));
            t.add(new TensorSpec(p + "self_attn.q_proj.weight", DType.BF16, new long[] {(long) s.heads() * hd, h}));
            t.add(new TensorSpec(p + "self_attn.k_proj.weight", DType.BF16, new long[] {(long) s.kvHeads() * hd, h}));
            t.add(new TensorSpec(p + "self_attn.v_proj.weight", DType.BF16, new long[] {(long) s.kvHeads() * hd, h}));
            if (s.attnBias()) {
                t.add(new TensorSpec(p + "self_attn.q_proj.bias", DType.BF16, new long[] {(long) s.heads() * hd}));
                t.add(new TensorSpec(p + "self_attn.k_proj.bias", DType.BF16, new long[] {(long) s.kvHeads() * hd}));
                t.add(new TensorSpec(p + "self_attn.v_proj.bias", DType.BF16, new long[] {(long) s.kvHeads() * hd}));
            }
            t.add(new TensorSpec(p + "self_attn.o_proj.weight", DType.BF16, new long[] {h, (long) s.heads() * hd}));
            if (l < s.firstDense()) {
                for (String m : List.of("gate_proj", "up_proj")) {
                    t.add(new TensorSpec(p + "mlp." + m + ".weight", DType.BF16, new long[] {s.denseIntermediate(), h}));
                }
                t.add(new TensorSpec(p + "mlp.down_proj.weight", DType.BF16, new long[] {h, s.denseIntermediate()}));
            } else if (s.mixtral()) {
                String moe = p + "block_sparse_moe.";
                t.add(new TensorSpec(moe + "gate.weight", DType.BF16, new long[] {s.experts(), h}));
                for (int e = 0; e < s.experts(); e++) {
                    String ep = moe + "experts." + e + ".";
                    t.add(new TensorSpec(ep + "w1.weight", DType.BF16, new long[] {s.moeIntermediate(), h}));
                    t.add(new TensorSpec(ep + "w2.weight", DType.BF16, new long[] {h, s.moeIntermediate()}));
                    t.add(new TensorSpec(ep + "w3.weight", DType.BF16, new long[] {s.moeIntermediate(), h}));
                }
            } else {
                t.add(new TensorSpec(p + "mlp.gate.weight", DType.BF16, new long[] {s.experts(), h}));
                t.add(new TensorSpec(p + "mlp.gate.e_score_correction_bias", DType.F32, new long[] {s.experts()}));
                for (int e = 0; e < s.experts(); e++) {
                    String ep = p + "mlp.experts." + e + ".";
                    t.add(new TensorSpec(ep + "gate_proj.weight", DType.BF16, new long[] {s.moeIntermediate(), h}));
                    t.add(new TensorSpec(ep + "up_proj.weight", DType.BF16, new long[] {s.moeIntermediate(), h}));
                    t.add(new TensorSpec(ep + "down_proj.weight", DType.BF16, new long[] {h, s.moeIntermediate()}));
                }
                t.add(new TensorSpec(p + "mlp.shared_experts.gate_proj.weight", DType.BF16, new long[] {s.moeIntermediate(), h}));
                t.add(new TensorSpec(p + "mlp.shared_experts.up_proj.weight", DType.BF16, new long[] {s.moeIntermediate(), h}));
                t.add(new TensorSpec(p + "mlp.shared_experts.down_proj.weight", DType.BF16, new long[] {h, s.moeIntermediate()}));
            }
            if (l >= s.layers()) {
                t.add(new TensorSpec(p + "eh_proj.weight", DType.BF16, new long[] {h, 2L * h}));
                t.add(new TensorSpec(p + "enorm.weight", DType.BF16, new long[] {h}));
                t.add(new TensorSpec(p + "hnorm.weight", DType.BF16, new long[] {h}));
                t.add(new TensorSpec(p + "shared_head.norm.weight", DType.BF16, new long[] {h}));
            }
        }
        t.add(new TensorSpec("model.norm.weight", DType.BF16, new long[] {h}));
        t.add(new TensorSpec("lm_head.weight", DType.BF16, new long[] {s.vocab(), h}));
        return t;
    }

    /** Publishes the model on the hub (config, index, virtual shards); returns the commit. */
    public static String publish(LocalHub hub, Spec s) {
        return publish(hub, s, Map.of(), 0);
    }

    /**
     * Publishes {@code s} holding the values of {@code parent} in every tensor the two layouts
     * share by name, dtype and shape, and values of its own in the rest: a model derived from
     * {@code parent} by keeping those weights as they were, the known answer "derived" for the
     * online tests. With {@code drift} above 0 each shared tensor is moved away from the
     * parent's values by noise of its own, {@code drift} times the tensor's spread, as a
     * fine-tune moves them: most bfloat16 elements change, the values stay correlated near 1.
     * Returns the commit.
     */
    public static String publishCopy(LocalHub hub, Spec s, Spec parent, double drift) {
        if (!(drift >= 0 && drift < 1)) {
            throw new IllegalArgumentException("drift " + drift + " for " + s.repo() + ": must be at least 0 and below 1");
        }
        Map<String, TensorSpec> theirs = new java.util.HashMap<>();
        for (TensorSpec t : tensors(parent)) {
            theirs.put(t.name(), t);
        }
        Map<String, String> seedOf = new java.util.HashMap<>();
        List<List<TensorSpec>> parentShards = shards(parent);
        for (int i = 0; i < parentShards.size(); i++) {
            for (TensorSpec t : parentShards.get(i)) {
                seedOf.put(t.name(), parent.repo() + "/" + shardFile(i, parentShards.size()));
            }
        }
        Map<String, TensorSpec> ours = new java.util.HashMap<>();
        for (TensorSpec t : tensors(s)) {
            ours.put(t.name(), t);
        }
        seedOf.keySet().removeIf(name -> !ours.containsKey(name) || ours.get(name).dtype() != theirs.get(name).dtype()
                || !Arrays.equals(ours.get(name).shape(), theirs.get(name).shape()));
        return publish(hub, s, seedOf, drift);
    }

    /** The layout's tensors in shards of about equal size, in the model's order. */
    private static List<List<TensorSpec>> shards(Spec s) {
        List<TensorSpec> all = tensors(s);
        long total = all.stream().mapToLong(TensorSpec::bytes).sum();
        long perShard = total / s.shards() + 1;
        List<List<TensorSpec>> shards = new ArrayList<>();
        List<TensorSpec> cur = new ArrayList<>();
        long acc = 0;
        for (TensorSpec t : all) {
            cur.add(t);
            acc += t.bytes();
            if (acc >= perShard * (shards.size() + 1) && shards.size() < s.shards() - 1) {
                shards.add(cur);
                cur = new ArrayList<>();
            }
        }
        shards.add(cur);
        return shards;
    }

    private static String shardFile(int i, int n) {
        return String.format("model-%05d-of-%05d.safetensors", i + 1, n);
    }

    /**
     * {@code seedOf}: for tensors named there, the shard id whose values they take (another
     * model's), moved by {@code drift} (see {@link #publishCopy}).
     */
    private static String publish(LocalHub hub, Spec s, Map<String, String> seedOf, double drift) {
        List<TensorSpec> all = tensors(s);
        long total = all.stream().mapToLong(TensorSpec::bytes).sum();
        List<List<TensorSpec>> shards = shards(s);
        ObjectMapper om = new ObjectMapper();
        ObjectNode index = om.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode wm = index.putObject("weight_map");
        LocalHub.RepoBuilder repo = hub.repo(s.repo());
        for (int i = 0; i < shards.size(); i++) {
            String file = shardFile(i, shards.size());
            List<TensorSpec> in = new ArrayList<>(shards.get(i));
            in.sort((a, b) -> a.name().compareTo(b.name())); // safetensors writes names in sorted order
            for (TensorSpec t : in) {
                wm.put(t.name(), file);
            }
            repo.file(file, new VirtualShard(s.repo() + "/" + file, in, seedOf, drift));
        }
        try {
            repo.file("model.safetensors.index.json", om.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
            repo.file("config.json", om.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(s)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SyntheticFiles.addTo(repo, s);
        String first = repo.publish();
        String second = SyntheticFiles.followUp(hub, s);
        return second != null ? second : first;
    }

    /** The real model's published config values (where the lab has them), with the layout's own on top. */
    private static ObjectNode config(Spec s) {
        ObjectNode c = SyntheticFiles.publishedConfig(s.modelType());
        c.put("model_type", s.modelType());
        c.put("num_hidden_layers", s.layers());
        if (s.mtpLayers() > 0 || c.has("num_nextn_predict_layers")) {
            c.put("num_nextn_predict_layers", s.mtpLayers());
        }
        c.put("hidden_size", s.hidden());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("num_experts_per_tok", s.topK());
        c.put("intermediate_size", s.denseIntermediate());
        if (s.mixtral()) {
            c.put("num_local_experts", s.experts());
        } else {
            c.put("n_routed_experts", s.experts());
            c.put("n_shared_experts", 1);
            c.put("moe_intermediate_size", s.moeIntermediate());
            c.put("first_k_dense_replace", s.firstDense());
        }
        c.put("vocab_size", s.vocab());
        c.put("torch_dtype", "bfloat16");
        c.put("note", "synthetic model with the tensor layout of a real one; values are generated noise"
                + (c.has("_lab_source") ? "; config values as published (see _lab_source)" : ""));
        return c;
    }

    /** A shard whose header is real and whose tensor bytes are computed from their position. */
    static final class VirtualShard implements Content {
        private final byte[] header;
        private final long[] starts;
        private final long[] ends;
        private final DType[] dtypes;
        private final boolean[] norm;
        private final long[] seeds;
        /** For a tensor taken from another model and drifted: the seed of its own noise; 0 otherwise. */
        private final long[] driftSeeds;
        private final double drift;
        private final long size;
        private final String id;

        VirtualShard(String id, List<TensorSpec> tensors, Map<String, String> seedOf, double drift) {
            this.id = id;
            ShardLayout l = ShardLayout.plan(tensors.stream().map(TensorSpec::name).toList(), tensors.stream().map(TensorSpec::dtype).toList(),
                    tensors.stream().map(TensorSpec::shape).toList(), Map.of("format", "pt"));
            header = l.headerBytes();
            int n = tensors.size();
            starts = new long[n];
            ends = new long[n];
            dtypes = new DType[n];
            norm = new boolean[n];
            seeds = new long[n];
            driftSeeds = new long[n];
            this.drift = drift;
            for (int i = 0; i < n; i++) {
                ShardLayout.Planned p = l.tensors().get(i);
                starts[i] = header.length + p.begin();
                ends[i] = header.length + p.end();
                dtypes[i] = p.dtype();
                norm[i] = p.name().endsWith("norm.weight");
                // differs between models, unless the tensor's values are another model's (publishCopy)
                seeds[i] = (seedOf.getOrDefault(p.name(), id) + "#" + p.name()).hashCode() * 0x9E3779B97F4A7C15L;
                driftSeeds[i] = drift > 0 && seedOf.containsKey(p.name()) ? (id + "#drift#" + p.name()).hashCode() * 0x9E3779B97F4A7C15L | 1 : 0;
            }
            size = l.fileSize();
        }

        @Override
        public long size() {
            return size;
        }

        /**
         * Not a content hash (the content is never materialised): an id derived from the header and
         * from everything the bytes are computed from (the seeds and the drift), so two shards with
         * different bytes never share it, and neither do the commits that list them (a stand-in and
         * its derived variants under one repo id get different commits, as their labels must).
         */
        @Override
        public String sha256() {
            try {
                var md = java.security.MessageDigest.getInstance("SHA-256");
                md.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(header);
                var b = java.nio.ByteBuffer.allocate(8 * (2 * seeds.length + 1));
                for (int i = 0; i < seeds.length; i++) {
                    b.putLong(seeds[i]).putLong(driftSeeds[i]);
                }
                md.update(b.putDouble(drift).array());
                return java.util.HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(OutputStream out, long start, long length) throws IOException {
            byte[] buf = new byte[64 << 10];
            long pos = start, end = start + length;
            while (pos < end) {
                int n = (int) Math.min(buf.length, end - pos);
                fill(buf, pos, n);
                out.write(buf, 0, n);
                pos += n;
            }
        }

        private void fill(byte[] buf, long pos, int n) {
            for (int k = 0; k < n; ) {
                long p = pos + k;
                if (p < header.length) {
                    buf[k++] = header[(int) p];
                    continue;
                }
                int t = Arrays.binarySearch(starts, p);
                t = t >= 0 ? t : -t - 2;
                int size = dtypes[t].size();
                long element = (p - starts[t]) / size;
                int within = (int) ((p - starts[t]) % size);
                long bits = value(t, element);
                for (int b = within; b < size && k < n; b++) {
                    buf[k++] = (byte) (bits >>> (8 * b));
                }
            }
        }

        /** The stored bits of one element: norms near 1, everything else near 0. */
        private long value(int t, long element) {
            double u = uniform(seeds[t], element);
            if (driftSeeds[t] != 0) {
                u += drift * uniform(driftSeeds[t], element); // a fine-tune's own change, on the parent's values
            }
            float v = (float) (norm[t] ? 1.0 + 0.2 * u : 0.04 * u);
            int f = Float.floatToIntBits(v);
            return dtypes[t] == DType.F32 ? f & 0xffffffffL : (f >>> 16) & 0xffff;
        }

        /** Uniform in [-0.5, 0.5), a function of the seed and the element's index only (SplitMix64's finaliser). */
        private static double uniform(long seed, long element) {
            long h = seed + element * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 31)) * 0x94D049BB133111EBL;
            h ^= h >>> 29;
            return ((h >>> 11) * 0x1.0p-53) - 0.5;
        }
    }
}

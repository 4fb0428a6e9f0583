package org.provenancelab.forensics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.provenancelab.cache.DataCache;
import org.provenancelab.hub.HubClient;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.hub.RetryPolicy;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * Two small glm4_moe-named models written as safetensors shards on the local hub, built so the
 * forensics have known answers: the test says which tensors of B are copies of A's.
 */
final class PlantedRepos {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));
    static final int LAYERS = 4;
    static final int HIDDEN = 256;
    static final int KV = 64;
    static final int EXPERTS = 8;

    /** Tensors by name, in writing order. */
    static Map<String, Tensor> model(long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            put(m, bf16(p + "input_layernorm.weight", new long[] {HIDDEN}, r, true));
            put(m, bf16(p + "post_attention_layernorm.weight", new long[] {HIDDEN}, r, true));
            put(m, bf16(p + "self_attn.q_proj.weight", new long[] {2L * KV, HIDDEN}, r, false));
            put(m, bf16(p + "self_attn.k_proj.weight", new long[] {KV, HIDDEN}, r, false));
            put(m, bf16(p + "self_attn.v_proj.weight", new long[] {KV, HIDDEN}, r, false));
            put(m, bf16(p + "mlp.gate.weight", new long[] {EXPERTS, HIDDEN}, r, false));
        }
        put(m, bf16("model.norm.weight", new long[] {HIDDEN}, r, true));
        return m;
    }

    static void put(Map<String, Tensor> m, Tensor t) {
        m.put(t.name(), t);
    }

    static Tensor bf16(String name, long[] shape, Random r, boolean norm) {
        int n = (int) Tensor.elementCount(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (norm ? 1 + 0.1 * r.nextGaussian() : 0.02 * r.nextGaussian());
        }
        return bf16(name, shape, v);
    }

    static Tensor bf16(String name, long[] shape, float[] v) {
        byte[] b = new byte[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToIntBits(v[i]) >>> 16;
            b[2 * i] = (byte) bits;
            b[2 * i + 1] = (byte) (bits >>> 8);
        }
        return new Tensor(name, DType.BF16, shape, b);
    }

    /** The same bytes under another name. */
    static Tensor renamed(Tensor t, String name) {
        return new Tensor(name, t.dtype(), t.shape(), t.rawBytes());
    }

    /** Publishes tensors as a two-shard repo; returns the commit. */
    static String publish(LocalHub hub, String repo, Map<String, Tensor> tensors, int layers) {
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
                .file("config.json", "{\"model_type\":\"glm4_moe\",\"num_hidden_layers\":" + layers + ",\"hidden_size\":" + HIDDEN + "}")
                .file("model.safetensors.index.json", wm.toString())
                .file("model-00001-of-00002.safetensors", ShardLayout.write(s1, Map.of("format", "pt")))
                .file("model-00002-of-00002.safetensors", ShardLayout.write(s2, Map.of("format", "pt")))
                .publish();
    }

    static SafetensorsModel open(LocalHub hub, Path cache, String repo) throws Exception {
        return new SafetensorsModel(org.provenancelab.hub.HubStore.open(new HubClient(hub.endpoint(), null, FAST, false), new DataCache(cache), repo, "main"));
    }
}

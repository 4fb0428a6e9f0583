package org.provenancelab.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/** A small real model (glm4_moe naming, 3 layers, 2 experts) written as two safetensors shards. */
final class TestRepos {
    static final String REPO = "lab-test/tiny-moe";

    final List<Tensor> tensors = new ArrayList<>();
    final byte[] shard1;
    final byte[] shard2;
    final String config = "{\"model_type\":\"glm4_moe\",\"num_hidden_layers\":2,\"num_experts_per_tok\":1,\"hidden_size\":64}";
    final String index;

    TestRepos() {
        Random r = new Random(1);
        List<Tensor> s1 = new ArrayList<>(), s2 = new ArrayList<>();
        s1.add(bf16("model.embed_tokens.weight", new long[] {50, 64}, r, false));
        for (int l = 0; l < 3; l++) { // layer 2 is an MTP layer (num_hidden_layers = 2)
            List<Tensor> target = l == 0 ? s1 : s2;
            String p = "model.layers." + l + ".";
            target.add(bf16(p + "input_layernorm.weight", new long[] {64}, r, true));
            target.add(bf16(p + "post_attention_layernorm.weight", new long[] {64}, r, true));
            target.add(bf16(p + "self_attn.k_proj.weight", new long[] {16, 64}, r, false));
            target.add(bf16(p + "self_attn.k_proj.bias", new long[] {16}, r, false));
            target.add(bf16(p + "mlp.gate.weight", new long[] {2, 64}, r, false));
            for (int e = 0; e < 2; e++) {
                target.add(bf16(p + "mlp.experts." + e + ".up_proj.weight", new long[] {32, 64}, r, false));
            }
        }
        s2.add(bf16("model.norm.weight", new long[] {64}, r, true));
        tensors.addAll(s1);
        tensors.addAll(s2);
        shard1 = ShardLayout.write(s1, Map.of("format", "pt"));
        shard2 = ShardLayout.write(s2, Map.of("format", "pt"));
        StringBuilder wm = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        for (Tensor t : s1) {
            wm.append('"').append(t.name()).append("\":\"model-00001-of-00002.safetensors\",");
        }
        for (Tensor t : s2) {
            wm.append('"').append(t.name()).append("\":\"model-00002-of-00002.safetensors\",");
        }
        wm.setLength(wm.length() - 1);
        index = wm.append("}}").toString();
    }

    static Tensor bf16(String name, long[] shape, Random r, boolean norm) {
        int n = (int) Tensor.elementCount(shape);
        byte[] b = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            float v = (float) (norm ? 1 + 0.1 * r.nextGaussian() : 0.02 * r.nextGaussian());
            int bits = Float.floatToIntBits(v) >>> 16;
            b[2 * i] = (byte) bits;
            b[2 * i + 1] = (byte) (bits >>> 8);
        }
        return new Tensor(name, DType.BF16, shape, b);
    }

    Tensor tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Publishes on the hub; returns the commit. */
    String publish(LocalHub hub, String repo, boolean gated) {
        LocalHub.RepoBuilder b = hub.repo(repo)
                .file("config.json", config)
                .file("model.safetensors.index.json", index)
                .file("model-00001-of-00002.safetensors", shard1)
                .file("model-00002-of-00002.safetensors", shard2)
                .file("LICENSE", "Test licence text.\n")
                .file("modeling_tiny.py", "import os\nos.system('echo this must never run')\n")
                .ref("v1.0");
        if (gated) {
            b.gated();
        }
        return b.publish();
    }
}

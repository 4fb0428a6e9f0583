package org.provenancelab.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import tech.tablesaw.api.Table;

/**
 * Every method on small planted models whose relations are known by construction: a parent, its
 * exact copy, a lightly perturbed fine-tune, a child keeping layers 0 and 2, an independent
 * model from another seed, and one of another width.
 */
class MethodsTest {
    static final int LAYERS = 4, WIDTH = 32;
    @TempDir
    static Path dir;
    static SafetensorsModel parent, copy, tuned, child, other, wide;

    /** Parameters by name, as doubles. */
    static Map<String, double[]> init(long seed, int width, int layers) {
        Random r = new Random(seed);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("model.embed_tokens.weight", gauss(r, 40 * width, 0.02));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            m.put(p + "input_layernorm.weight", norm(r, width));
            m.put(p + "post_attention_layernorm.weight", norm(r, width));
            m.put(p + "self_attn.k_proj.weight", gauss(r, 16 * width, 0.05 * (1 + l)));
            m.put(p + "self_attn.v_proj.weight", gauss(r, 16 * width, 0.05));
            m.put(p + "mlp.up_proj.weight", gauss(r, 64 * width, 0.05));
        }
        m.put("model.norm.weight", norm(r, width));
        return m;
    }

    static double[] gauss(Random r, int n, double s) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s * r.nextGaussian();
        }
        return v;
    }

    static double[] norm(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1 + 0.1 * r.nextGaussian();
        }
        return v;
    }

    static SafetensorsModel write(String name, Map<String, double[]> params, int width, int layers) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        List<Tensor> ts = new ArrayList<>();
        for (var e : params.entrySet()) {
            String n = e.getKey();
            double[] v = e.getValue();
            long[] shape = n.contains("layernorm") || n.equals("model.norm.weight") ? new long[] {v.length}
                    : new long[] {v.length / width, width};
            byte[] b = new byte[4 * v.length];
            for (int i = 0; i < v.length; i++) {
                int bits = Float.floatToIntBits((float) v[i]);
                for (int k = 0; k < 4; k++) {
                    b[4 * i + k] = (byte) (bits >>> (8 * k));
                }
            }
            ts.add(new Tensor(n, DType.F32, shape, b));
        }
        Files.write(d.resolve("model.safetensors"), ShardLayout.write(ts, Map.of("format", "pt")));
        Files.writeString(d.resolve("config.json"), "{\"model_type\":\"glm4_moe\",\"num_hidden_layers\":" + layers
                + ",\"hidden_size\":" + width + "}");
        return SafetensorsModel.local(d);
    }

    @BeforeAll
    static void models() throws IOException {
        Map<String, double[]> p = init(1, WIDTH, LAYERS);
        parent = write("parent", p, WIDTH, LAYERS);
        copy = write("copy", p, WIDTH, LAYERS);
        Random r = new Random(9);
        Map<String, double[]> t = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            double[] w = v.clone();
            for (int i = 0; i < w.length; i++) {
                w[i] += 0.003 * r.nextGaussian();
            }
            t.put(k, w);
        });
        tuned = write("tuned", t, WIDTH, LAYERS);
        Map<String, double[]> c = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (!k.startsWith("model.layers.")) {
                c.put(k, v.clone());
            }
        });
        int[] keep = {0, 2};
        for (int i = 0; i < keep.length; i++) {
            String from = "model.layers." + keep[i] + ".", to = "model.layers." + i + ".";
            for (var e : p.entrySet()) {
                if (e.getKey().startsWith(from)) {
                    double[] w = e.getValue().clone();
                    for (int j = 0; j < w.length; j++) {
                        w[j] += 0.003 * r.nextGaussian();
                    }
                    c.put(to + e.getKey().substring(from.length()), w);
                }
            }
        }
        child = write("child", c, WIDTH, 2);
        other = write("other", init(2, WIDTH, LAYERS), WIDTH, LAYERS);
        wide = write("wide", init(3, 48, LAYERS), 48, LAYERS);
    }

    static ModelPair pair(String name, KnownRelation r, SafetensorsModel a, SafetensorsModel b, int[] map) {
        return new ModelPair(name, "test", r, a, b, map);
    }

    static Map<String, Double> scores(ModelPair p) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (PairScore s : Methods.run(Methods.all(), List.of(p)).scores()) {
            out.put(s.method(), s.value());
        }
        return out;
    }

    @Test
    void anExactCopyScoresAsIdentityOnEveryMethod() {
        Map<String, Double> s = scores(pair("copy", KnownRelation.EXACT_COPY, parent, copy, ModelPair.sameIndex(LAYERS)));
        assertEquals(Methods.all().size(), s.size(), "every method applies: " + s);
        assertEquals(1.0, s.get("norm.cosine"), 1e-9);
        assertEquals(1.0, s.get("norm.pearson"), 1e-9);
        assertEquals(1.0, s.get("norm.spearman"), 1e-9);
        assertEquals(0.0, s.get("norm.rel_l2"), 1e-12);
        assertEquals(1.0, s.get("norm.alignment"));
        assertEquals(1.0, s.get("attn.k_alignment"));
        assertEquals(1.0, s.get("attn.kv_cosine"), 1e-9);
        assertEquals(1.0, s.get("rows.assignment"), 1e-9);
        assertEquals(1.0, s.get("cka.k_proj"), 1e-9);
        assertEquals(1.0, s.get("curve.std"), 1e-9);
        // 4 layers x 5 tensors, plus embeddings and the final norm, all with identical bytes.
        assertEquals(22.0, s.get("byte.identical_tensors"));
        // every element equal: all that chance leaves (scored as (equal − chance) / (n − chance))
        assertEquals(1.0, s.get("byte.equal_elements"), 1e-12);
        assertEquals(1.0, s.get("outlier.matches"), 1e-12);
    }

    @Test
    void aFineTuneKeepsCorrelationButNoBytes() {
        Map<String, Double> s = scores(pair("tuned", KnownRelation.SHORT_FINETUNE, parent, tuned, ModelPair.sameIndex(LAYERS)));
        assertTrue(s.get("norm.pearson") > 0.9, s.toString());
        assertTrue(s.get("norm.baseline_gap") > 0.8, s.toString());
        assertEquals(1.0, s.get("attn.k_alignment"));
        assertTrue(s.get("attn.kv_cosine") > 0.9, s.toString());
        assertTrue(s.get("rows.assignment") > 0.9, s.toString());
        assertEquals(0.0, s.get("byte.identical_tensors"));
        assertTrue(s.get("byte.equal_elements") < 0.01, s.toString());
    }

    @Test
    void anIndependentModelShowsOnlyTheCosineTrap() {
        Map<String, Double> s = scores(pair("other", KnownRelation.INDEPENDENT, parent, other, ModelPair.sameIndex(LAYERS)));
        assertTrue(s.get("norm.cosine") > 0.98, "gains around 1: raw cosine is high anyway " + s);
        assertTrue(Math.abs(s.get("norm.pearson")) < 0.2, s.toString());
        assertTrue(Math.abs(s.get("norm.baseline_gap")) < 0.2, s.toString());
        assertTrue(Math.abs(s.get("attn.kv_cosine")) < 0.1, s.toString());
        assertTrue(s.get("rows.assignment") < 0.7, s.toString());
        assertEquals(0.0, s.get("byte.identical_tensors"));
        assertEquals(0.0, s.get("outlier.matches"));
        // k_proj std grows with depth in both by construction: the curve cannot tell them apart.
        assertTrue(s.get("curve.std") > 0.9, s.toString());
    }

    @Test
    void aLayerDroppedChildIsFoundThroughItsLayerMap() {
        Map<String, Double> mapped = scores(pair("child", KnownRelation.LAYER_DROPPED, child, parent, new int[] {0, 2}));
        assertEquals(1.0, mapped.get("attn.k_alignment"));
        assertEquals(1.0, mapped.get("norm.alignment"));
        assertTrue(mapped.get("norm.pearson") > 0.9, mapped.toString());
        Map<String, Double> sameIndex = scores(pair("child", KnownRelation.LAYER_DROPPED, child, parent, new int[] {0, 1}));
        assertEquals(0.5, sameIndex.get("attn.k_alignment"), "same index finds layer 0 only");
        assertTrue(sameIndex.get("norm.pearson") < mapped.get("norm.pearson"));
    }

    @Test
    void methodsThatNeedCorrespondingElementsSaySoAcrossWidths() {
        Methods.Run run = Methods.run(Methods.all(), List.of(pair("wide", KnownRelation.INDEPENDENT, parent, wide, ModelPair.sameIndex(LAYERS))));
        List<String> scored = run.scores().stream().map(PairScore::method).toList();
        assertTrue(scored.contains("curve.std"), "std curves are width-agnostic: " + scored);
        assertTrue(scored.contains("cka.k_proj"), "CKA compares rows of any width: " + scored);
        Table skipped = run.skipped();
        assertTrue(skipped.stringColumn("method").contains("norm.pearson"));
        int row = skipped.stringColumn("method").indexOf("norm.pearson");
        assertTrue(skipped.stringColumn("why").get(row).contains("32") && skipped.stringColumn("why").get(row).contains("48"),
                skipped.stringColumn("why").get(row));
        assertTrue(skipped.stringColumn("source").get(row).contains("parent"), skipped.stringColumn("source").get(row));
        assertThrows(IllegalArgumentException.class,
                () -> Methods.score(Methods.NORM_PEARSON, pair("bad", KnownRelation.INDEPENDENT, child, parent, new int[] {0, 7})));
    }
}

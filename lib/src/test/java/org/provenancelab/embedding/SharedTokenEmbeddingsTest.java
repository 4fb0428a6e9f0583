package org.provenancelab.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tokenizer.Tokenizer;
import org.provenancelab.zoo.Zoo;
import org.provenancelab.zoo.ZooModel;

class SharedTokenEmbeddingsTest {
    static final int V = 200, D = 32;

    /** A model dir with an embedding matrix and a WordPiece-style tokenizer mapping "w<k>" to id perm[k]. */
    static SafetensorsModel model(Path dir, float[][] rowsByToken, int[] idOfToken) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer bb = ByteBuffer.allocate(V * D * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[][] byId = new float[V][];
        for (int k = 0; k < V; k++) {
            byId[idOfToken[k]] = rowsByToken[k];
        }
        for (float[] r : byId) {
            for (float v : r) {
                bb.putFloat(v);
            }
        }
        Tensor emb = new Tensor("embeddings.word_embeddings.weight", DType.F32, new long[] {V, D}, bb.array());
        Files.write(dir.resolve("model.safetensors"), ShardLayout.write(List.of(emb), Map.of("format", "pt")));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"bert\",\"num_hidden_layers\":0}");
        StringBuilder v = new StringBuilder();
        for (int k = 0; k < V; k++) {
            v.append(k == 0 ? "" : ",").append("\"w").append(k).append("\":").append(idOfToken[k]);
        }
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{" + v + "}}}");
        return SafetensorsModel.local(dir);
    }

    static float[][] gaussian(long seed) {
        Random r = new Random(seed);
        float[][] x = new float[V][D];
        for (float[] row : x) {
            for (int j = 0; j < D; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    static int[] shuffledIds(long seed) {
        List<Integer> ids = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, V).boxed().toList());
        java.util.Collections.shuffle(ids, new Random(seed));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sameRowsUnderOtherIdsAreFoundByText(@TempDir Path tmp) throws IOException {
        float[][] rows = gaussian(1);
        var a = model(tmp.resolve("a"), rows, shuffledIds(2));
        var b = model(tmp.resolve("b"), rows, shuffledIds(3)); // same vectors, every token at another id
        var c = SharedTokenEmbeddings.compare(a, Tokenizer.of(a), b, Tokenizer.of(b), SharedTokenEmbeddings.Options.sample(100).seed(5).shuffles(200));
        assertEquals(100, c.rows().size());
        assertEquals(V, c.sharedAvailable());
        for (var r : c.rows()) {
            assertEquals(1.0, r.cosine(), 1e-6, r.toString());
            assertEquals(1.0, r.pearson(), 1e-6, r.toString());
        }
        assertEquals(1.0 / 201, c.pValue("pearson"), 1e-12);
        // written as the fraction it is, never as a rounded decimal that reads below the floor
        assertEquals("1/201 (200 shuffles; the smallest possible)", c.pValueText("pearson"));
        assertEquals("1/201 (200 shuffles; the smallest possible)", c.summary().stringColumn("p (mean vs shuffles)").get(0));
        // the nulls of random Gaussian rows centre on 0
        for (String g : List.of(SharedTokenEmbeddings.SHUFFLED, SharedTokenEmbeddings.WITHIN_A)) {
            double m = java.util.Arrays.stream(c.distributions("cosine").get(g)).average().orElseThrow();
            assertTrue(Math.abs(m) < 0.1, g + " mean " + m);
        }
        assertEquals(8, c.summary().rowCount());
        assertTrue(c.summary().stringColumn("source").get(0).contains("local/a") && c.summary().stringColumn("source").get(0).contains("local/b"),
                c.summary().stringColumn("source").get(0));
    }

    @Test
    void independentRowsLookLikeTheNull(@TempDir Path tmp) throws IOException {
        var a = model(tmp.resolve("a"), gaussian(1), shuffledIds(2));
        var b = model(tmp.resolve("b"), gaussian(9), shuffledIds(2));
        var c = SharedTokenEmbeddings.compare(a, Tokenizer.of(a), b, Tokenizer.of(b), SharedTokenEmbeddings.Options.sample(150).seed(5).shuffles(500));
        assertTrue(Math.abs(c.meanSameText("cosine")) < 0.08, c.toString());
        assertTrue(c.pValue("cosine") > 0.01, c.toString());
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherSample(@TempDir Path tmp) throws IOException {
        var a = model(tmp.resolve("a"), gaussian(1), shuffledIds(2));
        var b = model(tmp.resolve("b"), gaussian(9), shuffledIds(4));
        var o = SharedTokenEmbeddings.Options.sample(50).seed(11).shuffles(50);
        var c1 = SharedTokenEmbeddings.compare(a, Tokenizer.of(a), b, Tokenizer.of(b), o);
        var c2 = SharedTokenEmbeddings.compare(a, Tokenizer.of(a), b, Tokenizer.of(b), o);
        assertEquals(c1.rows(), c2.rows());
        assertEquals(c1.pValue("pearson"), c2.pValue("pearson"));
        var c3 = SharedTokenEmbeddings.compare(a, Tokenizer.of(a), b, Tokenizer.of(b), o.seed(12));
        assertTrue(!c1.rows().equals(c3.rows()));
    }

    @Test
    void widthsMustMatch(@TempDir Path tmp) throws IOException {
        ZooModel en = Zoo.open("bge-small-en-v15"), zh = Zoo.open("bge-small-zh-v15");
        var e = assertThrows(IllegalArgumentException.class,
                () -> SharedTokenEmbeddings.compare(en, Tokenizer.of(en), zh, Tokenizer.of(zh), SharedTokenEmbeddings.Options.sample(50)));
        assertTrue(e.getMessage().contains("384") && e.getMessage().contains("512"), e.getMessage());
    }

    /** The zoo: a model and its int8 quantization are the same embeddings; two English models trained apart are not. */
    @Test
    void zooPairs() throws IOException {
        ZooModel base = Zoo.open("bge-small-en-v15"), q = Zoo.open("bge-small-en-v15-q"), e5 = Zoo.open("e5-small-v2");
        var o = SharedTokenEmbeddings.Options.sample(300).seed(1).shuffles(300);
        var same = SharedTokenEmbeddings.compare(base, Tokenizer.of(base), q, Tokenizer.of(q), o);
        assertTrue(same.meanSameText("pearson") > 0.9, same.toString());
        assertEquals(1.0 / 301, same.pValue("pearson"), 1e-12);
        var other = SharedTokenEmbeddings.compare(base, Tokenizer.of(base), e5, Tokenizer.of(e5), o);
        assertEquals("zoo bge-small-en-v15; zoo e5-small-v2", other.sources());
        assertTrue(other.meanSameText("pearson") < same.meanSameText("pearson"), other + " / " + same);
        System.out.println(same);
        System.out.println(other);
    }
}

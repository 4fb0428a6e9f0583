package org.provenancelab.zoo;

import org.provenancelab.hub.HubStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.hub.HubClient;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.hub.RetryPolicy;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.Role;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.safetensors.TensorEntry;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.zoo.onnx.OnnxWeights;

/** The real zoo files, read from the jars Maven fetched. */
class ZooTest {
    static final Map<String, ZooModel> MODELS = new HashMap<>();

    @BeforeAll
    static void loadAll() throws IOException {
        for (ZooEntry e : Zoo.catalog()) {
            MODELS.put(e.name(), Zoo.open(e.name()));
        }
    }

    @Test
    void theCatalogHoldsTheModelsTheLabNeeds() {
        List<String> names = Zoo.catalog().stream().map(ZooEntry::name).toList();
        assertTrue(names.containsAll(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "e5-small-v2", "e5-small-v2-q",
                "bge-small-en", "bge-small-en-v15", "bge-small-en-v15-q", "bge-small-zh-v15")), names.toString());
        for (ZooEntry e : Zoo.catalog()) {
            assertFalse(e.lineage().isEmpty(), e.name());
            e.lineage().forEach(l -> assertTrue(l.source().startsWith("https://"), e.name() + ": " + l));
        }
        assertEquals(names.size(), Zoo.table().rowCount());
    }

    @Test
    void theVersionsNoteNamesExactlyTheCatalogsVersionsAndSourcesCarryTheJarChecksum() throws Exception {
        String note = Zoo.versionsNote();
        java.util.Set<String> inCatalog = new java.util.TreeSet<>();
        Zoo.catalog().forEach(e -> inCatalog.add(e.version()));
        java.util.Set<String> inNote = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("1\\.\\d+\\.\\d+-beta\\d+").matcher(note);
        while (m.find()) {
            inNote.add(m.group());
        }
        inNote.remove("1.5.0-beta11"); // the newest version all eight share, named as the one not chosen
        assertEquals(inCatalog, inNote, note);
        for (ZooEntry e : Zoo.catalog()) {
            ZooModel model = MODELS.get(e.name());
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            String sha = java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(Zoo.locate(e))));
            assertEquals(sha, model.jarSha256(), e.name());
            assertTrue(model.source().fullLabel().endsWith(e.coordinates() + ", jar sha256 " + sha + ")"), model.source().fullLabel());
        }
    }

    @Test
    void setUpFetchesExactlyTheCatalogsJars() throws IOException {
        String pom = Files.readString(org.provenancelab.provenance.Lab.home().resolve("kernel-setup/pom.xml"));
        for (ZooEntry e : Zoo.catalog()) {
            assertTrue(pom.contains("<artifactId>" + e.artifactId() + "</artifactId><version>" + e.version() + "</version>"),
                    e.coordinates() + " missing from kernel-setup/pom.xml");
        }
    }

    @Test
    void inventoriesMatchTheDocumentedArchitecture() throws Exception {
        for (ZooEntry e : Zoo.catalog()) {
            ZooModel m = MODELS.get(e.name());
            var c = m.config();
            String w = e.name();
            assertEquals(e.layers(), c.get("num_hidden_layers").asInt(), w + " layers");
            assertEquals(e.hidden(), c.get("hidden_size").asInt(), w + " hidden");
            assertEquals(e.heads(), c.get("num_attention_heads").asInt(), w + " heads");
            assertEquals(e.intermediate(), c.get("intermediate_size").asInt(), w + " intermediate");
            assertEquals(e.vocab(), c.get("vocab_size").asInt(), w + " vocab");
            assertEquals(e.vocab(), m.vocabulary().size(), w + " tokenizer vocab");
            assertEquals(e.quantized(), c.get("quantized").asBoolean(), w + " quantized");
            assertEquals("[CLS]", m.vocabulary().get(101), w + " token 101");
            int h = e.hidden(), i = e.intermediate();
            for (int l = 0; l < e.layers(); l++) {
                String p = "encoder.layer." + l + ".";
                assertShape(m, p + "attention.self.query.weight", h, h);
                assertShape(m, p + "attention.self.key.weight", h, h);
                assertShape(m, p + "attention.self.value.weight", h, h);
                assertShape(m, p + "attention.output.dense.weight", h, h);
                assertShape(m, p + "intermediate.dense.weight", i, h);   // PyTorch layout: out × in
                assertShape(m, p + "output.dense.weight", h, i);
                assertShape(m, p + "output.LayerNorm.weight", h);
                assertShape(m, p + "attention.output.LayerNorm.bias", h);
            }
            assertShape(m, "embeddings.word_embeddings.weight", e.vocab(), h);
            assertEquals(Role.ATTN_NORM, m.inventory().roles().of("encoder.layer.0.output.LayerNorm.weight").role());
        }
    }

    private static void assertShape(ZooModel m, String name, long... shape) {
        TensorEntry t = m.inventory().get(name);
        assertTrue(t != null, m.id() + " lacks " + name);
        assertArrayEquals(shape, t.shape(), m.id() + " " + name);
    }

    @Test
    void everyMatMulWeightGetsItsPyTorchName() {
        for (ZooEntry e : Zoo.catalog()) {
            ZooModel m = MODELS.get(e.name());
            assertEquals(6 * e.layers(), m.graph().matMulWeights(), e.name());
            for (TensorEntry t : m.inventory().tensors()) {
                assertFalse(t.name().startsWith("onnx::"), e.name() + " kept " + t.name());
            }
            long renamed = m.graph().onnxNames().values().stream().filter(n -> n.startsWith("onnx::MatMul")).count();
            assertEquals(6L * e.layers() * (e.quantized() ? 3 : 1), renamed, e.name() + " (weights, and for int8 their scale and zero point)");
        }
    }

    @Test
    void int8WeightsDequantizeToTheirOriginals() throws Exception {
        for (ZooEntry e : Zoo.catalog()) {
            if (!e.quantized()) {
                continue;
            }
            ZooModel q = MODELS.get(e.name()), f = MODELS.get(e.quantizedFrom());
            for (String name : List.of("encoder.layer.3.attention.self.query.weight", "encoder.layer.3.intermediate.dense.weight",
                    "encoder.layer.3.output.dense.weight")) {
                Tensor raw = q.read(name);
                assertEquals(DType.I8, raw.dtype(), name);
                assertEquals(raw.rows(), q.read(name + "_scale").numel(), "one scale per output row: " + name);
                double rel = VectorMetrics.relL2(f.read(name).doubles(), q.dequantized(name).doubles());
                // int8 with a scale per output row loses a few percent; a wrong axis or layout would not be close
                assertTrue(rel < 0.05, e.name() + " " + name + " rel_l2 " + rel);
            }
            // norms are not quantized: the same float32 bytes in both files
            String norm = "encoder.layer.3.output.LayerNorm.weight";
            assertEquals(1.0, q.read(norm).fractionByteIdentical(f.read(norm)), e.name());
            Tensor emb = q.read("embeddings.word_embeddings.weight");
            assertEquals(DType.U8, emb.dtype());
            double[] dq = java.util.Arrays.copyOfRange(q.dequantized("embeddings.word_embeddings.weight").doubles(),
                    1000 * e.hidden(), 1010 * e.hidden());
            double relEmb = VectorMetrics.relL2(f.readRows("embeddings.word_embeddings.weight", 1000, 1010).doubles(), dq);
            assertTrue(relEmb < 0.1, e.name() + " embeddings rel_l2 " + relEmb);
        }
    }

    @Test
    void readsThroughTheModelSourceApi() throws Exception {
        ZooModel m = MODELS.get("all-minilm-l6-v2");
        assertEquals("zoo all-minilm-l6-v2", m.source().label());
        assertTrue(m.commit().matches("[0-9a-f]{64}"));
        Tensor rows = m.readRows("embeddings.word_embeddings.weight", 101, 103);
        assertArrayEquals(new long[] {2, 384}, rows.shape());
        assertArrayEquals(java.util.Arrays.copyOfRange(m.read("embeddings.word_embeddings.weight").rawBytes(), 101 * 384 * 4, 103 * 384 * 4),
                rows.rawBytes());
        List<Tensor> s = m.sampleWindows("encoder.layer.0.intermediate.dense.weight", 4, 64, 7);
        assertEquals(s.get(2).firstElement(), m.sampleWindows("encoder.layer.0.intermediate.dense.weight", 4, 64, 7).get(2).firstElement());
        assertTrue(m.text("tokenizer.json").contains("\"[CLS]\""));
        var series = m.layerSeries(Role.ATTN_NORM, "bias");
        assertEquals(6, series.size());
        assertArrayEquals(m.read("encoder.layer.4.output.LayerNorm.bias").doubles(), series.layer(4));
    }

    @Test
    void servedThroughTheLocalHubByteForByte(@TempDir Path cache) throws Exception {
        ZooModel m = MODELS.get("all-minilm-l6-v2-q");
        try (LocalHub hub = LocalHub.start()) {
            String commit = Zoo.publish(hub, m);
            SafetensorsModel remote = new SafetensorsModel(HubStore.open(new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false),
                    new DataCache(cache), Zoo.repoId(m.id()), "main"));
            assertEquals(commit, remote.commit());
            assertEquals(m.inventory().size(), remote.inventory().size());
            for (String name : List.of("encoder.layer.3.output.LayerNorm.weight", "encoder.layer.3.attention.self.query.weight",
                    "encoder.layer.3.attention.self.query.weight_scale", "embeddings.word_embeddings.weight")) {
                assertArrayEquals(m.read(name).rawBytes(), remote.read(name).rawBytes(), name);
                assertArrayEquals(m.read(name).shape(), remote.read(name).shape(), name);
            }
            assertEquals(6, remote.config().get("num_hidden_layers").asInt());
            assertEquals(Role.Q_PROJ, remote.roles().of("encoder.layer.3.attention.self.query.weight").role());
        }
    }

    @Test
    void badInputNamesTheModel(@TempDir Path dir) throws Exception {
        ZooEntry e = Zoo.entry("all-minilm-l6-v2");
        var missing = assertThrows(ZooException.class, () -> ZooModel.open(e, dir.resolve("nope.jar")));
        assertTrue(missing.getMessage().startsWith("zoo model all-minilm-l6-v2: "), missing.getMessage());

        Path corrupt = dir.resolve("corrupt.jar");
        Files.write(corrupt, "this is not a zip".getBytes());
        var c = assertThrows(ZooException.class, () -> ZooModel.open(e, corrupt));
        assertTrue(c.getMessage().contains("not a readable zip"), c.getMessage());

        var empty = assertThrows(ZooException.class, () -> ZooModel.open(e, jar(dir, "empty.jar",
                OnnxWeights.ModelProto.newBuilder().setIrVersion(8).build().toByteArray())));
        assertTrue(empty.getMessage().contains("no graph initializers"), empty.getMessage());

        var garbage = assertThrows(ZooException.class, () -> ZooModel.open(e, jar(dir, "garbage.jar", new byte[] {(byte) 0xff, 1, 2, 3})));
        assertTrue(garbage.getMessage().contains("not a valid model"), garbage.getMessage());

        OnnxWeights.TensorProto strings = OnnxWeights.TensorProto.newBuilder().setName("embeddings.word_embeddings.weight")
                .setDataType(8).addDims(1).build();
        byte[] model = OnnxWeights.ModelProto.newBuilder().setGraph(OnnxWeights.GraphProto.newBuilder().addInitializer(strings)).build().toByteArray();
        var type = assertThrows(ZooException.class, () -> ZooModel.open(e, jar(dir, "strings.jar", model)));
        assertTrue(type.getMessage().contains("ONNX data type 8"), type.getMessage());

        var noJar = assertThrows(ZooException.class, () -> ZooModel.open(e, jar(dir, "notokenizer.jar", null)));
        assertTrue(noJar.getMessage().contains("no .onnx file"), noJar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Zoo.entry("gpt-5"));
    }

    private static Path jar(Path dir, String name, byte[] onnx) throws IOException {
        Path p = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            if (onnx != null) {
                z.putNextEntry(new ZipEntry("model.onnx"));
                z.write(onnx);
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("model-tokenizer.json"));
            z.write("{\"model\":{\"vocab\":{}}}".getBytes());
            z.closeEntry();
        }
        return p;
    }
}

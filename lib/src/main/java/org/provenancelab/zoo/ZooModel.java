package org.provenancelab.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.Inventory;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.Roles;
import org.provenancelab.model.Windows;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import org.provenancelab.safetensors.TensorEntry;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tensor.TensorBytes;

/**
 * A zoo model read from its jar: the ONNX file's weights under PyTorch names, a config derived
 * from the graph (layers, hidden size, heads, intermediate size, vocabulary), and the
 * tokenizer's vocabulary. The weights are small (a few hundred MB at most) and held in memory.
 */
public final class ZooModel implements ModelSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZooEntry entry;
    private final OnnxGraph graph;
    private final String onnxFile;
    private final String onnxSha256;
    private final String jarSha256;
    private final long onnxSize;
    private final byte[] tokenizer;
    private final String tokenizerFile;
    private final ObjectNode config;
    private final Inventory inventory;

    private ZooModel(ZooEntry entry, OnnxGraph graph, String onnxFile, String onnxSha256, long onnxSize, String tokenizerFile,
                     byte[] tokenizer, String jarSha256) throws ZooException {
        this.entry = entry;
        this.jarSha256 = jarSha256;
        this.graph = graph;
        this.onnxFile = onnxFile;
        this.onnxSha256 = onnxSha256;
        this.onnxSize = onnxSize;
        this.tokenizerFile = tokenizerFile;
        this.tokenizer = tokenizer;
        this.config = deriveConfig();
        List<TensorEntry> entries = new ArrayList<>();
        for (Tensor t : graph.tensors().values()) {
            // ONNX tensors are read whole: there is no byte offset to report (start -1)
            entries.add(new TensorEntry(t.name(), t.dtype(), t.shape(), onnxFile, -1, t.byteSize()));
        }
        this.inventory = new Inventory(Source.zoo(entry.name(), entry.coordinates()), entries, new Roles("bert", config.path("num_hidden_layers").asInt()));
    }

    /** Reads the jar at {@code jar}. */
    public static ZooModel open(ZooEntry entry, Path jar) throws IOException {
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new ZooException(entry.name(), "its jar " + jar.getFileName() + " (" + entry.coordinates()
                    + ") is missing; run kernel-setup/setup.sh to fetch the zoo");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry onnx = zip.stream().filter(e -> e.getName().endsWith(".onnx")).findFirst()
                    .orElseThrow(() -> new ZooException(entry.name(), "its jar " + jar.getFileName() + " holds no .onnx file"));
            ZipEntry tok = zip.stream().filter(e -> e.getName().endsWith("tokenizer.json")).findFirst()
                    .orElseThrow(() -> new ZooException(entry.name(), "its jar " + jar.getFileName() + " holds no tokenizer.json"));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            OnnxGraph graph;
            try (InputStream in = new DigestInputStream(zip.getInputStream(onnx), md)) {
                graph = OnnxGraph.read(entry.name(), in);
                in.transferTo(java.io.OutputStream.nullOutputStream()); // hash the whole file
            }
            byte[] tokenizer;
            try (InputStream in = zip.getInputStream(tok)) {
                tokenizer = in.readAllBytes();
            }
            String onnxSha = HexFormat.of().formatHex(md.digest());
            // The jar's own checksum goes into the source label, so the footer names the exact artifact.
            MessageDigest jarMd = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(java.nio.file.Files.newInputStream(jar), jarMd)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Provenance.noteFor(Source.Kind.ZOO, Zoo.versionsNote());
            return new ZooModel(entry, graph, onnx.getName(), onnxSha, onnx.getSize(), tok.getName(), tokenizer,
                    HexFormat.of().formatHex(jarMd.digest()));
        } catch (ZipException e) {
            throw new ZooException(entry.name(), "its jar " + jar.getFileName() + " is not a readable zip (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode deriveConfig() throws ZooException {
        Map<String, Tensor> t = graph.tensors();
        Tensor words = t.get("embeddings.word_embeddings.weight");
        if (words == null) {
            throw new ZooException(entry.name(), "no embeddings.word_embeddings.weight among the initializers: not a BERT export");
        }
        int hidden = (int) words.shape()[1];
        int layers = (int) t.keySet().stream().filter(n -> n.startsWith("encoder.layer."))
                .map(n -> n.split("\\.")[2]).distinct().count();
        Tensor inter = t.get("encoder.layer.0.intermediate.dense.weight");
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", "bert");
        c.put("num_hidden_layers", layers);
        c.put("hidden_size", hidden);
        c.put("num_attention_heads", graph.heads(hidden));
        c.put("intermediate_size", inter == null ? -1 : inter.shape()[0]);
        c.put("vocab_size", words.shape()[0]);
        Tensor pos = t.get("embeddings.position_embeddings.weight");
        c.put("max_position_embeddings", pos == null ? -1 : pos.shape()[0]);
        c.put("tokenizer_vocab_size", vocabulary().size());
        c.put("quantized", !graph.quantization().isEmpty());
        c.put("note", "derived by the lab from the ONNX graph and tokenizer of " + entry.coordinates());
        return c;
    }

    public ZooEntry entry() {
        return entry;
    }

    public OnnxGraph graph() {
        return graph;
    }

    @Override
    public String id() {
        return entry.name();
    }

    /** The SHA-256 of the jar the model was read from (as Maven fetched it). */
    public String jarSha256() {
        return jarSha256;
    }

    /** The SHA-256 of the ONNX file: the zoo's equivalent of a commit. */
    @Override
    public String commit() {
        return onnxSha256;
    }

    @Override
    public Source source() {
        return Source.zoo(entry.name(), entry.coordinates(), jarSha256);
    }

    @Override
    public List<FileEntry> files() {
        Provenance.record(source());
        return List.of(new FileEntry("config.json", -1, "", ""), new FileEntry(onnxFile, onnxSize, "", onnxSha256),
                new FileEntry(tokenizerFile, tokenizer.length, "", ""));
    }

    @Override
    public String text(String path) throws IOException {
        if (path.equals("config.json")) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        }
        if (path.equals("tokenizer.json") || path.equals(tokenizerFile)) {
            return new String(tokenizer, StandardCharsets.UTF_8);
        }
        throw new java.io.FileNotFoundException("zoo model " + id() + " has no text file '" + path + "' (config.json, tokenizer.json)");
    }

    @Override
    public JsonNode json(String path) throws IOException {
        return path.equals("config.json") ? config.deepCopy() : JSON.readTree(text(path));
    }

    @Override
    public JsonNode config() {
        return config.deepCopy();
    }

    /** The tokenizer's vocabulary, token text by id. */
    public List<String> vocabulary() throws ZooException {
        try {
            JsonNode vocab = JSON.readTree(tokenizer).path("model").path("vocab");
            if (!vocab.isObject()) {
                throw new ZooException(entry.name(), "tokenizer.json has no model.vocab map");
            }
            String[] byId = new String[vocab.size()];
            vocab.fields().forEachRemaining(e -> {
                int id = e.getValue().asInt();
                if (id >= 0 && id < byId.length) {
                    byId[id] = e.getKey();
                }
            });
            return Arrays.asList(byId);
        } catch (IOException e) {
            throw new ZooException(entry.name(), "tokenizer.json is not valid JSON", e);
        }
    }

    @Override
    public Inventory inventory() {
        Provenance.record(source());
        return inventory;
    }

    private Tensor get(String name) {
        Tensor t = graph.tensors().get(name);
        if (t == null) {
            throw new IllegalArgumentException("zoo model " + id() + ": no tensor named '" + name + "'");
        }
        Provenance.record(source());
        return t;
    }

    @Override
    public Tensor read(String tensor) {
        return get(tensor);
    }

    @Override
    public Map<String, Tensor> readAll(List<String> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : tensors) {
            out.put(n, get(n));
        }
        return out;
    }

    @Override
    public Tensor readRows(String tensor, long from, long to) {
        Tensor t = get(tensor);
        Windows.checkRows("zoo model " + id() + " " + tensor, t.rows(), from, to);
        long[] shape = t.shape();
        int rowBytes = t.rowLength() * t.dtype().size();
        shape[0] = to - from;
        Tensor rows = new Tensor(tensor, t.dtype(), shape.length < 2 ? new long[] {to - from} : shape,
                t.read(from * rowBytes, (int) ((to - from) * rowBytes)), from * t.rowLength());
        return t.isCodes() ? rows.asCodes() : rows;
    }

    @Override
    public Tensor readWindow(String tensor, long first, int count) {
        Tensor t = get(tensor);
        Windows.checkWindow("zoo model " + id() + " " + tensor, t.numel(), first, count);
        int size = t.dtype().size();
        Tensor w = new Tensor(tensor, t.dtype(), new long[] {count}, t.read(first * size, count * size), first);
        return t.isCodes() ? w.asCodes() : w;
    }

    @Override
    public List<Tensor> sampleWindows(String tensor, int windows, int length, long seed) {
        Tensor t = get(tensor);
        List<Tensor> out = new ArrayList<>();
        for (long first : Windows.place("zoo model " + id() + " " + tensor, t.numel(), windows, length, seed)) {
            out.add(readWindow(tensor, first, length));
        }
        return out;
    }

    @Override
    public TensorBytes bytes(String tensor) {
        return get(tensor);
    }

    /**
     * The MatMul weights of one layer as renamed: their PyTorch name, the ONNX initializer they
     * were read from, and their shape as the lab serves it (out × in, as PyTorch stores a Linear).
     */
    public tech.tablesaw.api.Table renamedWeights(int layer) {
        var t = tech.tablesaw.api.Table.create("Layer " + layer + " MatMul weights of " + id() + ", renamed",
                tech.tablesaw.api.StringColumn.create("PyTorch name"), tech.tablesaw.api.StringColumn.create("ONNX initializer"),
                tech.tablesaw.api.StringColumn.create("dtype"), tech.tablesaw.api.StringColumn.create("shape (out × in)"));
        String prefix = "encoder.layer." + layer + ".";
        for (var e : graph.onnxNames().entrySet()) {
            if (e.getKey().startsWith(prefix) && !e.getKey().equals(e.getValue()) && e.getValue().startsWith("onnx::")) {
                Tensor x = graph.tensors().get(e.getKey());
                t.stringColumn(0).append(e.getKey());
                t.stringColumn(1).append(e.getValue());
                t.stringColumn(2).append(x.dtype().name() + (x.isCodes() ? " codes" : ""));
                t.stringColumn(3).append(java.util.Arrays.toString(x.shape()));
            }
        }
        if (t.rowCount() == 0) {
            throw new IllegalArgumentException(id() + ": layer " + layer + " has no renamed MatMul weights");
        }
        return source().withSourceColumn(t.sortAscendingOn("PyTorch name"));
    }

    /** The dequantized view of an int8 weight (float32). */
    @Override
    public Tensor dequantized(String tensor) {
        Provenance.record(source());
        return graph.dequantized(tensor);
    }
}

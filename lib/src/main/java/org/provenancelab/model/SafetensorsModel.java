package org.provenancelab.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import org.provenancelab.safetensors.Header;
import org.provenancelab.safetensors.SafetensorsException;
import org.provenancelab.safetensors.TensorEntry;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tensor.TensorBytes;

/**
 * A model stored as safetensors shards (with {@code model.safetensors.index.json}, or a single
 * {@code model.safetensors}) in any {@link FileStore}. Shard headers are read with one
 * speculative request sized from the index, plus one more only if the header is longer.
 */
public final class SafetensorsModel implements ModelSource {
    /** Whole-file reads of small files are refused above this size. */
    public static final long MAX_SMALL_FILE = 64L << 20;
    /** Whole-tensor reads above this size are refused: use readRows or sampleWindows. */
    public static final long MAX_TENSOR_BYTES = 1L << 30;
    static final String INDEX = "model.safetensors.index.json";
    static final String SINGLE = "model.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** For the index: tens of thousands of distinct names, so no name canonicalising or interning. */
    private static final JsonFactory INDEX_JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

    private final FileStore store;
    private final Map<String, Header> headers = new ConcurrentHashMap<>();
    private volatile Map<String, String> weightMap;
    private volatile JsonNode config;
    private volatile Inventory inventory;
    /** Per shard: the header bytes its tensors need apart from offset digits, and their count. */
    private volatile Map<String, long[]> estimates;

    public SafetensorsModel(FileStore store) {
        this.store = store;
    }

    /** A local directory of shards. */
    public static SafetensorsModel local(java.nio.file.Path dir) throws IOException {
        return new SafetensorsModel(new LocalStore(dir));
    }

    public FileStore store() {
        return store;
    }

    @Override
    public String id() {
        return store.repo();
    }

    @Override
    public String commit() {
        return store.commit();
    }

    @Override
    public Source source() {
        return store.source();
    }

    @Override
    public List<FileEntry> files() throws IOException {
        Provenance.record(source());
        return store.files();
    }

    @Override
    public String text(String path) throws IOException {
        return new String(store.file(path, MAX_SMALL_FILE), StandardCharsets.UTF_8);
    }

    @Override
    public JsonNode json(String path) throws IOException {
        try {
            return JSON.readTree(store.file(path, MAX_SMALL_FILE));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(id() + "/" + path + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public JsonNode config() throws IOException {
        if (config == null) {
            config = json("config.json");
        }
        return config;
    }

    /** Tensor name → shard, from the index (or every tensor of the single shard). */
    public Map<String, String> weightMap() throws IOException {
        if (weightMap == null) {
            Map<String, String> m = new LinkedHashMap<>();
            boolean hasIndex = store.files().stream().anyMatch(f -> f.path().equals(INDEX));
            if (hasIndex) {
                readWeightMap(store.file(INDEX, MAX_SMALL_FILE), m);
            } else if (store.files().stream().anyMatch(f -> f.path().equals(SINGLE))) {
                for (TensorEntry e : header(SINGLE).tensors()) {
                    m.put(e.name(), SINGLE);
                }
            } else {
                throw new FileNotFoundException(id() + ": neither " + INDEX + " nor " + SINGLE + " in the repo");
            }
            weightMap = m;
        }
        return weightMap;
    }

    /**
     * The index's {@code weight_map} into {@code m}, read as a stream: a tree of tens of thousands
     * of names would cost more than the request. Anything but an object of strings is an error.
     */
    private void readWeightMap(byte[] index, Map<String, String> m) throws IOException {
        try (JsonParser p = INDEX_JSON.createParser(index)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(id() + "/" + INDEX + " is not a JSON object");
            }
            boolean found = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (!field.equals("weight_map") || found) {
                    p.skipChildren();
                    continue;
                }
                if (v != JsonToken.START_OBJECT) {
                    throw new IOException(id() + "/" + INDEX + " has no weight_map object");
                }
                found = true;
                for (JsonToken e = p.nextToken(); e == JsonToken.FIELD_NAME; e = p.nextToken()) {
                    String name = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new IOException(id() + "/" + INDEX + ": weight_map entry '" + name + "' is not a file name");
                    }
                    m.put(name, p.getText());
                }
            }
            if (!found) {
                throw new IOException(id() + "/" + INDEX + " has no weight_map object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(id() + "/" + INDEX + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The header of one shard. */
    public Header header(String shard) throws IOException {
        return headers(List.of(shard)).get(shard);
    }

    /** Headers of several shards: one batch of speculative reads, then one of remainders if needed. */
    public Map<String, Header> headers(Collection<String> shards) throws IOException {
        List<String> todo = new ArrayList<>();
        for (String s : new TreeSet<>(shards)) {
            if (!headers.containsKey(s)) {
                todo.add(s);
            }
        }
        if (!todo.isEmpty()) {
            Map<String, Integer> guess = new LinkedHashMap<>();
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (String s : todo) {
                long size = store.size(s);
                if (size < 8) {
                    throw new SafetensorsException(s, "too short for a safetensors file (" + size + " bytes)");
                }
                sizes.put(s, size);
                guess.put(s, (int) Math.min(size, estimateHeaderBytes(s, size)));
            }
            List<Span> first = new ArrayList<>();
            for (String s : todo) {
                first.add(new Span(s, 0, guess.get(s)));
            }
            List<byte[]> got = store.read(first);
            Map<String, byte[]> partial = new LinkedHashMap<>();
            List<Span> rest = new ArrayList<>();
            for (int i = 0; i < todo.size(); i++) {
                String s = todo.get(i);
                byte[] b = got.get(i);
                long n = Header.length(s, b, sizes.get(s));
                partial.put(s, b);
                if (8 + n > b.length) {
                    rest.add(new Span(s, b.length, (int) (8 + n - b.length)));
                }
            }
            List<byte[]> more = rest.isEmpty() ? List.of() : store.read(rest);
            Map<String, byte[]> tail = new LinkedHashMap<>();
            for (int i = 0; i < rest.size(); i++) {
                tail.put(rest.get(i).file(), more.get(i));
            }
            // parsed on every core: a 100B model's headers are megabytes of JSON; the first
            // failure in shard order is the one reported, as if parsed one after the other
            Object[] parsed = new Object[todo.size()];
            java.util.stream.IntStream ix = java.util.stream.IntStream.range(0, todo.size());
            (todo.size() > 1 ? ix.parallel() : ix).forEach(i -> {
                String s = todo.get(i);
                try {
                    byte[] b = partial.get(s);
                    long n = Header.length(s, b, sizes.get(s));
                    byte[] json = new byte[(int) n];
                    int fromFirst = (int) Math.min(n, b.length - 8);
                    System.arraycopy(b, 8, json, 0, fromFirst);
                    if (tail.containsKey(s)) {
                        byte[] t = tail.get(s);
                        System.arraycopy(t, 0, json, fromFirst, t.length);
                    }
                    parsed[i] = Header.parse(s, sizes.get(s), json);
                } catch (IOException | RuntimeException e) {
                    parsed[i] = e;
                }
            });
            for (int i = 0; i < todo.size(); i++) {
                if (parsed[i] instanceof IOException e) {
                    throw e;
                }
                if (parsed[i] instanceof RuntimeException e) {
                    throw e;
                }
                headers.put(todo.get(i), (Header) parsed[i]);
            }
        }
        Map<String, Header> out = new LinkedHashMap<>();
        for (String s : shards) {
            out.put(s, headers.get(s));
        }
        return out;
    }

    /**
     * Bytes to ask for first: the length of the header entries of the tensors the index puts in
     * this shard, each {@code "name":{"dtype":"BF16","shape":[…],"data_offsets":[b,e]},}, with
     * offsets as long as the shard size has digits. One request then usually holds the whole
     * header without reading much past it; a longer header costs one more request, not bytes.
     * 64 KiB when there is no index.
     */
    private long estimateHeaderBytes(String shard, long shardSize) {
        Map<String, long[]> est = estimates;
        if (est == null) {
            Map<String, String> wm = weightMap;
            if (wm == null) {
                return 64 << 10;
            }
            // one pass over the index for every shard (names and vector-or-not; digits come later)
            est = new java.util.HashMap<>();
            for (var e : wm.entrySet()) {
                String name = e.getKey();
                boolean vector = name.endsWith("norm.weight") || name.endsWith(".bias");
                long[] a = est.computeIfAbsent(e.getValue(), k -> new long[2]);
                a[0] += name.length() + 3 + 25 + (vector ? 4 : 9) + 18 + 1 + 3;
                a[1]++;
            }
            estimates = est;
        }
        long[] a = est.get(shard);
        if (a == null || a[1] == 0) {
            return 64 << 10;
        }
        int digits = Long.toString(shardSize).length();
        return 8 + 2 + 40 + a[0] + a[1] * 2L * digits; // length prefix, braces, a short __metadata__
    }

    @Override
    public Inventory inventory() throws IOException {
        if (inventory == null) {
            Map<String, String> wm = weightMap();
            Map<String, Header> hs = headers(new TreeSet<>(wm.values()));
            List<TensorEntry> all = new ArrayList<>();
            for (Header h : hs.values()) {
                all.addAll(h.tensors());
            }
            inventory = new Inventory(source(), all, roles());
        }
        Provenance.record(source());
        return inventory;
    }

    /** The header entry of one tensor (reads only its shard's header). */
    public TensorEntry entry(String tensor) throws IOException {
        String shard = weightMap().get(tensor);
        if (shard == null) {
            throw new IllegalArgumentException(id() + ": no tensor named '" + tensor + "'");
        }
        TensorEntry e = header(shard).tensor(tensor);
        if (e == null) {
            throw new SafetensorsException(shard, "the index places '" + tensor + "' here but the header does not list it");
        }
        return e;
    }

    private Map<String, TensorEntry> entries(List<String> tensors) throws IOException {
        Map<String, String> wm = weightMap();
        TreeSet<String> shards = new TreeSet<>();
        for (String t : tensors) {
            String s = wm.get(t);
            if (s == null) {
                throw new IllegalArgumentException(id() + ": no tensor named '" + t + "'");
            }
            shards.add(s);
        }
        headers(shards);
        Map<String, TensorEntry> out = new LinkedHashMap<>();
        for (String t : tensors) {
            out.put(t, entry(t));
        }
        return out;
    }

    /**
     * Whether a tensor holds quantization codes: an integer tensor stored beside a
     * {@code <name>_scale} (the layout of quantized ONNX weights, which the zoo's repos keep).
     */
    public boolean isQuantized(String tensor) throws IOException {
        TensorEntry e = entry(tensor);
        return !e.dtype().isFloating() && e.dtype() != DType.BOOL && weightMap().containsKey(tensor + "_scale");
    }

    private Tensor marked(Tensor t) throws IOException {
        return isQuantized(t.name()) ? t.asCodes() : t;
    }

    /** (code − zero point) × scale, per output row where the scale has one value per row. */
    @Override
    public Tensor dequantized(String tensor) throws IOException {
        if (!isQuantized(tensor)) {
            throw new IllegalArgumentException(id() + ": " + tensor + " is not a quantized weight (no integer codes with a "
                    + tensor + "_scale)");
        }
        Map<String, Tensor> parts = readAll(List.of(tensor, tensor + "_scale", tensor + "_zero_point"));
        Tensor q = parts.get(tensor);
        double[] codes = q.codes(), scale = parts.get(tensor + "_scale").doubles(), zero = parts.get(tensor + "_zero_point").doubles();
        int rows = q.rows(), cols = q.rowLength();
        if ((scale.length != 1 && scale.length != rows) || zero.length != scale.length) {
            throw new IOException(id() + ": " + tensor + " has " + scale.length + " scales and " + zero.length
                    + " zero points for " + rows + " rows");
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(codes.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            int k = scale.length == 1 ? 0 : r;
            for (int c = 0; c < cols; c++) {
                out.putFloat((float) ((codes[r * cols + c] - zero[k]) * scale[k]));
            }
        }
        return new Tensor(tensor, DType.F32, q.shape(), out.array());
    }

    @Override
    public Tensor read(String tensor) throws IOException {
        return readAll(List.of(tensor)).get(tensor);
    }

    @Override
    public Map<String, Tensor> readAll(List<String> tensors) throws IOException {
        Map<String, TensorEntry> es = entries(tensors);
        List<Span> spans = new ArrayList<>();
        for (TensorEntry e : es.values()) {
            if (e.byteSize() > MAX_TENSOR_BYTES) {
                throw new IOException(id() + ": " + e.name() + " is " + e.byteSize() + " bytes; read it with readRows or sampleWindows");
            }
            spans.add(new Span(e.file(), e.start(), (int) e.byteSize()));
        }
        List<byte[]> data = store.read(spans);
        Map<String, Tensor> out = new LinkedHashMap<>();
        int i = 0;
        for (TensorEntry e : es.values()) {
            out.put(e.name(), marked(new Tensor(e.name(), e.dtype(), e.shape(), data.get(i++))));
        }
        Provenance.record(source());
        return out;
    }

    @Override
    public Tensor readRows(String tensor, long from, long to) throws IOException {
        TensorEntry e = entry(tensor);
        Windows.checkRows(id() + " " + e.name(), e.rows(), from, to);
        long len = (to - from) * e.rowBytes();
        if (len > MAX_TENSOR_BYTES) {
            throw new IOException(id() + ": rows [" + from + ", " + to + ") of " + e.name() + " are " + len + " bytes; read fewer");
        }
        byte[] b = store.read(List.of(new Span(e.file(), e.start() + from * e.rowBytes(), (int) len))).get(0);
        Provenance.record(source());
        return marked(new Tensor(e.name(), e.dtype(), rowsShape(e.shape(), to - from), b,
                from * (e.numel() / Math.max(1, e.rows()))));
    }

    /** Selected rows in one batch: the store merges close ones and fetches them in parallel. */
    @Override
    public List<Tensor> readRows(String tensor, long[] rows) throws IOException {
        TensorEntry e = entry(tensor);
        List<Span> spans = new java.util.ArrayList<>(rows.length);
        for (long r : rows) {
            Windows.checkRows(id() + " " + e.name(), e.rows(), r, r + 1);
            spans.add(new Span(e.file(), e.start() + r * e.rowBytes(), (int) e.rowBytes()));
        }
        List<byte[]> data = store.read(spans);
        long perRow = e.numel() / Math.max(1, e.rows());
        long[] shape = e.shape();
        shape[0] = 1;
        List<Tensor> out = new java.util.ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            out.add(new Tensor(e.name(), e.dtype(), e.shape().length < 2 ? new long[] {1} : shape.clone(), data.get(i), rows[i] * perRow));
        }
        Provenance.record(source());
        return out;
    }

    /**
     * The shape of {@code n} rows. A matrix (or higher) keeps its other dimensions; a vector or a
     * scalar is one row, so reading it whole keeps its shape, and reading no rows gives [0].
     */
    static long[] rowsShape(long[] shape, long n) {
        if (shape.length >= 2) {
            shape[0] = n;
            return shape;
        }
        return n == 1 ? shape : new long[] {0};
    }

    @Override
    public Tensor readWindow(String tensor, long first, int count) throws IOException {
        TensorEntry e = entry(tensor);
        Windows.checkWindow(id() + " " + e.name(), e.numel(), first, count);
        int size = e.dtype().size();
        byte[] b = store.read(List.of(new Span(e.file(), e.start() + first * size, count * size))).get(0);
        Provenance.record(source());
        return marked(new Tensor(e.name(), e.dtype(), new long[] {count}, b, first));
    }

    @Override
    public List<Tensor> sampleWindows(String tensor, int windows, int length, long seed) throws IOException {
        TensorEntry e = entry(tensor);
        long[] firsts = Windows.place(id() + " " + e.name(), e.numel(), windows, length, seed);
        int size = e.dtype().size();
        List<Span> spans = new ArrayList<>();
        for (long first : firsts) {
            spans.add(new Span(e.file(), e.start() + first * size, length * size));
        }
        List<byte[]> data = store.read(spans);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < firsts.length; i++) {
            out.add(marked(new Tensor(e.name(), e.dtype(), new long[] {length}, data.get(i), firsts[i])));
        }
        Provenance.record(source());
        return out;
    }

    @Override
    public TensorBytes bytes(String tensor) throws IOException {
        TensorEntry e = entry(tensor);
        Provenance.record(source());
        return new TensorBytes() {
            @Override
            public String name() {
                return e.name();
            }

            @Override
            public DType dtype() {
                return e.dtype();
            }

            @Override
            public long byteSize() {
                return e.byteSize();
            }

            @Override
            public byte[] read(long offset, int length) throws IOException {
                if (offset < 0 || length < 0 || offset + length > e.byteSize()) {
                    throw new IndexOutOfBoundsException(e.name() + ": bytes " + offset + "+" + length + " beyond " + e.byteSize());
                }
                return store.read(List.of(new Span(e.file(), e.start() + offset, length))).get(0);
            }
        };
    }
}

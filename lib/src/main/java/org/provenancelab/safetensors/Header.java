package org.provenancelab.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * A parsed and checked safetensors header. The file starts with the header length N (u64,
 * little-endian), then N bytes of UTF-8 JSON; tensor offsets count from byte 8 + N. Every
 * field is checked against the file's size before anything is read on its word, so a hostile
 * header gives an error and never a huge allocation or a read past the end.
 */
public final class Header {
    /** Larger headers are refused (the reference implementation's limit is 100 MB). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String file;
    private final long fileSize;
    private final long headerLength;
    private final Map<String, String> metadata;
    private final List<TensorEntry> tensors;
    private final Map<String, TensorEntry> byName;

    private Header(String file, long fileSize, long headerLength, Map<String, String> metadata, List<TensorEntry> tensors) {
        this.file = file;
        this.fileSize = fileSize;
        this.headerLength = headerLength;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = List.copyOf(tensors);
        Map<String, TensorEntry> m = new LinkedHashMap<>();
        for (TensorEntry t : tensors) {
            m.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * The header length N from the file's first 8 bytes, checked against the limit and the
     * file size ({@code fileSize} &lt; 0 if unknown).
     */
    public static long length(String file, byte[] first8, long fileSize) throws SafetensorsException {
        if (first8.length < 8) {
            throw new SafetensorsException(file, "too short for a safetensors file (" + first8.length + " bytes)");
        }
        long n = ByteBuffer.wrap(first8, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(n) + " is outside 2.."
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (fileSize >= 0 && 8 + n > fileSize) {
            throw new SafetensorsException(file, "header length " + n + " runs past the end of the file (" + fileSize + " bytes)");
        }
        return n;
    }

    /** Parses the N header bytes (the bytes after the length) of a file of {@code fileSize} bytes. */
    public static Header parse(String file, long fileSize, byte[] json) throws SafetensorsException {
        long n = json.length;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file, "header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(file, "header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataSize = fileSize < 0 ? Long.MAX_VALUE : fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> tensors = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw new SafetensorsException(file, "__metadata__ is not an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
                    var kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw new SafetensorsException(file, "__metadata__ value of '" + kv.getKey() + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            String where = "tensor '" + name + "'";
            if (!v.isObject()) {
                throw new SafetensorsException(file, where + " is not an object");
            }
            DType dtype;
            try {
                dtype = DType.parse(v.path("dtype").isTextual() ? v.get("dtype").asText() : null);
            } catch (IllegalArgumentException ex) {
                throw new SafetensorsException(file, where + ": " + ex.getMessage());
            }
            long[] shape = longs(file, where + " shape", v.get("shape"), -1);
            long[] offsets = longs(file, where + " data_offsets", v.get("data_offsets"), 2);
            long begin = offsets[0], end = offsets[1];
            if (begin > end) {
                throw new SafetensorsException(file, where + ": data_offsets [" + begin + ", " + end + "] run backwards");
            }
            if (end > dataSize) {
                throw new SafetensorsException(file, where + ": data_offsets end " + end + " is beyond the data ("
                        + dataSize + " bytes after the header)");
            }
            long numel;
            try {
                numel = Tensor.elementCount(shape);
                Math.multiplyExact(numel, dtype.size());
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw new SafetensorsException(file, where + ": shape " + java.util.Arrays.toString(shape) + " is too large");
            }
            if (numel * dtype.size() != end - begin) {
                throw new SafetensorsException(file, where + ": shape " + java.util.Arrays.toString(shape) + " of " + dtype
                        + " needs " + numel * dtype.size() + " bytes but data_offsets span " + (end - begin));
            }
            tensors.add(new TensorEntry(name, dtype, shape, file, dataStart + begin, end - begin));
            spans.add(new long[] {begin, end, tensors.size() - 1});
        }
        spans.sort(Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1]));
        for (int i = 1; i < spans.size(); i++) {
            long[] prev = spans.get(i - 1), cur = spans.get(i);
            if (cur[0] < prev[1]) {
                throw new SafetensorsException(file, "tensors '" + tensors.get((int) prev[2]).name() + "' and '"
                        + tensors.get((int) cur[2]).name() + "' overlap (bytes " + cur[0] + ".." + prev[1] + ")");
            }
        }
        return new Header(file, fileSize, n, metadata, tensors);
    }

    private static long[] longs(String file, String what, JsonNode node, int expected) throws SafetensorsException {
        if (node == null || !node.isArray()) {
            throw new SafetensorsException(file, what + " is missing or not an array");
        }
        if (expected >= 0 && node.size() != expected) {
            throw new SafetensorsException(file, what + " must have " + expected + " entries, has " + node.size());
        }
        if (node.size() > 64) {
            throw new SafetensorsException(file, what + " has " + node.size() + " dimensions");
        }
        long[] v = new long[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong() || x.asLong() < 0) {
                throw new SafetensorsException(file, what + " holds " + x + ", not a non-negative integer");
            }
            v[i] = x.asLong();
        }
        return v;
    }

    public String file() {
        return file;
    }

    /** Size of the whole file, −1 if unknown. */
    public long fileSize() {
        return fileSize;
    }

    /** N: the JSON header's length in bytes. */
    public long headerLength() {
        return headerLength;
    }

    /** 8 + N: where tensor data begins, and the number of bytes needed to read the header. */
    public long headerBytes() {
        return 8 + headerLength;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensors in the order the header lists them. */
    public List<TensorEntry> tensors() {
        return tensors;
    }

    public TensorEntry tensor(String name) {
        return byName.get(name);
    }
}

package org.provenancelab.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * A parsed and checked safetensors header. The file starts with the header length N (u64,
 * little-endian), then N bytes of UTF-8 JSON; tensor offsets count from byte 8 + N.
 *
 * <p>The rules are those of the format's reference implementation (huggingface/safetensors):
 * N at most 100,000,000; strict UTF-8; one JSON object, optionally surrounded by JSON
 * whitespace and nothing else (no NUL padding, no trailing data); dtype names exactly as
 * written by the reference ({@code F32}, not {@code f32}); tensors, sorted by offsets, tile
 * the data section without holes or overlaps, each exactly as long as its shape needs, and the
 * last one ends where the file ends. Stricter than the reference where ambiguity could mislead
 * a reader: duplicate names are refused. The JSON is read as a stream with caps, so a hostile
 * header fails with this class's exception, never with an OutOfMemoryError.
 */
public final class Header {
    /** Larger headers are refused (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** More tensors than this in one shard are refused (real shards hold a few thousand). */
    public static final int MAX_TENSORS = 1 << 18;
    /** More __metadata__ entries or characters than this are refused. */
    public static final int MAX_METADATA_ENTRIES = 1 << 14;
    public static final long MAX_METADATA_CHARS = 16L << 20;
    private static final int MAX_DIMS = 64;

    // duplicates are found by the second pass, under the caps (Jackson's own detection keeps every name)
    // no canonicalising or interning of field names: every tensor name occurs once, and Jackson's
    // symbol table and intern cache would only churn (they were most of the parse time on 18k names)
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(16 << 20)
                    .maxNameLength(1 << 16).maxNumberLength(40).build())
            .build();

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

    /** Parses the N header bytes (the bytes after the length) of a file of {@code fileSize} bytes (−1 if unknown). */
    public static Header parse(String file, long fileSize, byte[] json) throws SafetensorsException {
        long n = json.length;
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header length " + n + " is outside 2.." + MAX_HEADER_BYTES + " bytes");
        }
        if (fileSize >= 0 && 8 + n > fileSize) {
            throw new SafetensorsException(file, "header length " + n + " runs past the end of the file (" + fileSize + " bytes)");
        }
        checkUtf8(file, json);
        int first = 0;
        while (first < json.length && isJsonSpace(json[first])) {
            first++;
        }
        if (first == json.length || json[first] != '{') {
            throw new SafetensorsException(file, "header is not a JSON object");
        }
        checkSyntax(file, json);
        long dataStart = 8 + n;
        long dataSize = fileSize < 0 ? Long.MAX_VALUE - dataStart : fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> tensors = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken(); // START_OBJECT, checked above
            long metaChars = 0;
            java.util.Set<String> names = new java.util.HashSet<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("__metadata__")) {
                    if (v == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (v != JsonToken.START_OBJECT) {
                        throw new SafetensorsException(file, "__metadata__ is not an object");
                    }
                    for (JsonToken m = p.nextToken(); m != JsonToken.END_OBJECT; m = p.nextToken()) {
                        String key = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING) {
                            throw new SafetensorsException(file, "__metadata__ value of '" + key + "' is not a string");
                        }
                        String value = p.getText();
                        if (metadata.containsKey(key)) {
                            throw new SafetensorsException(file, "header is not valid JSON: Duplicate field '" + key + "' in __metadata__");
                        }
                        metaChars += key.length() + value.length();
                        if (metadata.size() >= MAX_METADATA_ENTRIES || metaChars > MAX_METADATA_CHARS) {
                            throw new SafetensorsException(file, "__metadata__ is larger than " + MAX_METADATA_ENTRIES
                                    + " entries or " + MAX_METADATA_CHARS + " characters");
                        }
                        metadata.put(key, value);
                    }
                    continue;
                }
                if (tensors.size() >= MAX_TENSORS) {
                    throw new SafetensorsException(file, "header lists more than " + MAX_TENSORS + " tensors");
                }
                if (!names.add(name)) {
                    throw new SafetensorsException(file, "header is not valid JSON: Duplicate field '" + name + "'");
                }
                tensors.add(tensor(file, name, v, p, dataStart, dataSize));
            }
            if (p.nextToken() != null) {
                throw new SafetensorsException(file, "header is not valid JSON: data after the header object at byte "
                        + p.currentTokenLocation().getByteOffset());
            }
        } catch (SafetensorsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getMessage());
        }
        checkTiling(file, tensors, dataStart, fileSize < 0 ? -1 : dataSize);
        return new Header(file, fileSize, n, metadata, tensors);
    }

    /** One pass over the tokens, keeping nothing: any syntax error or trailing data is reported first. */
    private static void checkSyntax(String file, byte[] json) throws SafetensorsException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new SafetensorsException(file, "header is not valid JSON: data after the header object at byte "
                        + p.currentTokenLocation().getByteOffset());
            }
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getMessage());
        }
    }

    private static TensorEntry tensor(String file, String name, JsonToken v, JsonParser p, long dataStart, long dataSize)
            throws IOException {
        String where = "tensor '" + name + "'";
        if (v != JsonToken.START_OBJECT) {
            throw new SafetensorsException(file, where + " is not an object");
        }
        DType dtype = null;
        long[] shape = null, offsets = null;
        String dtypeName = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken fv = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (fv != JsonToken.VALUE_STRING) {
                        throw new SafetensorsException(file, where + ": dtype is not a string");
                    }
                    dtypeName = p.getText();
                    dtype = dtype(file, where, dtypeName);
                }
                case "shape" -> shape = longs(file, where + " shape", p, fv, -1);
                case "data_offsets" -> offsets = longs(file, where + " data_offsets", p, fv, 2);
                default -> p.skipChildren(); // the reference ignores unknown fields too
            }
        }
        if (dtypeName == null) {
            throw new SafetensorsException(file, where + ": missing dtype");
        }
        if (shape == null) {
            throw new SafetensorsException(file, where + " shape is missing or not an array");
        }
        if (offsets == null) {
            throw new SafetensorsException(file, where + " data_offsets is missing or not an array");
        }
        long begin = offsets[0], end = offsets[1];
        if (begin > end) {
            throw new SafetensorsException(file, where + ": data_offsets [" + begin + ", " + end + "] run backwards");
        }
        if (end > dataSize) {
            throw new SafetensorsException(file, where + ": data_offsets end " + end + " is beyond the data ("
                    + dataSize + " bytes after the header)");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Tensor.elementCount(shape), dtype.size());
        } catch (IllegalArgumentException | ArithmeticException ex) {
            throw new SafetensorsException(file, where + ": shape " + java.util.Arrays.toString(shape) + " is too large");
        }
        if (bytes != end - begin) {
            throw new SafetensorsException(file, where + ": shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " bytes but data_offsets span " + (end - begin));
        }
        return new TensorEntry(name, dtype, shape, file, dataStart + begin, end - begin);
    }

    /** Exactly a name the reference writes: "F32" is a dtype, "f32" or "ı8" (dotless i) are not. */
    static DType dtype(String file, String where, String name) throws SafetensorsException {
        for (DType d : DType.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new SafetensorsException(file, where + ": unknown dtype '" + name + "'");
    }

    /** Sorted by offsets, tensors must follow each other from 0 to the end of the data (size −1: unknown). */
    private static void checkTiling(String file, List<TensorEntry> tensors, long dataStart, long dataSize)
            throws SafetensorsException {
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorEntry::start).thenComparingLong(TensorEntry::end));
        long at = dataStart;
        TensorEntry prev = null;
        for (TensorEntry t : sorted) {
            if (t.start() < at) {
                throw new SafetensorsException(file, "tensors '" + prev.name() + "' and '" + t.name() + "' overlap (bytes "
                        + (t.start() - dataStart) + ".." + (at - dataStart) + ")");
            }
            if (t.start() > at) {
                throw new SafetensorsException(file, "a hole of " + (t.start() - at) + " bytes lies before tensor '" + t.name()
                        + "' (data bytes " + (at - dataStart) + ".." + (t.start() - dataStart) + " belong to no tensor)");
            }
            at = t.end();
            prev = t;
        }
        if (dataSize >= 0 && at - dataStart != dataSize) {
            throw new SafetensorsException(file, "tensor data ends at byte " + (at - dataStart) + " of a data section of "
                    + dataSize + " bytes (trailing bytes belong to no tensor)");
        }
    }

    private static long[] longs(String file, String what, JsonParser p, JsonToken t, int expected) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new SafetensorsException(file, what + " is missing or not an array");
        }
        long[] v = new long[Math.max(expected, 4)];
        int n = 0;
        for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
            if (n >= MAX_DIMS) {
                throw new SafetensorsException(file, what + " has more than " + MAX_DIMS + " dimensions");
            }
            if (x != JsonToken.VALUE_NUMBER_INT || p.getText().startsWith("-")
                    || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                String shown = x.isStructStart() ? x.asString() : p.getText();
                throw new SafetensorsException(file, what + " holds " + shown + ", not a non-negative integer");
            }
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, 2 * n);
            }
            v[n++] = p.getLongValue();
        }
        if (expected >= 0 && n != expected) {
            throw new SafetensorsException(file, what + " must have " + expected + " entries, has " + n);
        }
        return java.util.Arrays.copyOf(v, n);
    }

    private static boolean isJsonSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Strict UTF-8 (no overlong forms, no surrogates), checked in chunks without building a string. */
    private static void checkUtf8(String file, byte[] json) throws SafetensorsException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(json);
        CharBuffer out = CharBuffer.allocate(1 << 14);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                throw new SafetensorsException(file, "header is not valid UTF-8 (at byte " + in.position() + ")");
            }
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        CoderResult r = d.flush(out);
        if (r.isError()) {
            throw new SafetensorsException(file, "header is not valid UTF-8");
        }
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

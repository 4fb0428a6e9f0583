package org.provenancelab.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

class HostileHeaderTest {
    /** A file: length prefix, header bytes, then {@code data} bytes of tensor data. */
    static byte[] file(long declaredLength, byte[] header, int data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        return b.array();
    }

    static byte[] file(String json, int data) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, data);
    }

    /** Parses through the same path as every reader: a local directory holding the file. */
    static String error(Path dir, byte[] bytes) throws Exception {
        Path d = Files.createTempDirectory(dir, "m");
        Files.write(d.resolve("model.safetensors"), bytes);
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> SafetensorsModel.local(d).header("model.safetensors"));
        assertTrue(e.getMessage().startsWith("model.safetensors: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void eachHostileHeaderIsNamed(@TempDir Path dir) throws Exception {
        List<Map.Entry<String, byte[]>> cases = new java.util.ArrayList<>();
        cases.add(Map.entry("runs past the end", file(1_000_000, "{}".getBytes(StandardCharsets.UTF_8), 0)));
        cases.add(Map.entry("outside 2..", file(Long.MAX_VALUE, new byte[8], 0)));
        cases.add(Map.entry("outside 2..", file(-1L, new byte[8], 0)));
        cases.add(Map.entry("not valid JSON", file("{\"a\": [1, 2", 0)));
        cases.add(Map.entry("not valid UTF-8", file(8, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, 0)));
        cases.add(Map.entry("not a JSON object", file("[1,2,3]", 0)));
        cases.add(Map.entry("not a non-negative integer", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 4)));
        cases.add(Map.entry("overlap", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)));
        cases.add(Map.entry("beyond the data", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8)));
        cases.add(Map.entry("needs 8 bytes but data_offsets span 4", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)));
        cases.add(Map.entry("unknown dtype 'F4'", file("{\"w\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]}}", 1)));
        cases.add(Map.entry("run backwards", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}}", 4)));
        cases.add(Map.entry("Duplicate field", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1)));
        cases.add(Map.entry("too large", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,0]}}", 0)));
        cases.add(Map.entry("too short", new byte[5]));
        cases.add(Map.entry("__metadata__ value", file("{\"__metadata__\":{\"format\":1}}", 0)));
        for (var c : cases) {
            String msg = error(dir, c.getValue());
            assertTrue(msg.contains(c.getKey()), "expected '" + c.getKey() + "' in: " + msg);
        }
    }

    @Test
    void deepNestingFailsFastInsteadOfHanging(@TempDir Path dir) throws Exception {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        long t0 = System.nanoTime();
        String msg = error(dir, file(deep, 0));
        assertTrue(msg.contains("JSON"), msg);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 30);
    }

    @Test
    void aValidFileRoundTrips(@TempDir Path dir) throws Exception {
        Tensor a = new Tensor("a", DType.F32, new long[] {2}, new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40});
        Tensor b = new Tensor("b", DType.BF16, new long[] {1, 3}, new byte[] {(byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0});
        byte[] bytes = ShardLayout.write(List.of(a, b), Map.of("format", "pt"));
        assertEquals(0, (bytes.length - 8 - 14) % 8, "header padded to 8");
        Files.write(dir.resolve("model.safetensors"), bytes);
        SafetensorsModel m = SafetensorsModel.local(dir);
        Header h = m.header("model.safetensors");
        assertEquals(Map.of("format", "pt"), h.metadata());
        assertEquals(2, h.tensors().size());
        assertEquals(List.of(1.0, 0.0, -2.0), java.util.Arrays.stream(m.read("b").doubles()).boxed().toList());
        assertEquals(2.0, m.read("a").doubles()[1]);
    }
}

package org.provenancelab.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 8: what the format's reference implementation (huggingface/safetensors,
 * {@code read_metadata} and {@code Metadata::validate}) rejects, we reject too.
 */
class ReferenceRulesTest {
    static final String ONE = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    static String error(String json, long dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return error(h, dataBytes);
    }

    static String error(byte[] h, long dataBytes) {
        long size = dataBytes < 0 ? -1 : 8 + h.length + dataBytes;
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Header.parse("s.safetensors", size, h));
        assertTrue(e.getMessage().startsWith("s.safetensors: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void acceptsWhatTheReferenceAccepts() throws Exception {
        Header h = Header.parse("s.safetensors", 8 + ONE.length() + 8, ONE.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, h.tensors().size());
        String padded = ONE + "   \n\t"; // JSON white space after the object is allowed
        assertEquals(1, Header.parse("s", 8 + padded.length() + 8, padded.getBytes(StandardCharsets.UTF_8)).tensors().size());
        String nullMeta = "{\"__metadata__\":null," + ONE.substring(1);
        assertTrue(Header.parse("s", 8 + nullMeta.length() + 8, nullMeta.getBytes(StandardCharsets.UTF_8)).metadata().isEmpty());
        String extra = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"note\":{\"x\":[1]}}}";
        assertEquals(1, Header.parse("s", 8 + extra.length() + 8, extra.getBytes(StandardCharsets.UTF_8)).tensors().size(),
                "unknown fields of a tensor are ignored, as by the reference");
    }

    @Test
    void refusesWhatTheReferenceRefuses() {
        assertTrue(error(ONE + "{}", 8).contains("data after the header object"));
        assertTrue(error(ONE + "\u0000\u0000\u0000", 8).contains("not valid JSON"));
        assertTrue(error("\u0000" + ONE, 8).contains("not a JSON object"));
        assertTrue(error("\ufeff" + ONE, 8).contains("not a JSON object"), "a byte order mark is not white space");
        assertTrue(error(ONE.replace("F32", "f32"), 8).contains("unknown dtype 'f32'"));
        assertTrue(error(ONE.replace("F32", "\u0131" + "8").replace("[2]", "[8]"), 8).contains("unknown dtype"),
                "a dotless i upper-cases to I8 but is not I8");
        assertTrue(error("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", 6).contains("hole"));
        assertTrue(error("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}", 4).contains("hole"),
                "data must start at offset 0");
        assertTrue(error(ONE, 12).contains("trailing bytes"), "the last tensor ends where the file ends");
        assertTrue(error(ONE.replace("[2]", "[2.0]"), 8).contains("not a non-negative integer"));
        assertTrue(error(ONE.replace("[2]", "[-0]"), 8).contains("not a non-negative integer"));
    }

    @Test
    void offsetsNearLongMaxDoNotOverflowWhenTheSizeIsUnknown() {
        String exact = "{\"w\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[" + (Long.MAX_VALUE - 8) + "," + Long.MAX_VALUE + "]}}";
        assertTrue(error(exact, -1).contains("beyond the data"), "8 + N + end would overflow");
        String huge = "{\"w\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,9223372036854775808]}}";
        assertTrue(error(huge, -1).contains("not a non-negative integer"));
    }

    @Test
    void theLengthLimitIsTheReferences() {
        byte[] len = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array();
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Header.length("s", len, -1));
        assertTrue(e.getMessage().contains("outside 2..100000000"), e.getMessage());
    }
}

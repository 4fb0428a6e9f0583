package org.provenancelab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.provenancelab.metrics.Golden;

class DecodeTest {
    private static double parse(String numpyRepr) {
        return switch (numpyRepr) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(numpyRepr);
        };
    }

    private static void checkGolden(String key, DType dtype) {
        JsonNode cases = Golden.root().get("decode").get(key);
        assertTrue(cases.size() > 5, "golden " + key + " cases present");
        for (JsonNode c : cases) {
            byte[] bytes = HexFormat.of().parseHex(c.get("hex_le").asText());
            double expected = parse(c.get("value").asText());
            double scalar = dtype.decode(bytes, 0);
            double[] bulkD = new double[1];
            float[] bulkF = new float[1];
            dtype.decode(bytes, 0, 1, bulkD, 0);
            dtype.decode(bytes, 0, 1, bulkF, 0);
            String what = key + " " + c.get("hex_le").asText();
            // bit-exact, so -0.0 differs from 0.0 and NaN equals NaN
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(scalar), what);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(bulkD[0]), what + " (bulk double)");
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(bulkF[0]), what + " (bulk float)");
        }
    }

    @Test
    void bf16MatchesNumpy() {
        checkGolden("bf16", DType.BF16);
    }

    @Test
    void f16MatchesNumpy() {
        checkGolden("f16", DType.F16);
    }

    @Test
    void everyF16CodeEqualsTheFormulaOfTheStandard() {
        // an independent route: (−1)^s · (m/1024 + [e > 0]) · 2^(max(e, 1) − 15), and the specials
        for (int bits = 0; bits < 1 << 16; bits++) {
            int s = bits >>> 15, e = (bits >>> 10) & 0x1f, m = bits & 0x3ff;
            double expected;
            if (e == 31) {
                expected = m == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
            } else {
                expected = (m / 1024.0 + (e > 0 ? 1 : 0)) * Math.pow(2, Math.max(e, 1) - 15);
            }
            expected = s == 1 ? -expected : expected;
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(Decode.f16(bits)), "code " + bits);
        }
    }

    @Test
    void f8E4M3FollowsTheOcpSpec() {
        // values from the OCP 8-bit floating point specification (E4M3, "fn" variant)
        assertEquals(448.0, Decode.f8e4m3(0x7e));
        assertEquals(-448.0, Decode.f8e4m3(0xfe));
        assertEquals(Math.scalb(1.0, -9), Decode.f8e4m3(0x01));        // smallest subnormal
        assertEquals(Math.scalb(7.0, -9), Decode.f8e4m3(0x07));        // largest subnormal
        assertEquals(Math.scalb(1.0, -6), Decode.f8e4m3(0x08));        // smallest normal
        assertEquals(1.0, Decode.f8e4m3(0x38));
        assertEquals(1.125, Decode.f8e4m3(0x39));
        assertEquals(256.0, Decode.f8e4m3(0x78));                      // exponent 15 is a normal binade
        assertTrue(Double.isNaN(Decode.f8e4m3(0x7f)));
        assertTrue(Double.isNaN(Decode.f8e4m3(0xff)));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Decode.f8e4m3(0x80)));
    }

    @Test
    void f8E5M2FollowsTheOcpSpec() {
        assertEquals(57344.0, Decode.f8e5m2(0x7b));                    // largest finite
        assertEquals(Math.scalb(1.0, -16), Decode.f8e5m2(0x01));       // smallest subnormal
        assertEquals(Math.scalb(1.0, -14), Decode.f8e5m2(0x04));       // smallest normal
        assertEquals(1.0, Decode.f8e5m2(0x3c));
        assertEquals(-1.5, Decode.f8e5m2(0xbe));
        assertEquals(Double.POSITIVE_INFINITY, Decode.f8e5m2(0x7c));
        assertEquals(Double.NEGATIVE_INFINITY, Decode.f8e5m2(0xfc));
        assertTrue(Double.isNaN(Decode.f8e5m2(0x7d)));
        // E5M2 is the top byte of binary16: every code must agree with the f16 decoder
        for (int b = 0; b < 256; b++) {
            assertEquals(Double.doubleToLongBits(Decode.f16(b << 8)), Double.doubleToLongBits(Decode.f8e5m2(b)), "code " + b);
        }
    }

    @Test
    void integersAndWideFloatsAreLittleEndian() {
        assertEquals(-2.0, DType.I8.decode(new byte[] {(byte) 0xfe}, 0));
        assertEquals(254.0, DType.U8.decode(new byte[] {(byte) 0xfe}, 0));
        assertEquals(-2.0, DType.I16.decode(new byte[] {(byte) 0xfe, (byte) 0xff}, 0));
        assertEquals(65534.0, DType.U16.decode(new byte[] {(byte) 0xfe, (byte) 0xff}, 0));
        assertEquals(0x04030201, DType.I32.decode(new byte[] {1, 2, 3, 4}, 0));
        assertEquals(4294967295.0, DType.U32.decode(new byte[] {-1, -1, -1, -1}, 0));
        assertEquals(1.8446744073709552E19, DType.U64.decode(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, 0));
        assertEquals(-1.0, DType.I64.decode(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, 0));
        assertEquals(1.0, DType.F32.decode(new byte[] {0, 0, (byte) 0x80, 0x3f}, 0));
        assertEquals(1.0, DType.F64.decode(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f}, 0));
        assertEquals(1.0, DType.BOOL.decode(new byte[] {1}, 0));
    }

    @Test
    void bulkDecodeEqualsElementDecodeForEveryType() {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + 11);
        }
        for (DType t : DType.values()) {
            int n = bytes.length / t.size() - 1;
            double[] d = new double[n + 1];
            t.decode(bytes, t.size(), n, d, 1);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(t.decode(bytes, (i + 1) * t.size())), Double.doubleToLongBits(d[i + 1]), t + " " + i);
            }
        }
    }

    @Test
    void bulkBf16OnBothCoresEqualsElementDecode() {
        // long enough to be split between the cores, odd so the halves differ, offset on both sides
        int n = (1 << 18) + 7;
        byte[] bytes = new byte[2 * n + 2];
        new java.util.SplittableRandom(5).nextBytes(bytes);
        double[] d = new double[n + 3];
        float[] f = new float[n + 3];
        DType.BF16.decode(bytes, 2, n, d, 3);
        DType.BF16.decode(bytes, 2, n, f, 3);
        for (int i = 0; i < n; i++) {
            double expected = DType.BF16.decode(bytes, 2 + 2 * i);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(d[i + 3]), "double " + i);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(f[i + 3]), "float " + i);
        }
        assertEquals(0.0, d[2]);
        assertEquals(0.0f, f[2]);
    }

    @Test
    void spansOutsideTheBufferAreRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> DType.BF16.decode(new byte[6], 2, 3, new double[3], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> DType.BF16.decode(new byte[6], 0, 3, new double[2], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> DType.BF16.decode(new byte[6], 0, 3, new float[2], 0));
    }

    @Test
    void unknownDtypeNamesItself() {
        var e = assertThrows(IllegalArgumentException.class, () -> DType.parse("F4_E2M1"));
        assertTrue(e.getMessage().contains("F4_E2M1"), e.getMessage());
        assertEquals(DType.F8_E4M3, DType.parse("F8_E4M3"));
    }
}

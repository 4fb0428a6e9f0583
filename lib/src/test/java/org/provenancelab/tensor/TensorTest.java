package org.provenancelab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TensorTest {
    static byte[] bf16(float... values) {
        byte[] b = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(values[i]) >>> 16;
            b[2 * i] = (byte) bits;
            b[2 * i + 1] = (byte) (bits >>> 8);
        }
        return b;
    }

    @Test
    void rowsDecodeFromRawBytes() {
        Tensor t = new Tensor("w", DType.BF16, new long[] {2, 3}, bf16(1, 2, 3, -1, -2, 0.5f));
        assertEquals(2, t.rows());
        assertEquals(3, t.rowLength());
        assertArrayEquals(new double[] {-1, -2, 0.5}, t.row(1));
        assertArrayEquals(new double[] {1, 2, 3, -1, -2, 0.5}, t.doubles());
    }

    @Test
    void floatsHoldNarrowTypesExactlyAndRefuseWideOnes() {
        Tensor t = new Tensor("w", DType.BF16, new long[] {2, 3}, bf16(1, 2, 3, -1, -2, 0.5f));
        assertArrayEquals(new float[] {1, 2, 3, -1, -2, 0.5f}, t.floats());
        for (DType wide : new DType[] {DType.F64, DType.I64, DType.U64, DType.I32, DType.U32}) {
            Tensor w = new Tensor("layers.0.w", wide, new long[] {1}, new byte[wide.size()]);
            var e = assertThrows(IllegalStateException.class, w::floats);
            assertTrue(e.getMessage().contains("layers.0.w is " + wide) && e.getMessage().contains("doubles()"), e.getMessage());
        }
        for (DType d : DType.values()) {
            // a float holds every value of the type exactly, so the two reads agree bit for bit
            if (d.fitsFloat()) {
                byte[] b = new byte[8 * d.size()];
                new java.util.SplittableRandom(d.ordinal()).nextBytes(b);
                Tensor x = new Tensor("x", d, new long[] {8}, b);
                double[] dd = x.doubles();
                float[] ff = x.floats();
                for (int i = 0; i < 8; i++) {
                    assertEquals(Double.doubleToLongBits(dd[i]), Double.doubleToLongBits(ff[i]), d + " element " + i);
                }
            }
        }
    }

    @Test
    void fractionOfByteIdenticalElements() {
        Tensor a = new Tensor("a", DType.BF16, new long[] {4}, bf16(1, 2, 3, 4));
        Tensor b = new Tensor("b", DType.BF16, new long[] {4}, bf16(1, 2, 3.5f, -4));
        assertEquals(0.5, a.fractionByteIdentical(b));
        // -0.0 and 0.0 are equal numbers but different bytes
        Tensor z = new Tensor("z", DType.BF16, new long[] {1}, bf16(0f));
        Tensor nz = new Tensor("nz", DType.BF16, new long[] {1}, bf16(-0f));
        assertEquals(0.0, z.fractionByteIdentical(nz));
        Tensor f32 = new Tensor("f", DType.F32, new long[] {2}, new byte[8]);
        assertThrows(IllegalArgumentException.class, () -> a.fractionByteIdentical(f32));
    }

    @Test
    void shapeMustMatchTheBytes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Tensor("w", DType.BF16, new long[] {2, 3}, new byte[10]));
        assertTrue(e.getMessage().contains("needs 12 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.elementCount(new long[] {1L << 40, 1L << 40}));
    }

    @Test
    void hashIsSha256OfTheStoredBytesAndStreamingAgrees() throws Exception {
        byte[] raw = bf16(1, 2, 3, 4, 5);
        Tensor t = new Tensor("w", DType.BF16, new long[] {5}, raw);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        assertEquals(expected, t.sha256());
        TensorBytes viaDefault = new TensorBytes() {
            public String name() { return "w"; }
            public DType dtype() { return DType.BF16; }
            public long byteSize() { return raw.length; }
            public byte[] read(long offset, int length) { return t.read(offset, length); }
        };
        assertEquals(expected, viaDefault.sha256());
    }

    @Test
    void rawBytesCannotBeChangedFromOutside() {
        byte[] raw = bf16(1, 2);
        Tensor t = new Tensor("w", DType.BF16, new long[] {2}, raw);
        raw[0] = 42;
        t.rawBytes()[1] = 42;
        assertArrayEquals(bf16(1, 2), t.rawBytes());
    }
}

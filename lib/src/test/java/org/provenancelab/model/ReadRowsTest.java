package org.provenancelab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/** Issue 9, item 7: readRows on every rank (a vector and a scalar are one row). */
class ReadRowsTest {
    static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    @Test
    void vectorsScalarsAndMatrices(@TempDir Path dir) throws Exception {
        Tensor vec = new Tensor("vec", DType.F32, new long[] {4}, f32(1, 2, 3, 4));
        Tensor scalar = new Tensor("scalar", DType.F32, new long[] {}, f32(7));
        Tensor mat = new Tensor("mat", DType.F32, new long[] {3, 2}, f32(1, 2, 3, 4, 5, 6));
        Files.write(dir.resolve("model.safetensors"), ShardLayout.write(List.of(vec, scalar, mat), Map.of()));
        SafetensorsModel m = SafetensorsModel.local(dir);

        Tensor v = m.readRows("vec", 0, 1);
        assertArrayEquals(new long[] {4}, v.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, v.doubles());
        assertEquals(0, m.readRows("vec", 0, 0).numel());

        Tensor s = m.readRows("scalar", 0, 1);
        assertArrayEquals(new long[] {}, s.shape());
        assertArrayEquals(new double[] {7}, s.doubles());
        assertEquals(0, m.readRows("scalar", 0, 0).numel());

        Tensor r = m.readRows("mat", 1, 3);
        assertArrayEquals(new long[] {2, 2}, r.shape());
        assertArrayEquals(new double[] {3, 4, 5, 6}, r.doubles());

        assertThrows(IllegalArgumentException.class, () -> m.readRows("vec", 0, 2));
        assertThrows(IllegalArgumentException.class, () -> m.readRows("scalar", 1, 2));
    }
}

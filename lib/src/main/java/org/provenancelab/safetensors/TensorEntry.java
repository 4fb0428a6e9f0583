package org.provenancelab.safetensors;

import java.util.Arrays;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * One tensor as a shard header lists it.
 *
 * @param name      tensor name
 * @param dtype     element type
 * @param shape     dimensions
 * @param file      the shard holding it
 * @param start     absolute byte offset of its data in the shard (8 + header length + begin)
 * @param byteSize  length of its data in bytes
 */
public record TensorEntry(String name, DType dtype, long[] shape, String file, long start, long byteSize) {
    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        return Tensor.elementCount(shape);
    }

    /** Absolute offset one past its last byte. */
    public long end() {
        return start + byteSize;
    }

    /** Rows (first dimension; 1 for vectors and scalars). */
    public long rows() {
        return shape.length < 2 ? 1 : shape[0];
    }

    /** Bytes per row. */
    public long rowBytes() {
        return rows() == 0 ? 0 : byteSize / rows();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e && name.equals(e.name) && dtype == e.dtype && Arrays.equals(shape, e.shape)
                && file.equals(e.file) && start == e.start && byteSize == e.byteSize;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(start);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @" + file + "[" + start + ", " + end() + ")";
    }
}

package org.provenancelab.tensor;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Tensor data as read: the raw little-endian bytes (kept for byte-identity tests) and their
 * dtype and shape. A slice of a larger tensor (some rows of it) records where it starts.
 * Immutable: the bytes are copied in and only copies or read-only views go out.
 */
public final class Tensor implements TensorBytes {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final byte[] bytes;
    private final long firstElement;
    /** The bytes are integer codes of a quantized weight, not its values (see {@link #asCodes()}). */
    private final boolean codes;

    /**
     * @param name         tensor name (as in the checkpoint)
     * @param dtype        element type
     * @param shape        shape of the data held here
     * @param bytes        exactly {@code product(shape) × dtype.size()} bytes
     * @param firstElement index, in the whole tensor, of the first element held (0 unless a slice)
     */
    public Tensor(String name, DType dtype, long[] shape, byte[] bytes, long firstElement) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        long n = elementCount(this.shape);
        if (n * dtype.size() != bytes.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + n * dtype.size() + " bytes, got " + bytes.length);
        }
        if (firstElement < 0) {
            throw new IllegalArgumentException(name + ": negative first element " + firstElement);
        }
        this.bytes = bytes.clone();
        this.firstElement = firstElement;
        this.codes = false;
    }

    private Tensor(Tensor t, boolean codes) {
        this.name = t.name;
        this.dtype = t.dtype;
        this.shape = t.shape;
        this.bytes = t.bytes;
        this.firstElement = t.firstElement;
        this.codes = codes;
    }

    /**
     * This tensor marked as holding the integer codes of a quantized weight (int8 with a scale
     * and zero point): {@link #doubles()} then refuses, so codes are never read where values are
     * meant; {@link #codes()} reads them on purpose.
     */
    public Tensor asCodes() {
        if (dtype.isFloating() || dtype == DType.BOOL) {
            throw new IllegalArgumentException(name + " is " + dtype + ", not an integer type: it cannot hold quantization codes");
        }
        return new Tensor(this, true);
    }

    /** True if the elements are quantization codes, not values. */
    public boolean isCodes() {
        return codes;
    }

    /** The integer codes of a quantized weight, as doubles (not its values: see dequantized()). */
    public double[] codes() {
        if (!codes) {
            throw new IllegalStateException(name + " holds values, not quantization codes: use doubles()");
        }
        double[] d = new double[numel()];
        dtype.decode(bytes, 0, d.length, d, 0);
        return d;
    }

    private void refuseCodes() {
        if (codes) {
            throw new IllegalStateException(name + " holds " + dtype + " quantization codes, not values; read its values with "
                    + "dequantized(\"" + name + "\") on the model (or codes() for the codes themselves)");
        }
    }

    public Tensor(String name, DType dtype, long[] shape, byte[] bytes) {
        this(name, dtype, shape, bytes, 0);
    }

    /** Product of the dimensions (1 for a scalar); an error if negative or overflowing. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows a long");
            }
        }
        return n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int numel() {
        return bytes.length / dtype.size();
    }

    public long firstElement() {
        return firstElement;
    }

    @Override
    public long byteSize() {
        return bytes.length;
    }

    @Override
    public byte[] read(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException(name + ": bytes " + offset + "+" + length + " beyond its " + bytes.length);
        }
        return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }

    /** The bytes as stored, read-only. */
    public ByteBuffer raw() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    public byte[] rawBytes() {
        return bytes.clone();
    }

    /** How many elements have identical bytes in both tensors (same dtype and element count). */
    public long identicalElements(Tensor other) {
        requireSameLayout(other);
        int size = dtype.size();
        long same = 0;
        for (int p = 0; p < bytes.length; p += size) {
            if (Arrays.equals(bytes, p, p + size, other.bytes, p, p + size)) {
                same++;
            }
        }
        return same;
    }

    /** Fraction of elements whose bytes are identical in both tensors (same dtype and size). */
    public double fractionByteIdentical(Tensor other) {
        return numel() == 0 ? Double.NaN : identicalElements(other) / (double) numel();
    }

    private void requireSameLayout(Tensor other) {
        if (other.dtype != dtype || other.bytes.length != bytes.length) {
            throw new IllegalArgumentException("cannot compare bytes of " + name + " (" + dtype + ", "
                    + numel() + " elements) with " + other.name + " (" + other.dtype + ", " + other.numel()
                    + " elements)");
        }
    }

    /** All elements as doubles, row-major. */
    public double[] doubles() {
        refuseCodes();
        double[] d = new double[numel()];
        dtype.decode(bytes, 0, d.length, d, 0);
        return d;
    }

    /**
     * All elements as floats, row-major, in half the memory of {@link #doubles()}: exact for
     * every dtype a float holds (the 16- and 8-bit floats, float32, integers up to 16 bits), an
     * error for the rest (float64 and wide integers would be rounded).
     */
    public float[] floats() {
        refuseCodes();
        if (!dtype.fitsFloat()) {
            throw new IllegalStateException(name + " is " + dtype + ": a float would round its values; read it with doubles()");
        }
        float[] f = new float[numel()];
        dtype.decode(bytes, 0, f.length, f, 0);
        return f;
    }

    /** Number of rows (first dimension; 1 for a vector or scalar). */
    public int rows() {
        return shape.length < 2 ? 1 : (int) shape[0];
    }

    /** Elements per row. */
    public int rowLength() {
        return rows() == 0 ? 0 : numel() / rows();
    }

    /** Row {@code r} of a matrix (or the vector itself), as doubles. */
    public double[] row(int r) {
        refuseCodes();
        Objects.checkIndex(r, rows());
        double[] d = new double[rowLength()];
        dtype.decode(bytes, r * rowLength() * dtype.size(), d.length, d, 0);
        return d;
    }

    /** SHA-256 of the raw bytes, hex. */
    @Override
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + (codes ? " (quantization codes)" : "")
                + (firstElement > 0 ? " from element " + firstElement : "");
    }
}

package org.provenancelab.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The safetensors element types, all stored little-endian. Decoding to double is exact for
 * every floating type (each is a subset of binary64); 64-bit integers above 2^53 round.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8),
    I64(8), U64(8), F8_E4M3(1), F8_E5M2(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** True if a float holds every value of this type exactly. */
    public boolean fitsFloat() {
        return switch (this) {
            case BOOL, U8, I8, I16, U16, F16, BF16, F32, F8_E4M3, F8_E5M2 -> true;
            default -> false;
        };
    }

    public boolean isFloating() {
        return switch (this) {
            case F16, BF16, F32, F64, F8_E4M3, F8_E5M2 -> true;
            default -> false;
        };
    }

    /** The dtype named in a safetensors header, or an error naming the unknown name. */
    public static DType parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("missing dtype");
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dtype '" + name + "'");
        }
    }

    /** The element at byte offset {@code at} of {@code src}, as a double. */
    public double decode(byte[] src, int at) {
        return switch (this) {
            case BOOL -> src[at] != 0 ? 1 : 0;
            case U8 -> src[at] & 0xff;
            case I8 -> src[at];
            case I16 -> (short) u16(src, at);
            case U16 -> u16(src, at);
            case F16 -> Decode.f16(u16(src, at));
            case BF16 -> Decode.bf16(u16(src, at));
            case I32 -> i32(src, at);
            case U32 -> i32(src, at) & 0xffffffffL;
            case F32 -> Float.intBitsToFloat(i32(src, at));
            case F64 -> Double.longBitsToDouble(i64(src, at));
            case I64 -> i64(src, at);
            case U64 -> Decode.unsigned(i64(src, at));
            case F8_E4M3 -> Decode.f8e4m3(src[at] & 0xff);
            case F8_E5M2 -> Decode.f8e5m2(src[at] & 0xff);
        };
    }

    /** Decodes {@code count} elements starting at byte {@code from} into {@code dst[to..]}. */
    public void decode(byte[] src, int from, int count, double[] dst, int to) {
        checkSpan(src, from, count, dst.length, to);
        switch (this) {
            // the common weight types get their own tight loops; the rest go element by element
            case BF16 -> halves(from, count, to, (f, c, t) -> bf16(src, f, c, dst, t));
            case F16 -> {
                float[] table = Decode.F16_TABLE;
                for (int i = 0, p = from; i < count; i++, p += 2) {
                    dst[to + i] = table[(src[p] & 0xff) | (src[p + 1] & 0xff) << 8];
                }
            }
            case F32 -> {
                for (int i = 0, p = from; i < count; i++, p += 4) {
                    dst[to + i] = Float.intBitsToFloat(i32(src, p));
                }
            }
            default -> {
                for (int i = 0, p = from; i < count; i++, p += size) {
                    dst[to + i] = decode(src, p);
                }
            }
        }
    }

    /** As {@link #decode(byte[], int, int, double[], int)}, to float (exact for 16- and 8-bit floats). */
    public void decode(byte[] src, int from, int count, float[] dst, int to) {
        checkSpan(src, from, count, dst.length, to);
        switch (this) {
            case BF16 -> halves(from, count, to, (f, c, t) -> bf16(src, f, c, dst, t));
            case F16 -> {
                float[] table = Decode.F16_TABLE;
                for (int i = 0, p = from; i < count; i++, p += 2) {
                    dst[to + i] = table[(src[p] & 0xff) | (src[p + 1] & 0xff) << 8];
                }
            }
            default -> {
                for (int i = 0, p = from; i < count; i++, p += size) {
                    dst[to + i] = (float) decode(src, p);
                }
            }
        }
    }

    /** Decodes of at least this many elements use both cores. */
    private static final int PARALLEL_MIN = 1 << 18;
    /** Two bytes read as one little-endian short, so the loop is a load and a shift. */
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** A run of {@code count} 16-bit elements from byte {@code from} into index {@code to}. */
    private interface Run {
        void decode(int from, int count, int to);
    }

    /** A bulk 16-bit decode is bound by memory: from {@link #PARALLEL_MIN} elements each core takes half. */
    private static void halves(int from, int count, int to, Run run) {
        if (count >= PARALLEL_MIN) {
            int half = count / 2;
            IntStream.range(0, 2).parallel().forEach(part -> run.decode(from + 2 * half * part, part == 0 ? half : count - half,
                    to + half * part));
        } else {
            run.decode(from, count, to);
        }
    }

    private static void bf16(byte[] src, int from, int count, float[] dst, int to) {
        for (int i = 0, p = from; i < count; i++, p += 2) {
            dst[to + i] = Float.intBitsToFloat((short) SHORT_LE.get(src, p) << 16);
        }
    }

    private static void bf16(byte[] src, int from, int count, double[] dst, int to) {
        for (int i = 0, p = from; i < count; i++, p += 2) {
            // the sign extension of the short is shifted out
            dst[to + i] = Float.intBitsToFloat((short) SHORT_LE.get(src, p) << 16);
        }
    }

    private void checkSpan(byte[] src, int from, int count, int dstLength, int to) {
        if (from < 0 || count < 0 || to < 0 || (long) from + (long) count * size > src.length
                || (long) to + count > dstLength) {
            throw new IndexOutOfBoundsException("decode " + count + " " + this + " elements from byte " + from
                    + " of " + src.length + " into index " + to + " of " + dstLength);
        }
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static long i64(byte[] b, int at) {
        return (i32(b, at) & 0xffffffffL) | (long) i32(b, at + 4) << 32;
    }
}

package org.provenancelab.tensor;

/**
 * Bit-level conversions of the narrow float formats. Java 17 has no binary16 or 8-bit float
 * conversions, so these are written out from the format definitions and tested against numpy
 * values (golden file) and the OCP 8-bit float specification.
 */
public final class Decode {
    private Decode() {}

    /** Every binary16 value, indexed by its bits: decoding becomes one load. */
    static final float[] F16_TABLE = new float[1 << 16];

    static {
        for (int bits = 0; bits < F16_TABLE.length; bits++) {
            F16_TABLE[bits] = (float) f16Exact(bits);
        }
    }

    /** bfloat16: the upper half of a binary32. */
    public static float bf16(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits, bias 15). */
    public static float f16(int bits) {
        return F16_TABLE[bits & 0xffff];
    }

    private static double f16Exact(int bits) {
        return ieee(bits, 5, 10, true);
    }

    /** OCP FP8 E4M3 ("fn"): bias 7, no infinities, S.1111.111 is NaN, largest finite 448. */
    public static double f8e4m3(int bits) {
        if ((bits & 0x7f) == 0x7f) {
            return Double.NaN;
        }
        return ieee(bits, 4, 3, false);
    }

    /** OCP FP8 E5M2: IEEE-like, bias 15, with infinities and NaNs. */
    public static double f8e5m2(int bits) {
        return ieee(bits, 5, 2, true);
    }

    /** An unsigned 64-bit integer as the nearest double. */
    static double unsigned(long v) {
        // halve with the low bit kept sticky so the single rounding to double is the correct one
        return v >= 0 ? (double) v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    /**
     * A binary floating-point value with the given field widths and bias 2^(e−1) − 1.
     * {@code ieeeSpecials}: an all-ones exponent means ±Inf (mantissa 0) or NaN.
     */
    private static double ieee(int bits, int expBits, int manBits, boolean ieeeSpecials) {
        int sign = (bits >>> (expBits + manBits)) & 1;
        int exp = (bits >>> manBits) & ((1 << expBits) - 1);
        int man = bits & ((1 << manBits) - 1);
        int bias = (1 << (expBits - 1)) - 1;
        double magnitude;
        if (exp == 0) {
            magnitude = Math.scalb((double) man, 1 - bias - manBits);
        } else if (ieeeSpecials && exp == (1 << expBits) - 1) {
            magnitude = man == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) ((1 << manBits) | man), exp - bias - manBits);
        }
        return sign == 1 ? -magnitude : magnitude;
    }
}

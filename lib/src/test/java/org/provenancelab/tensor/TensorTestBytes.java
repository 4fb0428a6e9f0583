package org.provenancelab.tensor;

/** Encodes floats as bf16 bytes for tests (truncation; exact for values that are bf16 already). */
public final class TensorTestBytes {
    private TensorTestBytes() {}

    public static byte[] bf16(float... values) {
        return TensorTest.bf16(values);
    }
}

package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tensor.TensorBytes;

class ByteIdentityTest {
    static Tensor random(String name, int n, long seed) {
        byte[] b = new byte[n * 2];
        new Random(seed).nextBytes(b);
        return new Tensor(name, DType.BF16, new long[] {n}, b);
    }

    /** Counts the bytes read through it. */
    static final class Counting implements TensorBytes {
        final Tensor t;
        final AtomicLong bytes = new AtomicLong();

        Counting(Tensor t) {
            this.t = t;
        }

        public String name() { return t.name(); }
        public DType dtype() { return t.dtype(); }
        public long byteSize() { return t.byteSize(); }
        public byte[] read(long offset, int length) {
            bytes.addAndGet(length);
            return t.read(offset, length);
        }
    }

    @Test
    void unrelatedTensorsStopAfterSamplingWithoutReadingEverything() throws Exception {
        Counting a = new Counting(random("a", 1 << 20, 1)), b = new Counting(random("b", 1 << 20, 2));
        var r = ByteIdentity.compare(a, b, 7);
        assertEquals(ByteIdentity.Verdict.DIFFERENT, r.verdict());
        assertEquals(2, r.tiersRun());
        assertEquals(32, r.blocks());
        assertNull(r.sha256A());
        assertEquals(16 * 64 + 16 * 4096, a.bytes.get(), "only the sampled blocks are read");
        // about 1 in 65536 random bf16 pairs coincide
        assertTrue(r.identicalFraction() < 0.01);
    }

    @Test
    void copiesAreConfirmedByAFullHash() throws Exception {
        Tensor a = random("a", 100_000, 3);
        Tensor copy = new Tensor("copy", DType.BF16, new long[] {100_000}, a.rawBytes());
        var r = ByteIdentity.compare(a, copy, 7);
        assertEquals(ByteIdentity.Verdict.IDENTICAL, r.verdict());
        assertEquals(1, r.tiersRun());
        assertEquals(a.sha256(), r.sha256A());
        assertEquals(1.0, r.identicalFraction());
    }

    @Test
    void sharedZeroPaddingIsOnlyPartial() throws Exception {
        byte[] x = random("x", 4096, 4).rawBytes(), y = random("y", 4096, 5).rawBytes();
        java.util.Arrays.fill(x, 0, 4096, (byte) 0);
        java.util.Arrays.fill(y, 0, 4096, (byte) 0);
        var r = ByteIdentity.compare(new Tensor("x", DType.BF16, new long[] {4096}, x),
                new Tensor("y", DType.BF16, new long[] {4096}, y), List.of(new ByteIdentity.Tier(64, 64)), 11);
        assertEquals(ByteIdentity.Verdict.PARTIAL, r.verdict());
        assertTrue(r.identicalBlocks() > 0);
        assertTrue(!r.sha256A().equals(r.sha256B()));
    }

    @Test
    void differentLayoutsAreNotComparable() throws Exception {
        var r = ByteIdentity.compare(random("a", 10, 1), random("b", 12, 1), 1);
        assertEquals(ByteIdentity.Verdict.NOT_COMPARABLE, r.verdict());
    }

    @Test
    void blockOffsetsAreSeededAlignedAndDistinct() {
        long[][] p = ByteIdentity.blocks(1 << 20, 2, new ByteIdentity.Tier(16, 63), 99);
        assertEquals(16, p.length);
        for (int k = 0; k < p.length; k++) {
            assertEquals(62, p[k][1]);
            assertEquals(0, p[k][0] % 62);
            assertTrue(k == 0 || p[k][0] > p[k - 1][0]);
        }
        assertArrayEquals(p, ByteIdentity.blocks(1 << 20, 2, new ByteIdentity.Tier(16, 63), 99));
    }

    @Test
    void outlierFingerprintFindsKeptOutliers() {
        Random r = new Random(8);
        int n = 512;
        float[] base = new float[n];
        for (int i = 0; i < n; i++) {
            base[i] = 1 + 0.01f * (float) r.nextGaussian();
        }
        base[17] = 9;
        base[300] = -4;
        base[401] = 6;
        float[] other = base.clone();
        for (int i = 0; i < n; i++) {
            if (i != 17 && i != 300 && i != 401) {
                other[i] += 0.05f;
            }
        }
        Tensor a = new Tensor("a", DType.BF16, new long[] {n}, org.provenancelab.tensor.TensorTestBytes.bf16(base));
        Tensor b = new Tensor("b", DType.BF16, new long[] {n}, org.provenancelab.tensor.TensorTestBytes.bf16(other));
        int[] top = OutlierFingerprint.top(a, 3);
        assertArrayEquals(new int[] {17, 300, 401}, top); // |9 − mean| > |−4 − mean| > |6 − mean|, mean ≈ 1.016
        assertEquals(3, OutlierFingerprint.matches(a, b, top));
        assertEquals(0, OutlierFingerprint.matches(a, b, new int[] {0, 1, 2}));
        int[] rand = OutlierFingerprint.randomIndices(n, 8, 5);
        assertArrayEquals(rand, OutlierFingerprint.randomIndices(n, 8, 5));
        LayerMatrix m = OutlierFingerprint.matrix(org.provenancelab.provenance.Source.computed("A"), List.of(a, b),
                org.provenancelab.provenance.Source.computed("B"), List.of(b), 3);
        assertEquals(3.0, m.get(0, 0));
        // b holds each outlier value once among its n elements: chance gives 3/n matches in all.
        assertEquals(3.0 / n, OutlierFingerprint.chanceMatches(a, b, top), 1e-12);
    }

    @Test
    void tensorsOfOneValueAreEqualByChanceAlone() throws Exception {
        float[] ones = new float[4096];
        java.util.Arrays.fill(ones, 1f);
        Tensor a = new Tensor("a", DType.BF16, new long[] {4096}, org.provenancelab.tensor.TensorTestBytes.bf16(ones));
        Tensor b = new Tensor("b", DType.BF16, new long[] {4096}, org.provenancelab.tensor.TensorTestBytes.bf16(ones));
        var r = ByteIdentity.compare(a, b, 3);
        assertEquals(ByteIdentity.Verdict.IDENTICAL, r.verdict()); // identical bytes, yet no evidence of copying:
        assertEquals(r.sampledElements(), r.chanceElements(), 1e-9); // chance alone makes every element equal
        assertEquals(0, r.excessFraction(), 1e-12);
    }

    @Test
    void independentBfloat16TensorsShareValuesByChanceAndTheResultSaysHowMany() throws Exception {
        // Two independent draws of norm-like values near 1: bfloat16 keeps 8 bits of mantissa, so
        // many positions coincide although neither tensor came from the other.
        int n = 65_536;
        Random r = new Random(21), s = new Random(22);
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 0.02f * (float) r.nextGaussian();
            y[i] = 1 + 0.02f * (float) s.nextGaussian();
        }
        Tensor a = new Tensor("a", DType.BF16, new long[] {n}, org.provenancelab.tensor.TensorTestBytes.bf16(x));
        Tensor b = new Tensor("b", DType.BF16, new long[] {n}, org.provenancelab.tensor.TensorTestBytes.bf16(y));
        var res = ByteIdentity.compare(a, b, List.of(new ByteIdentity.Tier(64, 1024)), 7);
        assertTrue(res.identicalFraction() > 0.05, "raw share of equal elements " + res.identicalFraction());
        assertEquals(res.identicalElements(), res.chanceElements(), 4 * Math.sqrt(res.chanceElements()), res.toString());
        assertTrue(Math.abs(res.excessFraction()) < 0.02, "beyond chance " + res.excessFraction());
        // A copy of half the elements stands out beyond chance.
        float[] half = y.clone();
        System.arraycopy(x, 0, half, 0, n / 2);
        var copied = ByteIdentity.compare(a, new Tensor("h", DType.BF16, new long[] {n},
                org.provenancelab.tensor.TensorTestBytes.bf16(half)), List.of(new ByteIdentity.Tier(64, 1024)), 7);
        assertTrue(copied.excessFraction() > 0.3, "beyond chance " + copied.excessFraction());
    }
}

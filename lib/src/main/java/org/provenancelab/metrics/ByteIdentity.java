package org.provenancelab.metrics;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.provenancelab.tensor.TensorBytes;

/**
 * Are two tensors stored with the same bytes? Cheap first: seeded byte blocks at the same
 * offsets of both, tier after tier; at the first identical block, a full streaming SHA-256 of
 * both tensors decides. Unrelated trained tensors practically never share a block, but zero
 * padding can, which is why a hit is never the verdict by itself.
 */
public final class ByteIdentity {
    /** A sampling tier: how many blocks of how many bytes. */
    public record Tier(int blocks, int blockBytes) {
        public Tier {
            if (blocks < 1 || blockBytes < 1) {
                throw new IllegalArgumentException("a tier needs at least one block of one byte");
            }
        }
    }

    /** 16 blocks of 64 bytes, then 16 blocks of 4 KiB: about 66 KB per tensor when nothing matches. */
    public static final List<Tier> DEFAULT_TIERS = List.of(new Tier(16, 64), new Tier(16, 4096));

    public enum Verdict {
        /** no sampled block identical */
        DIFFERENT,
        /** some sampled blocks identical, full hashes differ */
        PARTIAL,
        /** full hashes equal */
        IDENTICAL,
        /** dtype or size differ: bytes cannot be compared */
        NOT_COMPARABLE
    }

    /**
     * @param verdict           the outcome
     * @param tiersRun          tiers sampled before the verdict
     * @param blocks            blocks compared
     * @param identicalBlocks   blocks with identical bytes
     * @param sampledElements   elements inside the compared blocks
     * @param identicalElements of those, elements with identical bytes
     * @param chanceElements    identical elements expected by chance: Σ_v p_a(v)·p_b(v) over the two
     *                          tensors' sampled value distributions, times the sampled elements (a
     *                          bfloat16 tensor shares many values with any other by chance; a float32
     *                          one almost none)
     * @param sha256A           full hash of a, if it was computed
     * @param sha256B           full hash of b, if it was computed
     * @param seed              the sampling seed
     */
    public record Result(String a, String b, Verdict verdict, int tiersRun, int blocks, int identicalBlocks,
                         long sampledElements, long identicalElements, double chanceElements, String sha256A,
                         String sha256B, long seed) {
        /** Fraction of sampled elements with identical bytes. */
        public double identicalFraction() {
            return sampledElements == 0 ? Double.NaN : (double) identicalElements / sampledElements;
        }

        /** Identical elements beyond chance, as a fraction of the sampled elements. */
        public double excessFraction() {
            return sampledElements == 0 ? Double.NaN : (identicalElements - chanceElements) / sampledElements;
        }
    }

    private ByteIdentity() {}

    public static Result compare(TensorBytes a, TensorBytes b, long seed) throws IOException {
        return compare(a, b, DEFAULT_TIERS, seed);
    }

    public static Result compare(TensorBytes a, TensorBytes b, List<Tier> tiers, long seed) throws IOException {
        if (a.dtype() != b.dtype() || a.byteSize() != b.byteSize()) {
            return new Result(a.name(), b.name(), Verdict.NOT_COMPARABLE, 0, 0, 0, 0, 0, 0, null, null, seed);
        }
        int elem = a.dtype().size();
        long size = a.byteSize();
        int blocks = 0, identicalBlocks = 0, tiersRun = 0;
        long sampled = 0, identical = 0;
        java.util.Map<Long, Integer> codesA = new java.util.HashMap<>(), codesB = new java.util.HashMap<>();
        for (int t = 0; t < tiers.size() && identicalBlocks == 0; t++) {
            tiersRun++;
            for (long[] block : blocks(size, elem, tiers.get(t), seed + t)) {
                byte[] x = a.read(block[0], (int) block[1]);
                byte[] y = b.read(block[0], (int) block[1]);
                blocks++;
                if (Arrays.equals(x, y)) {
                    identicalBlocks++;
                }
                for (int p = 0; p < x.length; p += elem) {
                    sampled++;
                    if (Arrays.equals(x, p, p + elem, y, p, p + elem)) {
                        identical++;
                    }
                    codesA.merge(code(x, p, elem), 1, Integer::sum);
                    codesB.merge(code(y, p, elem), 1, Integer::sum);
                }
            }
        }
        double chance = chanceShare(codesA, codesB, sampled, sampled) * sampled;
        if (identicalBlocks == 0) {
            return new Result(a.name(), b.name(), Verdict.DIFFERENT, tiersRun, blocks, 0, sampled, identical, chance, null, null,
                    seed);
        }
        String ha = a.sha256(), hb = b.sha256();
        return new Result(a.name(), b.name(), ha.equals(hb) ? Verdict.IDENTICAL : Verdict.PARTIAL, tiersRun, blocks,
                identicalBlocks, sampled, identical, chance, ha, hb, seed);
    }

    /** An element's bytes as one number (elements are at most 8 bytes), for counting values. */
    private static long code(byte[] x, int p, int elem) {
        long c = 0;
        for (int i = 0; i < elem; i++) {
            c = (c << 8) | (x[p + i] & 0xFF);
        }
        return c;
    }

    /** Σ_v p_a(v)·p_b(v): the share of positions two independent draws from these value distributions share. */
    public static double chanceShare(java.util.Map<Long, Integer> a, java.util.Map<Long, Integer> b, long na, long nb) {
        if (na == 0 || nb == 0) {
            return 0;
        }
        java.util.Map<Long, Integer> small = a.size() <= b.size() ? a : b, large = small == a ? b : a;
        double s = 0;
        for (var e : small.entrySet()) {
            Integer c = large.get(e.getKey());
            if (c != null) {
                s += (double) e.getValue() * c;
            }
        }
        return s / ((double) na * nb);
    }

    /**
     * Deterministic, element-aligned, distinct block offsets for a tensor of {@code size} bytes:
     * {offset, length} pairs in ascending order. A tensor smaller than the tier is one block.
     */
    static long[][] blocks(long size, int elem, Tier tier, long seed) {
        long blockBytes = Math.max(elem, tier.blockBytes() / elem * elem);
        if (size <= blockBytes * tier.blocks()) {
            return size == 0 ? new long[0][] : new long[][] {{0, size}};
        }
        long slots = size / blockBytes; // non-overlapping block positions
        MersenneTwister rng = new MersenneTwister(seed);
        java.util.TreeSet<Long> chosen = new java.util.TreeSet<>();
        while (chosen.size() < tier.blocks()) {
            chosen.add((long) (rng.nextDouble() * slots));
        }
        long[][] out = new long[chosen.size()][];
        int k = 0;
        for (long slot : chosen) {
            out[k++] = new long[] {slot * blockBytes, blockBytes};
        }
        return out;
    }
}

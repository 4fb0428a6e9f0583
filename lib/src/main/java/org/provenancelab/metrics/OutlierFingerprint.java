package org.provenancelab.metrics;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.provenancelab.tensor.Tensor;

/**
 * The most extreme coordinates of a norm vector are its most individual feature. If another
 * model holds the very same stored values (bit for bit) at the very same indices, that is hard
 * to explain without shared weights; matches at random indices give the chance level.
 */
public final class OutlierFingerprint {
    private OutlierFingerprint() {}

    /** Indices of the k elements farthest from the mean (|x − mean|), most extreme first. */
    public static int[] top(Tensor t, int k) {
        double[] v = t.doubles();
        if (k < 1 || k > v.length) {
            throw new IllegalArgumentException(t.name() + ": top-k needs 1 <= k <= " + v.length + ", got " + k);
        }
        double m = VectorMetrics.mean(v);
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        // sort by deviation, descending; ties by index so the result is deterministic
        Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(Math.abs(v[y] - m), Math.abs(v[x] - m));
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** How many of {@code indices} hold byte-identical elements in a and b. */
    public static int matches(Tensor a, Tensor b, int[] indices) {
        requireComparable(a, b);
        int size = a.dtype().size();
        var ra = a.raw();
        var rb = b.raw();
        int n = 0;
        for (int i : indices) {
            boolean same = true;
            for (int k = 0; k < size; k++) {
                same &= ra.get(i * size + k) == rb.get(i * size + k);
            }
            n += same ? 1 : 0;
        }
        return n;
    }

    /**
     * How many of {@code indices} chance alone would make byte-identical: for each index, the share
     * of b's elements that hold a's value there. Norm gains stored in bfloat16 take few distinct
     * values, so an independent model can match many coordinates by chance.
     */
    public static double chanceMatches(Tensor a, Tensor b, int[] indices) {
        requireComparable(a, b);
        int size = a.dtype().size();
        var ra = a.raw();
        var rb = b.raw();
        java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < b.numel(); i++) {
            counts.merge(code(rb, i, size), 1, Integer::sum);
        }
        double expected = 0;
        for (int i : indices) {
            expected += counts.getOrDefault(code(ra, i, size), 0) / (double) b.numel();
        }
        return expected;
    }

    private static void requireComparable(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype() || a.numel() != b.numel()) {
            throw new IllegalArgumentException("cannot match elements of " + a + " and " + b);
        }
    }

    private static long code(java.nio.ByteBuffer raw, int i, int size) {
        long c = 0;
        for (int k = 0; k < size; k++) {
            c = (c << 8) | (raw.get(i * size + k) & 0xFF);
        }
        return c;
    }

    /** k distinct random indices (seeded): the chance level for {@link #matches}. */
    public static int[] randomIndices(int length, int k, long seed) {
        MersenneTwister rng = new MersenneTwister(seed);
        int[] all = new int[length];
        for (int i = 0; i < length; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }

    /**
     * For every layer pair (i of a, j of b): how many of a's layer-i top-k outliers b's layer j
     * holds with identical bytes.
     */
    public static LayerMatrix matrix(org.provenancelab.provenance.Source modelA, List<Tensor> a,
            org.provenancelab.provenance.Source modelB, List<Tensor> b, int k) {
        double[][] v = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            int[] idx = top(a.get(i), k);
            for (int j = 0; j < b.size(); j++) {
                v[i][j] = matches(a.get(i), b.get(j), idx);
            }
        }
        return new LayerMatrix(modelA, modelB, a.get(0).name(), "identical top-" + k + " outliers", true, v);
    }
}

package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.model.ModelSource;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * How much of a big tensor is read: {@code windows} windows of {@code length} consecutive elements
 * at seeded positions, the same positions in every layer and in both models (they depend only on
 * the tensor's size and the seed), so that sampled vectors stay element-for-element comparable.
 * A tensor no larger than the sample is read whole. int8 zoo weights are dequantized.
 */
public record Sampling(int windows, int length, long seed) {
    /** 16 windows of 4,096 elements: 65,536 values (128 KiB of bf16) per tensor. */
    public static final Sampling DEFAULT = new Sampling(16, 4096, 20260101L);

    public Sampling {
        if (windows < 1 || length < 1) {
            throw new IllegalArgumentException("sampling needs at least one window of one element, got " + windows + " × " + length);
        }
    }

    public Sampling seed(long s) {
        return new Sampling(windows, length, s);
    }

    /** Elements read from a tensor of {@code numel} elements. */
    public long elements(long numel) {
        return Math.min(numel, (long) windows * length);
    }

    /** The sampled values of one tensor (all of it if it is small). */
    public double[] values(ModelSource m, String name) throws IOException {
        Tensor whole = quantized(m, name);
        if (whole != null) {
            return pick(whole.doubles(), whole.numel());
        }
        long numel = m.inventory().get(name) == null ? -1 : m.inventory().get(name).numel();
        if (numel < 0) {
            throw new IllegalArgumentException(m.id() + ": no tensor named '" + name + "'");
        }
        if (numel <= (long) windows * length) {
            return m.read(name).doubles();
        }
        List<Tensor> w = m.sampleWindows(name, windows, length, seed);
        double[] out = new double[windows * length];
        for (int k = 0; k < w.size(); k++) {
            System.arraycopy(w.get(k).doubles(), 0, out, k * length, length);
        }
        return out;
    }

    /** The same windows taken from values already in memory. */
    private double[] pick(double[] all, long numel) {
        if (numel <= (long) windows * length) {
            return all;
        }
        long[] firsts = org.provenancelab.model.Windows.place("sample", numel, windows, length, seed);
        double[] out = new double[windows * length];
        for (int k = 0; k < firsts.length; k++) {
            System.arraycopy(all, (int) firsts[k], out, k * length, length);
        }
        return out;
    }

    /** An int8 weight (integer codes stored beside {@code _scale}), dequantized; null for anything else. */
    static Tensor quantized(ModelSource m, String name) throws IOException {
        var inv = m.inventory();
        var e = inv.get(name);
        if (e != null && !e.dtype().isFloating() && inv.contains(name + "_scale")) {
            return m.dequantized(name);
        }
        return null;
    }

    /** Rows [from, to) as values (dequantized for int8 zoo weights). */
    static double[][] rows(ModelSource m, String name, long from, long to) throws IOException {
        Tensor q = quantized(m, name);
        Tensor t;
        if (q != null) {
            int rowBytes = q.rowLength() * q.dtype().size();
            long[] shape = q.shape();
            shape[0] = to - from;
            t = new Tensor(name, q.dtype(), shape, q.read(from * rowBytes, (int) ((to - from) * rowBytes)));
        } else {
            t = m.readRows(name, from, to);
        }
        double[] v = t.doubles();
        int cols = t.numel() / (int) Math.max(1, to - from);
        double[][] out = new double[(int) (to - from)][cols];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(v, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** Rows and columns of a stored matrix (vectors count as one row). */
    static long[] shape(ModelSource m, String name) throws IOException {
        var e = m.inventory().get(name);
        if (e == null) {
            throw new IllegalArgumentException(m.id() + ": no tensor named '" + name + "'");
        }
        long[] s = e.shape();
        if (s.length == 1) {
            return new long[] {1, s[0]};
        }
        if (s.length != 2) {
            throw new IllegalArgumentException(m.id() + ": " + name + " has shape " + java.util.Arrays.toString(s) + "; a matrix is needed");
        }
        return s;
    }

    static boolean floating(ModelSource m, String name) throws IOException {
        DType d = m.inventory().get(name).dtype();
        return d.isFloating() || quantized(m, name) != null;
    }

    /**
     * One family's sampled vectors in every layer, as the series the metrics take. Layers must
     * run 0 … n−1 without gaps; MTP layers are marked.
     */
    public LayerSeries series(ModelSource m, String key) throws IOException {
        Map<Integer, String> members = Families.members(m, key);
        int n = 0;
        for (int layer : members.keySet()) {
            if (layer != n++) {
                throw new IllegalArgumentException(m.id() + ": " + key + " is missing in some layers (found layers " + members.keySet() + ")");
            }
        }
        List<double[]> vectors = new ArrayList<>();
        Set<Integer> mtp = new TreeSet<>();
        try (var progress = org.provenancelab.view.Display.task("sampling " + key + " of " + m.id(), members.size(), "layers")) {
            for (var e : members.entrySet()) {
                vectors.add(values(m, e.getValue()));
                if (m.inventory().roles().of(e.getValue()).mtp()) {
                    mtp.add(e.getKey());
                }
                progress.advance(1);
            }
        }
        return Series.of(m, key, vectors, mtp, List.copyOf(members.values()));
    }

    @Override
    public String toString() {
        return windows + " windows × " + length + " elements, seed " + seed;
    }
}

package org.provenancelab.forensics;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.random.MersenneTwister;
import org.provenancelab.metrics.Assignment;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Rows that may be permuted — router rows (one per expert), feed-forward neurons — matched one to
 * one by optimal assignment on their cosine similarity. The best matching always looks better
 * than any fixed one, so the observed mean is read against a shuffle null: the same assignment
 * after B's columns are permuted (one seeded permutation for all rows per draw), which keeps
 * every row's values and destroys any coordinate-by-coordinate correspondence with A.
 */
public final class RowAlignment {
    /**
     * One layer's matching.
     *
     * @param rowsA          rows of A matched (all, or a seeded subset if A has more than the limit)
     * @param rowsB          rows of B they could match
     * @param sameIndex      mean cosine of row r of A with row r of B (NaN if B has fewer rows)
     * @param assigned       mean cosine over the optimal one-to-one matching
     * @param sameIndexShare share of A's rows matched to B's row of the same index
     * @param nullMean       mean of {@code assigned} over the null draws
     * @param null95         95th percentile of the null draws
     * @param p              (1 + #null ≥ assigned) / (1 + draws)
     */
    public record Layer(int layer, String nameA, String nameB, int rowsA, int rowsB, double sameIndex, double assigned,
                        double sameIndexShare, double nullMean, double null95, double p, int draws, int[] matchOfRow) {
        public Layer {
            matchOfRow = matchOfRow.clone();
        }

        @Override
        public int[] matchOfRow() {
            return matchOfRow.clone();
        }
    }

    /** A's rows above this are subsampled (seeded) before matching against all of B's rows. */
    public static final int MAX_ROWS = 128;

    private final String modelA;
    private final String modelB;
    private final String label;
    private final Sources sources;
    private final java.util.List<Layer> layers;

    private RowAlignment(ModelSource a, ModelSource b, String label, java.util.List<Layer> layers) {
        this(a.id(), b.id(), Sources.of(a.source(), b.source()), label, layers);
    }

    private RowAlignment(String modelA, String modelB, Sources sources, String label, java.util.List<Layer> layers) {
        this.modelA = modelA;
        this.modelB = modelB;
        this.sources = sources;
        this.label = label;
        this.layers = java.util.List.copyOf(layers);
    }

    /**
     * The same matching for two independent Gaussian matrices of a given shape: what "assigned"
     * gives when nothing is shared, with no data at all (labelled {@code computed}).
     */
    public static RowAlignment independentGaussian(int rows, int cols, int draws, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[][] x = new double[rows][cols], y = new double[rows][cols];
        for (double[][] m : java.util.List.of(x, y)) {
            for (double[] row : m) {
                for (int c = 0; c < cols; c++) {
                    row[c] = r.nextGaussian();
                }
            }
        }
        String what = "two independent Gaussian " + rows + " × " + cols + " matrices, seed " + seed;
        return new RowAlignment("gaussian A", "gaussian B", Sources.of(Source.computed(what)).record(), what,
                java.util.List.of(match(-1, "A", "B", x, y, draws, seed)));
    }

    /** The family {@code key} in both models, at the given layers (same index in both). */
    public static RowAlignment family(ModelSource a, ModelSource b, String key, int[] layers, int draws, long seed) throws IOException {
        var ma = Families.members(a, key);
        var mb = Families.members(b, key);
        java.util.List<Layer> out = new java.util.ArrayList<>();
        try (var progress = org.provenancelab.view.Display.task("row assignment " + a.id() + " vs " + b.id(), layers.length, "layers")) {
            for (int l : layers) {
                if (!ma.containsKey(l) || !mb.containsKey(l)) {
                    throw new IllegalArgumentException(key + ": layer " + l + " missing in " + (ma.containsKey(l) ? b.id() : a.id()));
                }
                out.add(layer(l, a, ma.get(l), b, mb.get(l), draws, seed + l));
                progress.advance(1);
            }
        }
        return new RowAlignment(a, b, key, out);
    }

    /** One pair of matrices (rows × columns, equal columns). */
    public static RowAlignment of(ModelSource a, String nameA, ModelSource b, String nameB, int draws, long seed) throws IOException {
        return new RowAlignment(a, b, nameA.equals(nameB) ? nameA : nameA + " / " + nameB,
                java.util.List.of(layer(-1, a, nameA, b, nameB, draws, seed)));
    }

    private static Layer layer(int layer, ModelSource a, String nameA, ModelSource b, String nameB, int draws, long seed)
            throws IOException {
        long[] sa = Sampling.shape(a, nameA), sb = Sampling.shape(b, nameB);
        if (sa[1] != sb[1]) {
            throw new IllegalArgumentException("row matching needs rows of one length: " + a.id() + " " + nameA + " has " + sa[1]
                    + " columns, " + b.id() + " " + nameB + " " + sb[1]);
        }
        double[][] x = Sampling.rows(a, nameA, 0, sa[0]);
        double[][] y = Sampling.rows(b, nameB, 0, sb[0]);
        return match(layer, nameA, nameB, x, y, draws, seed);
    }

    /** The matching and its null for two matrices in memory. */
    static Layer match(int layer, String nameA, String nameB, double[][] xAll, double[][] y, int draws, long seed) {
        if (draws < 1) {
            throw new IllegalArgumentException("the shuffle null needs at least one draw, got " + draws);
        }
        int[] picked = pick(xAll.length, seed);
        double[][] x = new double[picked.length][];
        for (int i = 0; i < picked.length; i++) {
            x[i] = unit(xAll[picked[i]]);
        }
        double[][] yu = new double[y.length][];
        for (int j = 0; j < y.length; j++) {
            yu[j] = unit(y[j]);
        }
        double[][] s = cosines(x, yu);
        Assignment as = Assignment.maximize(s);
        double assigned = as.total() / x.length;
        int[] match = new int[x.length];
        Arrays.fill(match, -1);
        int same = 0;
        int[] ar = as.rows(), ac = as.cols();
        for (int k = 0; k < ar.length; k++) {
            match[ar[k]] = ac[k];
            same += ac[k] == picked[ar[k]] ? 1 : 0;
        }
        double sameIndex = Double.NaN;
        if (y.length >= xAll.length) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += dot(x[i], yu[picked[i]]);
            }
            sameIndex = sum / x.length;
        }
        MersenneTwister rng = new MersenneTwister(seed ^ 0x5DEECE66DL);
        int cols = y[0].length;
        int[] perm = new int[cols];
        double[] nulls = new double[draws];
        double[][] shuffled = new double[y.length][cols];
        int ge = 0;
        for (int d = 0; d < draws; d++) {
            for (int c = 0; c < cols; c++) {
                perm[c] = c;
            }
            for (int c = cols - 1; c > 0; c--) {
                int k = rng.nextInt(c + 1);
                int t = perm[c];
                perm[c] = perm[k];
                perm[k] = t;
            }
            for (int j = 0; j < y.length; j++) {
                for (int c = 0; c < cols; c++) {
                    shuffled[j][c] = yu[j][perm[c]];
                }
            }
            nulls[d] = Assignment.maximize(cosines(x, shuffled)).total() / x.length;
            ge += nulls[d] >= assigned - 1e-12 ? 1 : 0;
        }
        double[] sorted = nulls.clone();
        Arrays.sort(sorted);
        double p95 = new org.apache.commons.math3.stat.descriptive.rank.Percentile()
                .withEstimationType(org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType.R_7).evaluate(sorted, 95);
        return new Layer(layer, nameA, nameB, x.length, y.length, sameIndex, assigned, (double) same / x.length,
                Arrays.stream(nulls).average().orElse(Double.NaN), p95, (1.0 + ge) / (1.0 + draws), draws, match);
    }

    /** All rows if few, else a seeded ascending subset of MAX_ROWS. */
    private static int[] pick(int rows, long seed) {
        if (rows <= MAX_ROWS) {
            int[] all = new int[rows];
            for (int i = 0; i < rows; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = org.provenancelab.metrics.OutlierFingerprint.randomIndices(rows, MAX_ROWS, seed);
        Arrays.sort(idx);
        return idx;
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = n == 0 ? 0 : v[i] / n;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Cosines of unit rows: X Yᵀ, multiplied by EJML (the null repeats this many times). */
    private static double[][] cosines(double[][] x, double[][] y) {
        org.ejml.data.DMatrixRMaj xm = new org.ejml.data.DMatrixRMaj(x), ym = new org.ejml.data.DMatrixRMaj(y);
        org.ejml.data.DMatrixRMaj s = new org.ejml.data.DMatrixRMaj(x.length, y.length);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(xm, ym, s);
        double[][] out = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(s.data, i * y.length, out[i], 0, y.length);
        }
        return out;
    }

    public java.util.List<Layer> layers() {
        return layers;
    }

    public Sources sources() {
        return sources;
    }

    /** Several matchings in one table, one row per pair and layer. */
    public static Table table(String title, RowAlignment... all) {
        Table t = all[0].table();
        for (int i = 1; i < all.length; i++) {
            t.append(all[i].table());
        }
        t.setName(title);
        return t;
    }

    /** One row per layer. */
    public Table table() {
        Table t = Table.create("Rows matched by optimal assignment (cosine), " + label + ": " + modelA + " vs " + modelB,
                StringColumn.create("pair"), StringColumn.create("layer"), IntColumn.create("rows A"), IntColumn.create("rows B"), DoubleColumn.create("same index"),
                DoubleColumn.create("assigned"), StringColumn.create("matched to same index"), DoubleColumn.create("null mean"),
                DoubleColumn.create("null 95th pct"), StringColumn.create("p (draws)"), StringColumn.create("source"));
        for (Layer l : layers) {
            t.stringColumn("pair").append(modelA + " vs " + modelB);
            t.stringColumn("layer").append(l.layer() < 0 ? "-" : String.valueOf(l.layer()));
            t.intColumn("rows A").append(l.rowsA());
            t.intColumn("rows B").append(l.rowsB());
            t.doubleColumn("same index").append(ByteScan.r3(l.sameIndex()));
            t.doubleColumn("assigned").append(ByteScan.r3(l.assigned()));
            t.stringColumn("matched to same index").append(ByteScan.percent(l.sameIndexShare()));
            t.doubleColumn("null mean").append(ByteScan.r3(l.nullMean()));
            t.doubleColumn("null 95th pct").append(ByteScan.r3(l.null95()));
            t.stringColumn("p (draws)").append(pWithDraws(l.p(), l.draws()));
            t.stringColumn("source").append(sources.label());
        }
        return t;
    }

    /**
     * A shuffle p with its number of draws; at the floor of the design, 1 / (draws + 1), written as
     * that fraction and marked "floor" (no draw reached the observed value; more draws could give a smaller p).
     */
    static String pWithDraws(double p, int draws) {
        if (Math.abs(p * (draws + 1) - 1) < 1e-9) {
            return String.format(Locale.ROOT, "1/%d, floor (%d draws)", draws + 1, draws);
        }
        return String.format(Locale.ROOT, "%.3f (%d draws)", p, draws);
    }

    @Override
    public String toString() {
        double m = layers.stream().mapToDouble(Layer::assigned).average().orElse(Double.NaN);
        double n = layers.stream().mapToDouble(Layer::nullMean).average().orElse(Double.NaN);
        return "row assignment " + label + ", " + modelA + " vs " + modelB + ": assigned cosine " + String.format(Locale.ROOT, "%.3f", m)
                + " against a shuffle null of " + String.format(Locale.ROOT, "%.3f", n) + " over " + layers.size() + " layer(s) (" + sources.label() + ")";
    }
}

package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.provenancelab.metrics.Assignment;
import org.provenancelab.metrics.Cka;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Experiment 8, AWM-style: linear CKA between weight matrices of every layer of A and every layer
 * of B, then layers matched one to one by optimal assignment on CKA. Streaming: each layer's
 * matrix is read (a seeded block of {@code rows} rows, the same rows in every layer and both
 * models), reduced to its n × n Gram matrix of column-centred rows, and dropped; only the Grams
 * are kept, so memory is layers × n², never a checkpoint. With Gram matrices K, L of the
 * centred rows, linear CKA is ⟨K, L⟩ / (‖K‖ ‖L‖) — the same number {@link Cka#linear} gives for
 * the two row blocks, whatever their widths. Rows are the stored matrices' first dimension
 * (output features), so CKA compares how those features relate to each other: it is unchanged by
 * any rotation of the input (hidden) basis, and meaningless if the rows do not correspond, which
 * is what the shuffle null measures.
 */
public final class StreamingCka {
    private final ModelSource a;
    private final ModelSource b;
    private final String label;
    private final long firstRow;
    private final int rows;
    private final double[][] cka;
    private final LayerMatrix matrix;
    private final List<double[][]> gramsB;
    private final List<double[][]> gramsA;

    private StreamingCka(ModelSource a, ModelSource b, String label, long firstRow, int rows, List<double[][]> ga, List<double[][]> gb) {
        this.a = a;
        this.b = b;
        this.label = label;
        this.firstRow = firstRow;
        this.rows = rows;
        this.gramsA = ga;
        this.gramsB = gb;
        this.cka = new double[ga.size()][gb.size()];
        for (int i = 0; i < ga.size(); i++) {
            for (int j = 0; j < gb.size(); j++) {
                cka[i][j] = cka(ga.get(i), gb.get(j));
            }
        }
        this.matrix = Series.matrix(a, b, label, "linear CKA", true, cka);
    }

    /** Same family in both models. */
    public static StreamingCka compute(ModelSource a, ModelSource b, String key, int rows, long seed) throws IOException {
        return compute(a, key, b, key, rows, seed);
    }

    /**
     * @param rows rows read per layer (a seeded contiguous block; all rows if the matrices have fewer)
     */
    public static StreamingCka compute(ModelSource a, String keyA, ModelSource b, String keyB, int rows, long seed) throws IOException {
        Map<Integer, String> ma = mainLayers(a, keyA), mb = mainLayers(b, keyB);
        long ra = Sampling.shape(a, ma.values().iterator().next())[0], rb = Sampling.shape(b, mb.values().iterator().next())[0];
        int n = (int) Math.min(rows, Math.min(ra, rb));
        if (n < 3) {
            throw new IllegalArgumentException("CKA needs at least 3 rows per layer, got " + n);
        }
        long first = (long) (new MersenneTwister(seed).nextDouble() * (Math.min(ra, rb) - n + 1));
        List<double[][]> ga = new ArrayList<>(), gb = new ArrayList<>();
        try (var progress = org.provenancelab.view.Display.task("CKA " + a.id() + " vs " + b.id(), ma.size() + mb.size(), "layers")) {
            for (String name : ma.values()) {
                ga.add(gram(Sampling.rows(a, name, first, first + n)));
                progress.advance(1);
            }
            for (String name : mb.values()) {
                gb.add(gram(Sampling.rows(b, name, first, first + n)));
                progress.advance(1);
            }
        }
        return new StreamingCka(a, b, keyA.equals(keyB) ? keyA : keyA + " / " + keyB, first, n, ga, gb);
    }

    private static Map<Integer, String> mainLayers(ModelSource m, String key) throws IOException {
        Map<Integer, String> all = Families.members(m, key);
        Map<Integer, String> out = new java.util.TreeMap<>();
        for (var e : all.entrySet()) {
            if (e.getKey() >= 0 && !m.inventory().roles().of(e.getValue()).mtp()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        int i = 0;
        for (int l : out.keySet()) {
            if (l != i++) {
                throw new IllegalArgumentException(m.id() + ": " + key + " is missing in some layers (found " + out.keySet() + ")");
            }
        }
        return out;
    }

    /** K = X_c X_cᵀ, X_c with each column centred over the rows. */
    static double[][] gram(double[][] x) {
        int n = x.length, p = x[0].length;
        double[][] c = new double[n][p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i][j];
            }
            double mean = s / n;
            for (int i = 0; i < n; i++) {
                c[i][j] = x[i][j] - mean;
            }
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int q = 0; q < p; q++) {
                    s += c[i][q] * c[j][q];
                }
                k[i][j] = s;
                k[j][i] = s;
            }
        }
        return k;
    }

    static double cka(double[][] k, double[][] l) {
        double kl = 0, kk = 0, ll = 0;
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < k.length; j++) {
                kl += k[i][j] * l[i][j];
                kk += k[i][j] * k[i][j];
                ll += l[i][j] * l[i][j];
            }
        }
        double den = Math.sqrt(kk) * Math.sqrt(ll);
        return den == 0 ? Double.NaN : kl / den;
    }

    /** CKA of every layer pair. */
    public LayerMatrix matrix() {
        return matrix;
    }

    /** The one-to-one layer matching maximising summed CKA. */
    public Assignment assignment() {
        return Cka.assign(matrix);
    }

    /** Mean CKA at the expected partner (expected[i] = layer of B for layer i of A, −1 none). */
    public double meanAt(int[] expected) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < expected.length && i < cka.length; i++) {
            if (expected[i] >= 0) {
                s += cka[i][expected[i]];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * Row-shuffle null for the mean CKA at the expected partners: B's sampled rows relabelled by a
     * seeded permutation (the same for every layer of a draw), which breaks row correspondence
     * and keeps everything else. Returns {mean of the null, 95th percentile, p}.
     */
    public double[] rowShuffleNull(int[] expected, int draws, long seed) {
        double observed = meanAt(expected);
        MersenneTwister rng = new MersenneTwister(seed);
        int n = rows;
        int[] perm = new int[n];
        double[] nulls = new double[draws];
        int ge = 0;
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            double s = 0;
            int c = 0;
            for (int i = 0; i < expected.length && i < gramsA.size(); i++) {
                if (expected[i] < 0) {
                    continue;
                }
                double[][] k = gramsA.get(i), l = gramsB.get(expected[i]);
                double kl = 0, kk = 0, ll = 0;
                for (int r = 0; r < n; r++) {
                    for (int q = 0; q < n; q++) {
                        double lv = l[perm[r]][perm[q]];
                        kl += k[r][q] * lv;
                        kk += k[r][q] * k[r][q];
                        ll += lv * lv;
                    }
                }
                s += kl / (Math.sqrt(kk) * Math.sqrt(ll));
                c++;
            }
            nulls[d] = s / c;
            ge += nulls[d] >= observed - 1e-12 ? 1 : 0;
        }
        double[] sorted = nulls.clone();
        java.util.Arrays.sort(sorted);
        double p95 = new org.apache.commons.math3.stat.descriptive.rank.Percentile()
                .withEstimationType(org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType.R_7).evaluate(sorted, 95);
        return new double[] {java.util.Arrays.stream(nulls).average().orElse(Double.NaN), p95, (1.0 + ge) / (1.0 + draws)};
    }

    /** Identity partners for every layer of A that B has. */
    public int[] identity() {
        int[] e = new int[cka.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = i < cka[0].length ? i : -1;
        }
        return e;
    }

    public Sources sources() {
        return Sources.of(a.source(), b.source());
    }

    public int layersA() {
        return cka.length;
    }

    public int layersB() {
        return cka[0].length;
    }

    /** Rows read per layer, from {@link #firstRow()}. */
    public int rows() {
        return rows;
    }

    public long firstRow() {
        return firstRow;
    }

    /**
     * How a CKA matrix is read for one pair: which layer of B each layer of A should pair with if
     * the relation is what it is said to be (identity for a fine-tune, every second layer for a
     * child that kept every second block), under the name shown.
     */
    public record Reading(String relation, StreamingCka cka, String mapping, int[] expected) {
        public Reading {
            expected = expected.clone();
        }

        @Override
        public int[] expected() {
            return expected.clone();
        }
    }

    /**
     * One row per reading: mean CKA at the expected partners beside its row-shuffle null, and how
     * many layers the optimal assignment gives the expected partner.
     */
    public static Table summary(String title, List<Reading> readings, int draws, long seed) {
        Table t = Table.create(title, StringColumn.create("pair"), StringColumn.create("relation"), StringColumn.create("expected partners"),
                IntColumn.create("rows per layer"), DoubleColumn.create("CKA at expected"), DoubleColumn.create("null mean"),
                DoubleColumn.create("null 95th pct"), StringColumn.create("p (draws)"), StringColumn.create("assignment agrees"),
                StringColumn.create("source"));
        for (Reading r : readings) {
            StreamingCka c = r.cka();
            int[] e = r.expected();
            double[] nul = c.rowShuffleNull(e, draws, seed);
            int[] match = c.assignment().columnOfRow(c.layersA());
            int agree = 0, n = 0;
            for (int i = 0; i < e.length && i < match.length; i++) {
                if (e[i] >= 0) {
                    n++;
                    agree += match[i] == e[i] ? 1 : 0;
                }
            }
            t.stringColumn("pair").append(c.a.id() + " vs " + c.b.id());
            t.stringColumn("relation").append(r.relation());
            t.stringColumn("expected partners").append(r.mapping());
            t.intColumn("rows per layer").append(c.rows);
            t.doubleColumn("CKA at expected").append(ByteScan.r3(c.meanAt(e)));
            t.doubleColumn("null mean").append(ByteScan.r3(nul[0]));
            t.doubleColumn("null 95th pct").append(ByteScan.r3(nul[1]));
            t.stringColumn("p (draws)").append(RowAlignment.pWithDraws(nul[2], draws));
            t.stringColumn("assignment agrees").append(agree + " of " + n + " layers");
            t.stringColumn("source").append(c.sources().label());
        }
        return t;
    }

    /** Partners i → first + k·i for the layers of A whose partner B has. */
    public int[] everyKth(int k, int first) {
        int[] e = new int[cka.length];
        for (int i = 0; i < e.length; i++) {
            int j = first + k * i;
            e[i] = j < cka[0].length ? j : -1;
        }
        return e;
    }

    /** Per layer of A: the assigned layer of B and its CKA, CKA at the same index, best CKA elsewhere. */
    public Table table() {
        int[] match = assignment().columnOfRow(cka.length);
        Table t = Table.create("Linear CKA of " + label + " (rows " + firstRow + "–" + (firstRow + rows - 1) + "), layers matched by assignment: "
                        + a.id() + " vs " + b.id(), IntColumn.create("layer A"), StringColumn.create("assigned layer B"),
                DoubleColumn.create("CKA assigned"), DoubleColumn.create("CKA same index"), DoubleColumn.create("max CKA, other layers"),
                StringColumn.create("source"));
        for (int i = 0; i < cka.length; i++) {
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cka[i].length; j++) {
                if (j != i) {
                    other = Math.max(other, cka[i][j]);
                }
            }
            t.intColumn("layer A").append(i);
            t.stringColumn("assigned layer B").append(match[i] < 0 ? "-" : String.valueOf(match[i]));
            t.doubleColumn("CKA assigned").append(ByteScan.r3(match[i] < 0 ? Double.NaN : cka[i][match[i]]));
            t.doubleColumn("CKA same index").append(ByteScan.r3(i < cka[i].length ? cka[i][i] : Double.NaN));
            t.doubleColumn("max CKA, other layers").append(ByteScan.r3(other == Double.NEGATIVE_INFINITY ? Double.NaN : other));
            t.stringColumn("source").append(sources().label());
        }
        return t;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "linear CKA of %s, %s (%d layers) vs %s (%d layers), %d rows per layer: mean at the same index %.3f (%s)",
                label, a.id(), cka.length, b.id(), cka[0].length, rows, meanAt(identity()), sources().label());
    }
}

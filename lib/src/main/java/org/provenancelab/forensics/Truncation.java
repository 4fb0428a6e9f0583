package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.random.MersenneTwister;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The truncation test of experiment 5: is the smaller of two matrices (Solar's q_proj, 8192 × 4096)
 * a prefix or a slice of the larger (GLM's, 12288 × 4096) — rows {@code [dr, dr + R)} and columns
 * {@code [dc, dc + C)} for some offsets? A seeded block of the small matrix's rows is read, and
 * the rows it would be at every candidate offset (steps of a head dimension, say) of the big one;
 * each offset gets the mean Pearson correlation over those rows and the share of exactly equal
 * values. A real slice stands out at one offset; for unrelated matrices every offset looks alike,
 * so the other offsets are the test's own null.
 */
public final class Truncation {
    /** A matrix read by rows: a tensor of a model, or values in memory. */
    public interface Matrix {
        String label();

        /** Where its values come from. */
        Source source();

        long rows();

        long cols();

        /** Rows [from, to), all columns. */
        double[][] read(long from, long to) throws IOException;

        static Matrix of(ModelSource m, String tensor) throws IOException {
            long[] s = Sampling.shape(m, tensor);
            Source src = m.source();
            return new Matrix() {
                public String label() {
                    return m.id() + " " + tensor;
                }

                public Source source() {
                    return src;
                }

                public long rows() {
                    return s[0];
                }

                public long cols() {
                    return s[1];
                }

                public double[][] read(long from, long to) throws IOException {
                    return Sampling.rows(m, tensor, from, to);
                }
            };
        }

        /**
         * Rows [r0, r1) and columns [c0, c1) of this matrix, as a new matrix in memory: a slice
         * whose placement is known, for the test to find.
         */
        default Matrix slice(int r0, int r1, int c0, int c1) throws IOException {
            double[][] rows = read(r0, r1);
            double[][] cut = new double[r1 - r0][];
            for (int i = 0; i < cut.length; i++) {
                cut[i] = java.util.Arrays.copyOfRange(rows[i], c0, c1);
            }
            return of("rows " + r0 + "–" + (r1 - 1) + ", columns " + c0 + "–" + (c1 - 1) + " of " + label() + " (cut by the lab)", source(), cut);
        }

        /** Values in memory (a slice the reader made, a control). */
        static Matrix of(String label, Source source, double[][] values) {
            double[][] v = values.clone();
            return new Matrix() {
                public String label() {
                    return label;
                }

                public Source source() {
                    return source;
                }

                public long rows() {
                    return v.length;
                }

                public long cols() {
                    return v[0].length;
                }

                public double[][] read(long from, long to) {
                    double[][] out = new double[(int) (to - from)][];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = v[(int) from + i].clone();
                    }
                    return out;
                }
            };
        }
    }

    /** One candidate placement of the small matrix inside the big one. */
    public record Offset(long rowOffset, long colOffset, double pearson, double equalShare) {
        public boolean prefix() {
            return rowOffset == 0 && colOffset == 0;
        }
    }

    private final Matrix small;
    private final Matrix big;
    private final long firstRow;
    private final int sampledRows;
    private final List<Offset> offsets;

    private Truncation(Matrix small, Matrix big, long firstRow, int sampledRows, List<Offset> offsets) {
        this.small = small;
        this.big = big;
        this.firstRow = firstRow;
        this.sampledRows = sampledRows;
        this.offsets = List.copyOf(offsets);
    }

    /**
     * @param rowStep    row offsets tried: 0, rowStep, 2·rowStep, … (a head dimension keeps heads whole)
     * @param colStep    column offsets tried likewise
     * @param sampleRows rows of the small matrix read (a seeded contiguous block)
     */
    public static Truncation test(Matrix x, Matrix y, int rowStep, int colStep, int sampleRows, long seed) throws IOException {
        Matrix small, big;
        if (x.rows() <= y.rows() && x.cols() <= y.cols()) {
            small = x;
            big = y;
        } else if (y.rows() <= x.rows() && y.cols() <= x.cols()) {
            small = y;
            big = x;
        } else {
            throw new IllegalArgumentException("neither matrix fits inside the other: " + x.label() + " is " + x.rows() + " × " + x.cols()
                    + ", " + y.label() + " is " + y.rows() + " × " + y.cols());
        }
        if (rowStep < 1 || colStep < 1 || sampleRows < 1) {
            throw new IllegalArgumentException("steps and sampled rows must be >= 1");
        }
        int n = (int) Math.min(sampleRows, small.rows());
        long r0 = (long) (new MersenneTwister(seed).nextDouble() * (small.rows() - n + 1));
        double[][] s = small.read(r0, r0 + n);
        int c = (int) small.cols();
        List<Offset> out = new ArrayList<>();
        long steps = (big.rows() - small.rows()) / rowStep + 1;
        try (var progress = org.provenancelab.view.Display.task("truncation test " + small.label() + " in " + big.label(), steps, "row offsets")) {
        for (long dr = 0; dr <= big.rows() - small.rows(); dr += rowStep) {
            progress.advance(1);
            double[][] b = big.read(r0 + dr, r0 + dr + n);
            for (long dc = 0; dc <= big.cols() - small.cols(); dc += colStep) {
                double sum = 0;
                long equal = 0;
                double[] seg = new double[c];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(b[i], (int) dc, seg, 0, c);
                    sum += VectorMetrics.pearson(s[i], seg);
                    for (int k = 0; k < c; k++) {
                        equal += s[i][k] == seg[k] ? 1 : 0;
                    }
                }
                out.add(new Offset(dr, dc, sum / n, (double) equal / ((long) n * c)));
            }
        }
        }
        return new Truncation(small, big, r0, n, out);
    }

    public List<Offset> offsets() {
        return offsets;
    }

    /** The offset with the highest mean Pearson. */
    public Offset best() {
        return offsets.stream().max(Comparator.comparingDouble(Offset::pearson)).orElseThrow();
    }

    /** The prefix placement (0, 0). */
    public Offset prefix() {
        return offsets.get(0);
    }

    /** Mean and standard deviation of the Pearson values at every offset but the best. */
    public double[] others() {
        Offset b = best();
        double[] v = offsets.stream().filter(o -> o != b).mapToDouble(Offset::pearson).toArray();
        return v.length == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {VectorMetrics.mean(v), VectorMetrics.std(v)};
    }

    public Sources sources() {
        return Sources.of(small.source(), big.source());
    }

    /** The best offsets (up to {@code top}), and the prefix if it is not among them. */
    public Table table(int top) {
        Table t = Table.create("Is " + small.label() + " (" + small.rows() + " × " + small.cols() + ") a slice of " + big.label() + " ("
                        + big.rows() + " × " + big.cols() + ")? rows " + firstRow + "–" + (firstRow + sampledRows - 1) + " read",
                StringColumn.create("placement"), LongColumn.create("row offset"), LongColumn.create("column offset"),
                DoubleColumn.create("mean Pearson"), StringColumn.create("equal values"), StringColumn.create("source"));
        List<Offset> sorted = new ArrayList<>(offsets);
        sorted.sort(Comparator.comparingDouble(Offset::pearson).reversed());
        List<Offset> shown = new ArrayList<>(sorted.subList(0, Math.min(top, sorted.size())));
        if (!shown.contains(prefix())) {
            shown.add(prefix());
        }
        for (Offset o : shown) {
            t.stringColumn("placement").append((o.prefix() ? "prefix" : "slice") + (o == best() ? " (best)" : ""));
            t.longColumn("row offset").append(o.rowOffset());
            t.longColumn("column offset").append(o.colOffset());
            t.doubleColumn("mean Pearson").append(ByteScan.r3(o.pearson()));
            t.stringColumn("equal values").append(ByteScan.percent(o.equalShare()));
            t.stringColumn("source").append(sources().label());
        }
        return t;
    }

    @Override
    public String toString() {
        Offset b = best();
        double[] o = others();
        return String.format(Locale.ROOT, "truncation %s in %s: best offset (%d, %d), Pearson %.3f, equal %s; other %d offsets %.3f ± %.3f (%s)",
                small.label(), big.label(), b.rowOffset(), b.colOffset(), b.pearson(), ByteScan.percent(b.equalShare()),
                offsets.size() - 1, o[0], o[1], sources().label());
    }
}

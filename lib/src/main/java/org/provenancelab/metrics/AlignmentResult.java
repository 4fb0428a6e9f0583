package org.provenancelab.metrics;

import java.util.Locale;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * "Does layer i of A pair with the expected layer of B beyond chance?", answered from one layer
 * matrix: the best column of each row (argmax), its value (peak) and its lead over the runner-up
 * (margin); the alignment rate and expected margin against a named {@link Mapping}, with a seeded
 * shuffle null (columns relabelled at random) giving p-values; the optimal one-to-one assignment;
 * and a monotone alignment (DTW). Margins are in alikeness units (differences negated), so larger
 * always means a clearer choice.
 */
public final class AlignmentResult {
    public static final int DEFAULT_PERMUTATIONS = 9_999;

    private final LayerMatrix matrix;
    private final Mapping mapping;
    private final int[] argmax;
    private final double[] peaks;
    private final double[] margins;
    private final int[] expected;
    private final Alignment.ShuffleNull shuffle;
    private final int[] assigned;
    private final Alignment.Dtw dtw;

    private AlignmentResult(LayerMatrix matrix, Mapping mapping, int permutations, long seed) {
        this.matrix = matrix;
        this.mapping = Mapping.checked(mapping);
        double[][] score = matrix.alikeness();
        this.argmax = Alignment.argmax(score);
        this.peaks = new double[argmax.length];
        for (int i = 0; i < argmax.length; i++) {
            peaks[i] = matrix.get(i, argmax[i]);
        }
        this.margins = Alignment.margins(score);
        this.expected = mapping.expected(matrix);
        this.shuffle = Alignment.shuffleNull(score, expected, permutations, seed);
        this.assigned = matrix.assignment().columnOfRow(matrix.rows());
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : score) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double[][] cost = new double[score.length][];
        for (int i = 0; i < score.length; i++) {
            cost[i] = new double[score[i].length];
            for (int j = 0; j < cost[i].length; j++) {
                cost[i][j] = max - score[i][j];
            }
        }
        this.dtw = Alignment.dtw(cost);
    }

    static AlignmentResult of(LayerMatrix m, Mapping mapping, int permutations, long seed) {
        return new AlignmentResult(m, mapping, permutations, seed);
    }

    public LayerMatrix matrix() {
        return matrix;
    }

    public Sources sources() {
        return matrix.sources();
    }

    public Mapping mapping() {
        return mapping;
    }

    /** The best column of each row. */
    public int[] argmax() {
        return argmax.clone();
    }

    /** The matrix value at each row's best column. */
    public double[] peaks() {
        return peaks.clone();
    }

    /** Best minus second-best alikeness of each row. */
    public double[] margins() {
        return margins.clone();
    }

    /** The mapping's expected column of each row (−1: none). */
    public int[] expected() {
        return expected.clone();
    }

    /** Share of rows with an expected column whose argmax is that column. */
    public double rate() {
        return shuffle.rate();
    }

    /** Rows with an expected column. */
    public int rowsWithExpectation() {
        int n = 0;
        for (int e : expected) {
            if (e >= 0) {
                n++;
            }
        }
        return n;
    }

    /** Rows whose argmax is the expected column. */
    public int hits() {
        int n = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 0 && argmax[i] == expected[i]) {
                n++;
            }
        }
        return n;
    }

    /** Mean of alikeness(expected) minus the best other alikeness of the row. */
    public double expectedMargin() {
        return shuffle.margin();
    }

    /** p of the rate under the shuffle null: (1 + #null ≥ observed) / (1 + permutations). */
    public double rateP() {
        return shuffle.rateP();
    }

    public double marginP() {
        return shuffle.marginP();
    }

    public int permutations() {
        return shuffle.permutations();
    }

    public long seed() {
        return shuffle.seed();
    }

    /** The smallest p the null's size allows: 1 / (1 + permutations). */
    public double smallestP() {
        return 1.0 / (1.0 + shuffle.permutations());
    }

    /** The column the optimal one-to-one assignment gives each row (−1 if none: more rows than columns). */
    public int[] assignment() {
        return assigned.clone();
    }

    /** Rows where the optimal assignment agrees with the mapping. */
    public int assignmentAgrees() {
        int n = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 0 && assigned[i] == expected[i]) {
                n++;
            }
        }
        return n;
    }

    public Alignment.Dtw dtw() {
        return dtw;
    }

    /** One row per row layer: argmax, peak, margin, expected, hit, assigned, source. */
    public Table table() {
        Table t = Table.create("Alignment of " + matrix.name() + " against " + mapping.name(),
                IntColumn.create("layer " + matrix.rowModel()), IntColumn.create("best layer " + matrix.colModel()),
                DoubleColumn.create("peak " + matrix.measure()), DoubleColumn.create("margin"),
                StringColumn.create("expected"), StringColumn.create("best = expected"), StringColumn.create("assigned"));
        for (int i = 0; i < argmax.length; i++) {
            t.intColumn(0).append(i);
            t.intColumn(1).append(argmax[i]);
            t.doubleColumn(2).append(peaks[i]);
            t.doubleColumn(3).append(margins[i]);
            t.stringColumn(4).append(expected[i] < 0 ? "—" : Integer.toString(expected[i]));
            t.stringColumn(5).append(expected[i] < 0 ? "—" : argmax[i] == expected[i] ? "yes" : "no");
            t.stringColumn(6).append(assigned[i] < 0 ? "—" : Integer.toString(assigned[i]));
        }
        return sources().withSourceColumn(t);
    }

    /** One row: mapping, hits, rate, p, expected margin, p, permutations and seed, assignment agreement, DTW repeats. */
    public Table summary() {
        Table t = Table.create("Alignment summary of " + matrix.name(), StringColumn.create("mapping"),
                StringColumn.create("best = expected"), DoubleColumn.create("rate"), DoubleColumn.create("rate p"),
                DoubleColumn.create("expected margin"), DoubleColumn.create("margin p"), StringColumn.create("null"),
                StringColumn.create("assignment = expected"), StringColumn.create("DTW repeated rows / cols"));
        t.stringColumn(0).append(mapping.name());
        t.stringColumn(1).append(hits() + " / " + rowsWithExpectation());
        t.doubleColumn(2).append(rate());
        t.doubleColumn(3).append(rateP());
        t.doubleColumn(4).append(expectedMargin());
        t.doubleColumn(5).append(marginP());
        t.stringColumn(6).append(String.format(Locale.ROOT, "%,d column shuffles, seed %d (smallest p %.5f)",
                permutations(), seed(), smallestP()));
        t.stringColumn(7).append(assignmentAgrees() + " / " + rowsWithExpectation());
        t.stringColumn(8).append(dtw.repeatedRows() + " / " + dtw.repeatedCols());
        return sources().withSourceColumn(t);
    }

    /**
     * Several alignments' summaries in one table, each row led by a {@code matrix} column naming
     * the measure and the two models ("pearson: a × b").
     */
    public static Table summaries(String title, AlignmentResult... results) {
        if (results.length == 0) {
            throw new IllegalArgumentException("summaries('" + title + "') needs at least one alignment");
        }
        Table all = null;
        for (AlignmentResult r : results) {
            Table s = r.summary();
            LayerMatrix m = r.matrix();
            s.insertColumn(0, StringColumn.create("matrix", java.util.List.of(m.measure() + ": " + m.rowModel() + " × " + m.colModel())));
            all = all == null ? s : all.append(s);
        }
        return all.setName(title);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "alignment of %s against %s (%s): best = expected in %d of %d rows (rate %.3f, p %.4f), "
                        + "expected margin %.3f (p %.4f), %,d shuffles; assignment agrees in %d",
                matrix.name(), mapping.name(), sources().label(), hits(), rowsWithExpectation(), rate(), rateP(),
                expectedMargin(), marginP(), permutations(), assignmentAgrees());
    }
}

package org.provenancelab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A measure over every pair (row layer, column layer): within one model or across two. Rows are
 * the first model's layers, columns the second's. It carries both models' sources and the tensor
 * labels it compares.
 */
public final class LayerMatrix {
    private final Source rowSource;
    private final Source colSource;
    private final String rowLabel;
    private final String colLabel;
    private final String measure;
    private final boolean similarity;
    private final double[][] values;
    private final Set<Integer> rowMtp;
    private final Set<Integer> colMtp;

    /**
     * A matrix of values computed elsewhere (e.g. copied from a published file, whose source is
     * then the {@code published} one).
     */
    public LayerMatrix(Source rowSource, Source colSource, String label, String measure, boolean similarity, double[][] values) {
        this(rowSource, colSource, label, label, measure, similarity, values, Set.of(), Set.of());
    }

    private LayerMatrix(Source rowSource, Source colSource, String rowLabel, String colLabel, String measure, boolean similarity,
                        double[][] values, Set<Integer> rowMtp, Set<Integer> colMtp) {
        this.rowSource = Objects.requireNonNull(rowSource, "rowSource");
        this.colSource = Objects.requireNonNull(colSource, "colSource");
        this.rowLabel = Objects.requireNonNull(rowLabel, "rowLabel");
        this.colLabel = Objects.requireNonNull(colLabel, "colLabel");
        this.measure = Objects.requireNonNull(measure, "measure");
        this.similarity = similarity;
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException(measure + " matrix " + rowModel() + " × " + colModel() + " is empty");
        }
        this.values = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != values[0].length) {
                throw new IllegalArgumentException(measure + " matrix: row " + i + " has " + values[i].length
                        + " columns, row 0 has " + values[0].length);
            }
            this.values[i] = values[i].clone();
        }
        this.rowMtp = Set.copyOf(rowMtp);
        this.colMtp = Set.copyOf(colMtp);
    }

    /** Every ordered pair of layers of one series. */
    public static LayerMatrix within(LayerSeries s, Metric metric) {
        return across(s, s, metric);
    }

    /** Every pair (layer i of a, layer j of b). Fails before any work if the widths differ. */
    public static LayerMatrix across(LayerSeries a, LayerSeries b, Metric metric) {
        checkWidths(a, b);
        double[][] v = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                v[i][j] = metric.apply(a.layerUnsafe(i), b.layerUnsafe(j));
            }
        }
        a.sources().record();
        b.sources().record();
        return new LayerMatrix(a.source(), b.source(), a.label(), b.label(), metric.key(), metric.similarity(), v,
                a.mtpLayers(), b.mtpLayers());
    }

    /** Every layer of both series must have one width; the error names models, layers and tensors. */
    static void checkWidths(LayerSeries a, LayerSeries b) {
        int w = a.width(0);
        for (LayerSeries s : List.of(a, b)) {
            for (int i = 0; i < s.size(); i++) {
                if (s.width(i) != w) {
                    throw new IllegalArgumentException("width mismatch: " + s.source().label() + " layer " + i + " (" + s.tensor(i)
                            + ") has " + s.width(i) + " values, but " + a.source().label() + " layer 0 (" + a.tensor(0) + ") has " + w
                            + "; these metrics compare vectors of one width (pick models of the same hidden size)");
                }
            }
        }
    }

    public Source rowSource() {
        return rowSource;
    }

    public Source colSource() {
        return colSource;
    }

    public Sources sources() {
        return Sources.of(rowSource, colSource);
    }

    public String rowModel() {
        return rowSource.subject();
    }

    public String colModel() {
        return colSource.subject();
    }

    /** The metric's key (e.g. {@code pearson}). */
    public String measure() {
        return measure;
    }

    /** What is compared, e.g. {@code model.layers.{i}.input_layernorm.weight} (both labels if they differ). */
    public String label() {
        return rowLabel.equals(colLabel) ? rowLabel : rowLabel + " × " + colLabel;
    }

    /** True if larger values mean more alike. */
    public boolean similarity() {
        return similarity;
    }

    public boolean isWithin() {
        return rowSource.equals(colSource) && rowLabel.equals(colLabel);
    }

    public int rows() {
        return values.length;
    }

    public int cols() {
        return values[0].length;
    }

    public double get(int row, int col) {
        return values[row][col];
    }

    public boolean isRowMtp(int row) {
        return rowMtp.contains(row);
    }

    public boolean isColMtp(int col) {
        return colMtp.contains(col);
    }

    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    /** The values turned so that larger is always more alike (differences negated). */
    public double[][] alikeness() {
        double[][] a = values();
        if (!similarity) {
            for (double[] row : a) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = -row[j];
                }
            }
        }
        return a;
    }

    /** The name tables and figures of this matrix carry. */
    public String name() {
        return measure + " of " + label() + ", layer × layer: " + rowModel() + (isWithin() ? " (within)" : " × " + colModel());
    }

    /** The values at the same layer index, i = 0 … min(rows, cols) − 1. */
    public LayerValues diagonal() {
        int n = Math.min(rows(), cols());
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = values[i][i];
        }
        return new LayerValues(measure + " at the same layer index: " + rowModel() + (isWithin() ? "" : " × " + colModel()),
                measure, sources(), d);
    }

    /**
     * Every value at different layer indices (i ≠ j); within one model each unordered pair once
     * (i &lt; j), since the matrix is symmetric there.
     */
    public Summary offDiagonal() {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < rows(); i++) {
            for (int j = isWithin() ? i + 1 : 0; j < cols(); j++) {
                if (i != j) {
                    v.add(values[i][j]);
                }
            }
        }
        return new Summary(measure + " at different layer indices: " + rowModel() + (isWithin() ? "" : " × " + colModel()),
                sources(), v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The optimal one-to-one assignment of row layers to column layers (largest summed alikeness). */
    public Assignment assignment() {
        return Assignment.maximize(alikeness());
    }

    /** Alignment read against the identity mapping, with a seeded shuffle null of 9,999 permutations (seed 0). */
    public AlignmentResult alignment() {
        return alignment(Mapping.identity());
    }

    public AlignmentResult alignment(Mapping mapping) {
        return alignment(mapping, AlignmentResult.DEFAULT_PERMUTATIONS, 0L);
    }

    public AlignmentResult alignment(Mapping mapping, int permutations, long seed) {
        return AlignmentResult.of(this, mapping, permutations, seed);
    }

    /** The matrix as a table: one row per row layer, one column per column layer, and the source. */
    public Table table() {
        Table t = Table.create(name());
        t.addColumns(StringColumn.create("layer"));
        for (int j = 0; j < cols(); j++) {
            t.addColumns(DoubleColumn.create(String.valueOf(j) + (colMtp.contains(j) ? " (MTP)" : "")));
        }
        for (int i = 0; i < rows(); i++) {
            t.stringColumn(0).append(i + (rowMtp.contains(i) ? " (MTP)" : ""));
            for (int j = 0; j < cols(); j++) {
                t.doubleColumn(j + 1).append(values[i][j]);
            }
        }
        return sources().withSourceColumn(t);
    }

    /** One row per pair: layer of each side, value, source. */
    public Table pairs() {
        IntColumn r = IntColumn.create("layer " + rowModel());
        IntColumn c = IntColumn.create("layer " + colModel() + (rowModel().equals(colModel()) ? " (2)" : ""));
        DoubleColumn v = DoubleColumn.create(measure);
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                r.append(i);
                c.append(j);
                v.append(values[i][j]);
            }
        }
        return sources().withSourceColumn(Table.create(name() + ", one row per pair", r, c, v));
    }

    @Override
    public String toString() {
        return name() + " (" + sources().label() + "): " + rows() + " × " + cols();
    }
}

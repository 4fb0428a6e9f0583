package org.provenancelab.metrics;

import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A measure over every pair (row layer, column layer): within one model or across two.
 * Rows are the first model's layers, columns the second's.
 */
public final class LayerMatrix {
    private final String rowModel;
    private final String colModel;
    private final String measure;
    private final boolean similarity;
    private final double[][] values;

    public LayerMatrix(String rowModel, String colModel, String measure, boolean similarity, double[][] values) {
        this.rowModel = Objects.requireNonNull(rowModel, "rowModel");
        this.colModel = Objects.requireNonNull(colModel, "colModel");
        this.measure = Objects.requireNonNull(measure, "measure");
        this.similarity = similarity;
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException(measure + " matrix " + rowModel + " × " + colModel + " is empty");
        }
        this.values = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != values[0].length) {
                throw new IllegalArgumentException(measure + " matrix: row " + i + " has " + values[i].length
                        + " columns, row 0 has " + values[0].length);
            }
            this.values[i] = values[i].clone();
        }
    }

    /** Every ordered pair of layers of one series. */
    public static LayerMatrix within(LayerSeries s, Metric metric) {
        return across(s, s, metric);
    }

    /** Every pair (layer i of a, layer j of b). */
    public static LayerMatrix across(LayerSeries a, LayerSeries b, Metric metric) {
        double[][] v = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                v[i][j] = metric.apply(a.layerUnsafe(i), b.layerUnsafe(j));
            }
        }
        return new LayerMatrix(a.model(), b.model(), metric.key() + " of " + a.role(), metric.similarity(), v);
    }

    public String rowModel() {
        return rowModel;
    }

    public String colModel() {
        return colModel;
    }

    public String measure() {
        return measure;
    }

    /** True if larger values mean more alike. */
    public boolean similarity() {
        return similarity;
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

    /** One row per pair: {@code layer_<rowModel>}, {@code layer_<colModel>}, value. */
    public Table toTable() {
        IntColumn r = IntColumn.create("layer " + rowModel);
        IntColumn c = IntColumn.create("layer " + colModel + (rowModel.equals(colModel) ? " (2)" : ""));
        DoubleColumn v = DoubleColumn.create(measure);
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                r.append(i);
                c.append(j);
                v.append(values[i][j]);
            }
        }
        return Table.create(measure + ": " + rowModel + " × " + colModel, r, c, v);
    }

    /** The matrix as a table: one row per row layer, one column per column layer. */
    public Table toWideTable() {
        Table t = Table.create(measure + ": " + rowModel + " × " + colModel);
        t.addColumns(StringColumn.create(rowModel + " \\ " + colModel));
        for (int j = 0; j < cols(); j++) {
            t.addColumns(DoubleColumn.create(String.valueOf(j)));
        }
        for (int i = 0; i < rows(); i++) {
            t.stringColumn(0).append(String.valueOf(i));
            for (int j = 0; j < cols(); j++) {
                t.doubleColumn(j + 1).append(values[i][j]);
            }
        }
        return t;
    }
}

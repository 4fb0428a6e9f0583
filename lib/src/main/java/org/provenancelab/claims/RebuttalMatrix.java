package org.provenancelab.claims;

import java.util.List;
import java.util.Objects;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One of the rebuttal's published 3 × 3 matrices: either one model's layers 10, 20 and 30 against
 * each other (within), or Solar, GLM and Phi-3.5-MoE against each other at one layer index (across).
 *
 * @param metric what the matrix holds
 * @param tensor the tensor family ({@code input_layernorm}, {@code post_attention_layernorm}, …)
 * @param what   what the rows and columns are, e.g. "within solar, layers 10/20/30"
 * @param labels row (= column) labels
 * @param values the matrix, square, one row per label
 * @param file   the published file it was read from, relative to the rebuttal folder
 * @param source where the numbers come from
 */
public record RebuttalMatrix(Metric metric, String tensor, String what, List<String> labels, double[][] values, String file,
                             Source source) {
    public RebuttalMatrix {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(source, "source");
        labels = List.copyOf(labels);
        if (values.length != labels.size()) {
            throw new IllegalArgumentException(file + " (" + tensor + "): " + values.length + " rows for " + labels.size() + " labels");
        }
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != labels.size()) {
                throw new IllegalArgumentException(file + " (" + tensor + "): row " + i + " has " + values[i].length
                        + " values, expected " + labels.size());
            }
            copy[i] = values[i].clone();
        }
        values = copy;
    }

    public boolean within() {
        return what.startsWith("within");
    }

    public double get(int row, int col) {
        return values[row][col];
    }

    /** The matrix as given (a copy). */
    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    /** The mean of the entries off the diagonal: every pair of distinct layers (within) or models (across). */
    public double offDiagonalMean() {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values.length; j++) {
                if (i != j) {
                    sum += values[i][j];
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** A short title: "centred cosine, within solar, layers 10/20/30". */
    public String title() {
        return metricName(metric) + ", " + what;
    }

    /** The matrix as a table named after what it holds, with a source column. */
    public Table table() {
        Table t = Table.create(title() + " (" + tensor + ")");
        t.addColumns(StringColumn.create(""));
        for (String l : labels) {
            t.addColumns(DoubleColumn.create(l));
        }
        for (int i = 0; i < labels.size(); i++) {
            t.stringColumn(0).append(labels.get(i));
            for (int j = 0; j < labels.size(); j++) {
                t.doubleColumn(j + 1).append(values[i][j]);
            }
        }
        StringColumn src = StringColumn.create("source");
        labels.forEach(l -> src.append(source.label()));
        return t.addColumns(src);
    }

    /** The matrix as one panel of a {@link org.provenancelab.view.HeatmapGrid}, titled with what it compares. */
    public org.provenancelab.view.HeatmapGrid.Panel panel() {
        // short labels so that three panels fit a narrow page: "L10" under an axis titled "layer"
        List<String> shortLabels = labels.stream().map(l -> l.startsWith("layer ") ? "L" + l.substring(6) : l).toList();
        String axis = within() ? "layer" : "model";
        String head = within() ? what.substring(0, what.indexOf(',')) : what.replace(", ", " at ");
        return new org.provenancelab.view.HeatmapGrid.Panel(metricName(metric) + "\n" + head, shortLabels, shortLabels,
                values, axis);
    }

    /** How the lab names a metric in titles (British "centred", as in the notebooks' prose). */
    public static String metricName(Metric m) {
        return switch (m) {
            case COSINE -> "raw cosine";
            case CENTERED_COSINE -> "centred cosine";
            case PEARSON -> "Pearson r";
            default -> m.key();
        };
    }

    @Override
    public String toString() {
        return title() + " of " + tensor + " [" + source.label() + "]";
    }
}

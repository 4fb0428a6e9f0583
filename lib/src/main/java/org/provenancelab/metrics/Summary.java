package org.provenancelab.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A group of values read as a distribution (e.g. every off-diagonal entry of a layer matrix):
 * n, mean, standard deviation (ddof 1), min, median (numpy's linear interpolation), max.
 */
public record Summary(String name, Sources sources, double[] values) {
    public Summary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sources, "sources");
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int n() {
        return values.length;
    }

    public double mean() {
        return values.length == 0 ? Double.NaN : VectorMetrics.mean(values);
    }

    /** Sample standard deviation (ddof 1); NaN below two values. */
    public double std() {
        return values.length < 2 ? Double.NaN : VectorMetrics.std(values) * Math.sqrt(values.length / (values.length - 1.0));
    }

    public double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    public double median() {
        if (values.length == 0) {
            return Double.NaN;
        }
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(values);
        return p.evaluate(50);
    }

    /** One row: what, n, mean, std, min, median, max, source. */
    public Table table() {
        return tableOf(name, this);
    }

    /** Several summaries as rows of one table. */
    public static Table tableOf(String title, Summary... rows) {
        Table t = Table.create(title, StringColumn.create("group"), IntColumn.create("n"), DoubleColumn.create("mean"),
                DoubleColumn.create("std"), DoubleColumn.create("min"), DoubleColumn.create("median"), DoubleColumn.create("max"),
                StringColumn.create("source"));
        for (Summary s : rows) {
            t.stringColumn("group").append(s.name);
            t.intColumn("n").append(s.n());
            t.doubleColumn("mean").append(s.mean());
            t.doubleColumn("std").append(s.std());
            t.doubleColumn("min").append(s.min());
            t.doubleColumn("median").append(s.median());
            t.doubleColumn("max").append(s.max());
            t.stringColumn("source").append(s.sources.label());
        }
        return t;
    }

    static String f(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    @Override
    public String toString() {
        return name + " (" + sources.label() + "): n " + n() + ", mean " + f(mean()) + ", std " + f(std()) + ", range "
                + f(min()) + " to " + f(max());
    }
}

package org.provenancelab.metrics;

import java.util.Objects;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * One number per layer (e.g. a similarity at the same layer index), named for what it is and
 * carrying its sources: the line of a per-layer plot.
 *
 * @param name    what the values are (e.g. {@code "pearson at the same layer index"})
 * @param measure the value's column name (e.g. {@code "pearson"})
 */
public record LayerValues(String name, String measure, Sources sources, double[] values) {
    public LayerValues {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(sources, "sources");
        values = values.clone();
        if (values.length == 0) {
            throw new IllegalArgumentException(name + ": no layers");
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public double get(int layer) {
        return values[layer];
    }

    /** The distribution of the values (n, mean, std, min, median, max). */
    public Summary summary() {
        return new Summary(name, sources, values);
    }

    /** layer, value, source. */
    public Table table() {
        Table t = Table.create(name, IntColumn.create("layer", java.util.stream.IntStream.range(0, values.length).toArray()),
                DoubleColumn.create(measure, values));
        return sources.withSourceColumn(t);
    }

    @Override
    public String toString() {
        Summary s = summary();
        return name + " (" + sources.label() + "): " + values.length + " layers, " + Summary.f(s.min()) + " to "
                + Summary.f(s.max()) + ", mean " + Summary.f(s.mean());
    }
}

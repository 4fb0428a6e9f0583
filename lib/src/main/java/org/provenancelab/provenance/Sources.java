package org.provenancelab.provenance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The sources a number was computed from, in order, without repeats: one model's source, or
 * both models of a pair ({@code zoo a; zoo b}). Results made from several models carry one of these.
 */
public final class Sources implements Iterable<Source> {
    private final List<Source> sources;

    private Sources(Collection<Source> sources) {
        LinkedHashSet<Source> set = new LinkedHashSet<>();
        for (Source s : sources) {
            set.add(Objects.requireNonNull(s, "source"));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("a result needs at least one source");
        }
        this.sources = List.copyOf(set);
    }

    public static Sources of(Source... sources) {
        return new Sources(List.of(sources));
    }

    public static Sources of(Collection<Source> sources) {
        return new Sources(sources);
    }

    /** The union of several results' sources, in order of first appearance. */
    public static Sources union(Sources... all) {
        List<Source> s = new ArrayList<>();
        for (Sources x : all) {
            s.addAll(x.sources);
        }
        return new Sources(s);
    }

    public List<Source> list() {
        return sources;
    }

    public Source first() {
        return sources.get(0);
    }

    /** Short labels joined with "; " (e.g. {@code zoo a; zoo b}). */
    public String label() {
        return String.join("; ", sources.stream().map(Source::label).toList());
    }

    /** Full labels joined with "; " (for results files and footers). */
    public String fullLabel() {
        return String.join("; ", sources.stream().map(Source::fullLabel).toList());
    }

    /** A copy of {@code table} (same name) with a {@code source} column holding {@link #label()} on every row. */
    public Table withSourceColumn(Table table) {
        if (table.columnNames().contains("source")) {
            throw new IllegalArgumentException("table '" + table.name() + "' already has a source column");
        }
        Table copy = table.copy();
        copy.setName(table.name());
        StringColumn col = StringColumn.create("source");
        String l = label();
        for (int i = 0; i < table.rowCount(); i++) {
            col.append(l);
        }
        return copy.addColumns(col);
    }

    /** Records every source as used in this session (for the footer). */
    public Sources record() {
        sources.forEach(Provenance::record);
        return this;
    }

    @Override
    public Iterator<Source> iterator() {
        return sources.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sources s && s.sources.equals(sources);
    }

    @Override
    public int hashCode() {
        return sources.hashCode();
    }

    @Override
    public String toString() {
        return label();
    }
}

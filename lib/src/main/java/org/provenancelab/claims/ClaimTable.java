package org.provenancelab.claims;

import java.util.Objects;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The closing table of a notebook: each published claim, who made it (with commit), what the lab
 * set beside it, that number's source, and whether the two agree.
 */
public final class ClaimTable {
    private final Table table;

    private ClaimTable(String name, String besideHeading) {
        table = Table.create(name, StringColumn.create("published claim"), StringColumn.create("who (commit)"),
                StringColumn.create(besideHeading), StringColumn.create("source"), StringColumn.create("supported?"));
    }

    /** A table whose third column is headed "this run". */
    public ClaimTable(String name) {
        this(Objects.requireNonNull(name, "name"), "this run");
    }

    /** A table whose third column is headed {@code besideHeading} (e.g. "our measurement"). */
    public static ClaimTable named(String name, String besideHeading) {
        return new ClaimTable(Objects.requireNonNull(name, "name"), Objects.requireNonNull(besideHeading, "besideHeading"));
    }

    /** One claim; {@code supported} says whether what is set beside it supports it ("yes", "no", "partly"). */
    public ClaimTable row(String claim, Source who, String beside, Source besideSource, String supported) {
        return row(claim, who, beside, java.util.List.of(besideSource), supported);
    }

    /** One claim with what is set beside it drawn from several sources. */
    public ClaimTable row(String claim, Source who, String beside, java.util.List<Source> besideSources, String supported) {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(beside, "beside");
        if (besideSources.isEmpty()) {
            throw new IllegalArgumentException("claim '" + claim + "': say where the number beside it comes from");
        }
        table.stringColumn(0).append(claim);
        table.stringColumn(1).append(who.label());
        table.stringColumn(2).append(beside);
        table.stringColumn(3).append(String.join("; ", besideSources.stream().map(Source::label).toList()));
        table.stringColumn(4).append(Objects.requireNonNull(supported, "supported"));
        return this;
    }

    /**
     * One claim whose maker is not a lab source (a model card URL, a README in the seeds) and whose
     * number's source is given as its label(s); every column needs a value.
     */
    public ClaimTable add(String claim, String madeBy, String thisRun, String sourceLabel, String agrees) {
        for (String s : java.util.List.of(claim, madeBy, thisRun, sourceLabel, agrees)) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("claim '" + claim + "': every column needs a value");
            }
        }
        table.stringColumn(0).append(claim);
        table.stringColumn(1).append(madeBy);
        table.stringColumn(2).append(thisRun);
        table.stringColumn(3).append(sourceLabel);
        table.stringColumn(4).append(agrees);
        return this;
    }

    public Table table() {
        if (table.rowCount() == 0) {
            throw new IllegalStateException("claims table '" + table.name() + "' has no rows");
        }
        return table.copy().setName(table.name());
    }
}

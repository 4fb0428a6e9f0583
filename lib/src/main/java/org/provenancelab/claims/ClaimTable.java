package org.provenancelab.claims;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The table that closes a notebook: each published claim, who made it (with the commit or URL),
 * this run's number, that number's source, and whether the two agree.
 */
public final class ClaimTable {
    private record Row(String claim, String by, String ours, String source, String agrees) {}

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    public ClaimTable(String title) {
        this.title = title;
    }

    /** Adds a claim; every field is required (say "not measured in this run" rather than leaving one empty). */
    public ClaimTable add(String claim, String madeBy, String thisRun, String source, String agrees) {
        for (String s : List.of(claim, madeBy, thisRun, source, agrees)) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("claim '" + claim + "': every column needs a value");
            }
        }
        rows.add(new Row(claim, madeBy, thisRun, source, agrees));
        return this;
    }

    public Table table() {
        Table t = Table.create(title, StringColumn.create("claim"), StringColumn.create("made by"), StringColumn.create("this run"),
                StringColumn.create("source"), StringColumn.create("agrees?"));
        for (Row r : rows) {
            t.stringColumn(0).append(r.claim());
            t.stringColumn(1).append(r.by());
            t.stringColumn(2).append(r.ours());
            t.stringColumn(3).append(r.source());
            t.stringColumn(4).append(r.agrees());
        }
        return t;
    }
}

package org.provenancelab.claims;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Sionic's revised analysis ({@code sionic/README-revised.md}, README.md at ff47427). Its
 * all-pairs tables (Appendix E.2 and E.3) are the only published record of the INTELLECT-3
 * control: no data file holds those numbers, so they are read out of the README itself.
 */
public final class SionicRevised {
    public static final String README = "README-revised.md";
    private static final Pattern SECTION = Pattern.compile("### E\\.[23] All Model Pairs \\((\\w+)\\)");
    private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\| (\\w+) \\| \\**([0-9.]+)\\** \\| \\**([0-9.]+)\\** \\| \\**([^|*]+?)\\** \\|$");

    private SionicRevised() {}

    /** Every model pair of Appendix E.2 and E.3: raw cosine and Pearson r as the README rounds them. */
    public static Table modelPairs(Published published) {
        String text = published.text(Side.SIONIC, README);
        Source src = published.source(Side.SIONIC);
        Table t = Table.create("Sionic's revision: every model pair, as the README rounds them (README-revised.md, Appendix E.2 and E.3)",
                StringColumn.create("tensor"), StringColumn.create("model A"), StringColumn.create("model B"),
                DoubleColumn.create("raw cosine"), DoubleColumn.create("Pearson r"), StringColumn.create("their reading"),
                StringColumn.create("source"));
        String tensor = null;
        for (String line : text.split("\n")) {
            Matcher s = SECTION.matcher(line.trim());
            if (s.matches()) {
                tensor = s.group(1);
                continue;
            }
            if (line.startsWith("#")) {
                tensor = null;
            }
            Matcher r = ROW.matcher(line.trim());
            if (tensor != null && r.matches()) {
                t.stringColumn("tensor").append(tensor);
                t.stringColumn("model A").append(r.group(1));
                t.stringColumn("model B").append(r.group(2));
                t.doubleColumn("raw cosine").append(Double.parseDouble(r.group(3)));
                t.doubleColumn("Pearson r").append(Double.parseDouble(r.group(4)));
                t.stringColumn("their reading").append(r.group(5).trim());
                t.stringColumn("source").append(src.label());
            }
        }
        if (t.rowCount() != 12) {
            throw new IllegalStateException("published sionic " + README + ": expected 6 model pairs in each of Appendix E.2 and E.3, found "
                    + t.rowCount() + " rows");
        }
        return t;
    }
}

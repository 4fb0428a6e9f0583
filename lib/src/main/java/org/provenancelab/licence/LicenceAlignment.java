package org.provenancelab.licence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.provenancelab.diff.TextDiff;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two licence texts aligned section by section (by section number, the title/preamble, end
 * marker and appendix by position): for each section, whether it is the same, changed, added or
 * removed, with word counts and a word diff. Facts about the texts; what they mean legally is not
 * something a diff can say.
 */
public final class LicenceAlignment {
    public enum Status { SAME, CHANGED, ADDED, REMOVED }

    /** One aligned section. {@code diff} compares the reference's words with the other's (null if one side lacks it). */
    public record Row(String key, String headingReference, String headingOther, Status status, int wordsReference, int wordsOther,
                      int wordsAdded, int wordsRemoved, double similarity, TextDiff diff) {}

    private final LicenceText reference;
    private final LicenceText other;
    private final List<Row> rows;
    private final TextDiff whole;

    private LicenceAlignment(LicenceText reference, LicenceText other) {
        this.reference = reference;
        this.other = other;
        Set<String> keys = new LinkedHashSet<>();
        reference.sections().forEach(s -> keys.add(s.key()));
        other.sections().forEach(s -> keys.add(s.key()));
        List<Row> out = new ArrayList<>();
        for (String k : keys) {
            LicenceText.Section r = reference.section(k), o = other.section(k);
            if (r == null) {
                int w = TextDiff.words(normalise(o.text())).size();
                out.add(new Row(k, "", o.heading(), Status.ADDED, 0, w, w, 0, 0, null));
            } else if (o == null) {
                int w = TextDiff.words(normalise(r.text())).size();
                out.add(new Row(k, r.heading(), "", Status.REMOVED, w, 0, 0, w, 0, null));
            } else {
                TextDiff d = TextDiff.words(normalise(r.text()), normalise(o.text()));
                out.add(new Row(k, r.heading(), o.heading(), d.identical() ? Status.SAME : Status.CHANGED,
                        TextDiff.words(normalise(r.text())).size(), TextDiff.words(normalise(o.text())).size(), d.added(), d.removed(),
                        d.similarity(), d));
            }
        }
        out.sort((x, y) -> Integer.compare(order(x.key()), order(y.key())));
        this.rows = List.copyOf(out);
        this.whole = TextDiff.words(normalise(reference.text()), normalise(other.text()));
    }

    private static int order(String key) {
        return switch (key) {
            case "title" -> 0;
            case "terms" -> 1;
            case "end" -> 1000;
            case "appendix" -> 1001;
            default -> 10 + Integer.parseInt(key.substring(1));
        };
    }

    /** Aligns {@code other} against {@code reference} (e.g. a model's LICENSE against the Apache License 2.0). */
    public static LicenceAlignment align(LicenceText reference, LicenceText other) {
        return new LicenceAlignment(reference, other);
    }

    /**
     * Text as words are compared: Markdown emphasis, heading marks and escapes dropped, typographic
     * quotes made plain, so that formatting alone never counts as a change.
     */
    static String normalise(String s) {
        return s.replaceAll("(?m)^\\s*#+\\s*", "").replace("\\.", ".").replace("\\(", "(").replace("\\)", ")")
                .replace("**", "").replace("__", "").replace('\u201C', '"').replace('\u201D', '"').replace('\u2019', '\'')
                .replace('\u2018', '\'');
    }

    public LicenceText reference() {
        return reference;
    }

    public LicenceText other() {
        return other;
    }

    public List<Row> rows() {
        return rows;
    }

    public Row row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no section '" + key + "' in either text; sections: "
                        + rows.stream().map(Row::key).toList()));
    }

    /** The whole texts' word diff. */
    public TextDiff whole() {
        return whole;
    }

    /** Share of the reference's words found, in order, in the other text. */
    public double referenceWordsKept() {
        int n = TextDiff.words(normalise(reference.text())).size();
        return n == 0 ? 1 : (double) whole.unchanged() / n;
    }

    /** "source of reference; source of other". */
    public String sources() {
        return reference.source().label() + "; " + other.source().label();
    }

    /** One row per section: headings, status, word counts and similarity, with the sources. */
    public Table table() {
        Table t = Table.create(other.name() + " aligned with " + reference.name() + ", section by section", StringColumn.create("section"),
                StringColumn.create("heading in " + reference.name()), StringColumn.create("heading in " + other.name()),
                StringColumn.create("status"), IntColumn.create("words (ref.)"), IntColumn.create("words (other)"),
                IntColumn.create("words added"), IntColumn.create("words removed"), DoubleColumn.create("similarity"),
                StringColumn.create("source"));
        for (Row r : rows) {
            t.stringColumn(0).append(r.key());
            t.stringColumn(1).append(r.headingReference());
            t.stringColumn(2).append(r.headingOther());
            t.stringColumn(3).append(r.status().name().toLowerCase(Locale.ROOT));
            t.intColumn(4).append(r.wordsReference());
            t.intColumn(5).append(r.wordsOther());
            t.intColumn(6).append(r.wordsAdded());
            t.intColumn(7).append(r.wordsRemoved());
            t.doubleColumn(8).append(Math.round(r.similarity() * 1000) / 1000.0);
            t.stringColumn(9).append(sources());
        }
        return t;
    }

    /** A section's word diff as HTML (removed struck through, added underlined), or its whole text if one side lacks it. */
    public String sectionHtml(String key, int keep) {
        Row r = row(key);
        if (r.diff() != null) {
            return r.diff().markedHtml(keep);
        }
        LicenceText.Section s = r.status() == Status.ADDED ? other.section(key) : reference.section(key);
        String tag = r.status() == Status.ADDED ? "ins style=\"color:#070\"" : "del style=\"color:#b00\"";
        return "<" + tag + ">" + org.provenancelab.view.HtmlText.escape(normalise(s.text()).strip()) + "</" + tag.split(" ")[0] + ">";
    }

    /** Every section that is not the same, as a heading and its word diff, in one HTML block. */
    public String differencesHtml(int keep) {
        StringBuilder h = new StringBuilder();
        for (Row r : rows) {
            if (r.status() == Status.SAME) {
                continue;
            }
            String heading = r.headingOther().isEmpty() ? r.headingReference() : r.headingOther();
            h.append("<h4>").append(org.provenancelab.view.HtmlText.escape((r.key().startsWith("§") ? r.key() + " " : "") + heading)).append(" — ")
                    .append(r.status().name().toLowerCase(Locale.ROOT)).append("</h4><p style=\"font-size:90%\">")
                    .append(sectionHtml(r.key(), keep)).append("</p>");
        }
        h.append("<p style=\"font-size:80%;color:#555\">Source: ").append(org.provenancelab.view.HtmlText.escape(sources())).append("</p>");
        return h.toString();
    }

    @Override
    public String toString() {
        long changed = rows.stream().filter(r -> r.status() != Status.SAME).count();
        return String.format(Locale.ROOT, "%s vs %s: %d sections, %d differ; %.1f%% of the reference's words kept in order", other.name(),
                reference.name(), rows.size(), changed, 100 * referenceWordsKept());
    }
}

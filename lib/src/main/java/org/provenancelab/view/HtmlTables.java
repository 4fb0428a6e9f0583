package org.provenancelab.view;

import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as a real HTML table. Long tables keep their head and tail
 * and say how many rows were left out, so an export never silently drops data.
 */
public final class HtmlTables {
    /** Tables up to this many rows are shown whole. */
    public static final int DEFAULT_MAX_ROWS = 60;

    private HtmlTables() {}

    public static String render(Table table, String caption) {
        return render(table, caption, DEFAULT_MAX_ROWS);
    }

    public static String render(Table table, String caption, int maxRows) {
        int rows = table.rowCount();
        int head = rows;
        int tail = 0;
        if (maxRows > 0 && rows > maxRows) {
            head = maxRows / 2;
            tail = maxRows - head;
        }
        StringBuilder b = new StringBuilder(256 + 64 * Math.min(rows, Math.max(maxRows, 1)) * Math.max(1, table.columnCount()));
        b.append("<table class=\"lab-table\" style=\"border-collapse:collapse;font-size:12px;margin:4px 0\">");
        String title = caption != null && !caption.isBlank() ? caption : table.name();
        if (title != null && !title.isBlank()) {
            b.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;padding:2px 0\">")
                    .append(HtmlText.escape(title)).append("</caption>");
        }
        b.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            b.append("<th style=\"border-bottom:1px solid #888;padding:2px 8px;text-align:")
                    .append(numeric(c) ? "right" : "left").append("\">")
                    .append(HtmlText.escape(c.name())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (int r = 0; r < head; r++) {
            row(b, table, r);
        }
        if (tail > 0) {
            b.append("<tr><td colspan=\"").append(table.columnCount())
                    .append("\" style=\"text-align:center;color:#666;padding:2px 8px\">… ")
                    .append(rows - head - tail).append(" rows not shown (").append(rows).append(" in all) …</td></tr>");
            for (int r = rows - tail; r < rows; r++) {
                row(b, table, r);
            }
        }
        b.append("</tbody></table>");
        return b.toString();
    }

    private static void row(StringBuilder b, Table table, int r) {
        b.append("<tr>");
        for (Column<?> c : table.columns()) {
            boolean num = numeric(c);
            b.append("<td style=\"padding:2px 8px;border-bottom:1px solid #eee;text-align:")
                    .append(num ? "right" : "left").append("\">")
                    .append(HtmlText.escape(cell(c, r))).append("</td>");
        }
        b.append("</tr>");
    }

    private static boolean numeric(Column<?> c) {
        return c instanceof NumericColumn<?>;
    }

    static String cell(Column<?> c, int r) {
        if (c.isMissing(r)) {
            return "—";
        }
        Object v = c.get(r);
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f.doubleValue());
        }
        if ((v instanceof Long || v instanceof Integer) && Math.abs(((Number) v).longValue()) >= 10_000) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue()); // counts: 102,651,799,552
        }
        return String.valueOf(v);
    }

    /** Six significant digits: enough to compare with published values, short enough to read ({@link Numbers#plain}). */
    public static String number(double d) {
        return Numbers.plain(d);
    }
}

package org.provenancelab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlTablesTest {

    @Test
    void rendersHeaderCellsAndEscapedCaption() {
        Table t = Table.create("t", StringColumn.create("name", "<b>x</b>"), DoubleColumn.create("value", 0.5));
        String html = HtmlTables.render(t, "A & B");
        assertTrue(html.contains("<caption"), html);
        assertTrue(html.contains("A &amp; B"), html);
        assertTrue(html.contains("<th style=\"border-bottom:1px solid #888;padding:2px 8px;text-align:left\">name</th>"), html);
        assertTrue(html.contains("text-align:right\">value</th>"), "numeric columns align right: " + html);
        assertTrue(html.contains("&lt;b&gt;x&lt;/b&gt;"), "cell text is escaped: " + html);
        assertFalse(html.contains("<b>x</b>"));
        assertTrue(html.contains(">0.5</td>"), html);
    }

    @Test
    void longTablesKeepHeadAndTailAndCountWhatIsLeftOut() {
        IntColumn c = IntColumn.create("i");
        for (int i = 0; i < 100; i++) {
            c.append(i);
        }
        String html = HtmlTables.render(Table.create("long", c), null, 10);
        assertTrue(html.contains(">0</td>") && html.contains(">4</td>"), "head rows kept");
        assertFalse(html.contains(">5</td>"), "row 5 left out");
        assertTrue(html.contains(">95</td>") && html.contains(">99</td>"), "tail rows kept");
        assertTrue(html.contains("90 rows not shown (100 in all)"), html);
        assertTrue(html.contains(">long</caption>"), "table name is the default caption");
    }

    @Test
    void missingValuesShowAsDash() {
        DoubleColumn d = DoubleColumn.create("d");
        d.appendMissing();
        assertTrue(HtmlTables.render(Table.create("m", d), "m").contains(">—</td>"));
    }

    @Test
    void numbersKeepSixSignificantDigits() {
        assertEquals("0.948743", HtmlTables.number(0.9487432785656141));
        assertEquals("-0.00187226", HtmlTables.number(-0.0018722592));
        assertEquals("70", HtmlTables.number(70.0));
        assertEquals("0.0142857", HtmlTables.number(1.0 / 70));
        assertEquals("0.0000330666", HtmlTables.number(3.306662256363779e-05)); // plain, never e-notation where a decimal fits
        assertEquals("0", HtmlTables.number(0.0));
        assertEquals("NaN", HtmlTables.number(Double.NaN));
        assertEquals("12,345,678", HtmlTables.number(12345678.0));
        assertEquals("12,345,679", HtmlTables.number(12345678.5));
        assertEquals("1.0000e-12", HtmlTables.number(1e-12));
    }
}

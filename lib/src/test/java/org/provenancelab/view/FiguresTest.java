package org.provenancelab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FiguresTest {
    static final Source A = Source.zoo("a", "g:a:1"), B = Source.zoo("b", "g:b:1");

    /** Keeps what cells show. */
    static final class Capture implements Sink {
        final List<Output> shown = new ArrayList<>();

        @Override
        public String show(Output output) {
            shown.add(output);
            return "id" + shown.size();
        }

        @Override
        public void update(String id, Output output) {}

        @Override
        public boolean rich() {
            return true;
        }
    }

    @AfterEach
    void restore() {
        Display.install(new ConsoleSink(System.out));
    }

    static LayerMatrix matrix() {
        List<double[]> a = List.of(new double[] {1, 2, 3}, new double[] {3, 1, 2}), b = List.of(new double[] {1, 2, 3.5},
                new double[] {2, 2.5, 1}, new double[] {3, 2, 1});
        return LayerMatrix.across(LayerSeries.of(A, "l.{i}.w", a), LayerSeries.of(B, "l.{i}.w", b), Metric.PEARSON);
    }

    @Test
    void heatmapOfACorrelationIsDivergingAtZeroAnnotatedAndFollowsThePageWidth() {
        LabFigure f = Figures.heatmap(matrix());
        ObjectNode t = f.tracesJson().get(0);
        assertEquals("heatmap", t.get("type").asText());
        assertEquals(0, t.get("zmid").asInt());
        assertEquals(-1, t.get("zmin").asInt());
        assertEquals(1, t.get("zmax").asInt());
        assertEquals(2, t.get("z").size());
        assertEquals(3, t.get("z").get(0).size());
        assertEquals(matrix().get(1, 2), t.get("z").get(1).get(2).asDouble());
        assertTrue(t.has("texttemplate"), "a small matrix carries its values");
        assertFalse(f.layoutJson().has("width"), "no fixed width");
        assertTrue(f.layoutJson().get("autosize").asBoolean());
        assertEquals("Source: zoo a; zoo b", f.caption());
        String js = f.asJavascript("d1");
        assertTrue(js.startsWith("<script>") && js.endsWith("</script>") && js.contains("\"responsive\":true"), js);
        assertFalse(js.contains("width:"), js);
    }

    /** A scatter by group follows the page width; its log panel spreads cosines near 1 and names what it leaves out. */
    @Test
    void pointsFollowThePageAndTheGapToOneIsOnALogAxis() {
        Table t = Table.create("pairs", DoubleColumn.create("cosine", new double[] {0.999, 0.9999, 1.0, 1 - 1.1e-16}),
                DoubleColumn.create("pearson", new double[] {0.0, 0.95, 1.0, 1.0}),
                StringColumn.create("kind", "independent", "derived", "copy", "copy"),
                StringColumn.create("source", "zoo a", "zoo a; zoo b", "zoo b", "zoo b"));
        LabFigure plain = Figures.points(t, "cosine", "pearson", "kind");
        assertFalse(plain.layoutJson().has("width"), "no fixed width");
        assertTrue(plain.layoutJson().get("autosize").asBoolean());
        assertEquals(3, plain.tracesJson().size());
        assertEquals("markers", plain.tracesJson().get(0).get("mode").asText());
        assertEquals("Source: zoo a; zoo b", plain.caption());
        LabFigure gap = Figures.pointsGapToOne(t, "cosine", "pearson", "kind");
        assertEquals("log", gap.layoutJson().get("xaxis").get("type").asText());
        assertEquals(2, gap.tracesJson().size(), "the exact copy has no place on a log axis");
        for (int i = 0; i < 2; i++) {
            assertTrue(gap.tracesJson().get(i).get("marker").has("color"), "colours are fixed, not plotly's by trace order");
            assertEquals(plain.tracesJson().get(i).get("marker").get("color"), gap.tracesJson().get(i).get("marker").get("color"),
                    "a group keeps its colour in both panels");
        }
        assertEquals(1e-3, gap.tracesJson().get(0).get("x").get(0).asDouble(), 1e-12);
        assertTrue(gap.caption().contains("2 points with cosine equal to 1 up to rounding"), gap.caption());
    }

    /** 00's grid and every other notebook's heatmap must give +1 and −1 the same colours. */
    @Test
    void everyCorrelationHeatmapUsesOneScaleWithPlusOneBlue() {
        ObjectNode t = Figures.heatmap(matrix()).tracesJson().get(0);
        var grid = HeatmapGrid.correlations("g", 1, List.of(new HeatmapGrid.Panel("p", List.of("x"), List.of("x"),
                new double[][] {{1}}))).spec().get("data").get(0);
        assertEquals(Figures.divergingScale(), t.get("colorscale"));
        assertEquals(Figures.divergingScale(), grid.get("colorscale"));
        assertFalse(t.has("reversescale") || grid.has("reversescale"), "no reversal may flip the scale");
        var scale = Figures.divergingScale();
        assertEquals("#b2182b", scale.get(0).get(1).asText(), "−1 is red");
        assertEquals("#f7f7f7", scale.get(2).get(1).asText(), "0 is white");
        assertEquals("#2166ac", scale.get(scale.size() - 1).get(1).asText(), "+1 is blue");
    }

    @Test
    void aCosineMatrixNearOneIsDrawnAsItsDistanceFromOneWithDigitsThatDiffer() {
        List<double[]> a = List.of(new double[] {1, 1.01, 0.99}, new double[] {1.02, 1, 0.98});
        List<double[]> b = List.of(new double[] {1, 1.011, 0.99}, new double[] {0.99, 1.01, 1});
        LayerMatrix m = LayerMatrix.across(LayerSeries.of(A, "l.{i}.w", a), LayerSeries.of(B, "l.{i}.w", b), Metric.COSINE);
        ObjectNode t = Figures.heatmapDistanceFromOne(m).tracesJson().get(0);
        assertEquals(1 - m.get(0, 1), t.get("z").get(0).get(1).asDouble(), 1e-15);
        assertTrue(t.get("z").get(0).get(0).asDouble() < 1e-3, "near-identical rows sit near 0");
        assertEquals("%{z:.1e}", t.get("texttemplate").asText(), "not '1.00' in every cell");
        assertFalse(t.has("zmid"), "a sequential scale of its own, not the fixed ±1 one");
        assertThrows(IllegalArgumentException.class, () -> Figures.heatmapDistanceFromOne(
                LayerMatrix.across(LayerSeries.of(A, "l.{i}.w", a), LayerSeries.of(B, "l.{i}.w", b), Metric.MEAN_ABS_DIFF)));
    }

    @Test
    void displayCaptionsFiguresAndTablesFromWhatTheyCarry() {
        Capture c = new Capture();
        Display.install(c);
        Display.figure(Figures.heatmap(matrix()));
        assertTrue(c.shown.get(0).content().contains("Source: zoo a; zoo b"), "caption from the figure's sources");
        LabFigure noSource = Figures.distribution("d", Map.of("g", new double[] {1, 2}), 1.5);
        var e = assertThrows(IllegalArgumentException.class, () -> Display.figure(noSource));
        assertTrue(e.getMessage().contains("caption"), e.getMessage());
        Table t = matrix().table();
        Display.table(t);
        assertTrue(c.shown.get(1).content().contains(HtmlText.escape(t.name())), "caption from the table's name");
        Table longOne = Table.create("many rows", IntColumn.create("i", java.util.stream.IntStream.range(0, 44).toArray()));
        Display.table(longOne, 5);
        String html = c.shown.get(2).content();
        assertTrue(html.contains("39 rows not shown (44 in all)") && html.contains("many rows"), html);
        assertEquals(5, html.split("<tr><td style").length - 1, "first 2 and last 3 rows");
    }

    @Test
    void distributionMarksTheObservedValueAndLinesNameTheirSources() {
        Map<String, double[]> g = new LinkedHashMap<>();
        g.put("within", new double[] {0.4, 0.5});
        g.put("across", new double[] {0.0, 0.1});
        LabFigure d = Figures.distribution("baselines", g, 0.99, Sources.of(A, B));
        assertEquals(2, d.tracesJson().size());
        assertEquals(0.99, d.layoutJson().get("shapes").get(0).get("y0").asDouble());
        assertTrue(d.layoutJson().get("annotations").get(0).get("text").asText().contains("0.990"));
        assertEquals("Source: zoo a; zoo b", d.caption());

        LabFigure lines = Figures.layerLines("per layer", matrix().diagonal());
        assertEquals("Source: zoo a; zoo b", lines.caption());
        assertEquals(2, lines.tracesJson().get(0).get("y").size());

        Table t = Table.create("t", IntColumn.create("layer", 0, 1, 0, 1), DoubleColumn.create("v", 1, 2, 3, 4),
                StringColumn.create("m", "x", "x", "y", "y"), StringColumn.create("source", "zoo a", "zoo a", "zoo b", "zoo b"));
        LabFigure l = Figures.lines(t, "layer", "v", "m");
        assertEquals(2, l.tracesJson().size());
        assertEquals("Source: zoo a; zoo b", l.caption());
        assertThrows(IllegalArgumentException.class, () -> Figures.lines(t.removeColumns("source"), "layer", "v", "m"));
        assertFalse(l.layoutJson().has("colorway"), "ten lines or fewer keep plotly's own colours");

        Table many = Table.create("many", IntColumn.create("layer"), DoubleColumn.create("v"), StringColumn.create("m"),
                StringColumn.create("source"));
        for (int line = 0; line < 11; line++) {
            many.intColumn(0).append(0);
            many.doubleColumn(1).append(line);
            many.stringColumn(2).append("line " + line);
            many.stringColumn(3).append("zoo a");
        }
        var colours = Figures.lines(many, "layer", "v", "m").layoutJson().get("colorway");
        assertTrue(colours.size() >= 11, "the 11th line needs a colour of its own");
        java.util.Set<String> distinct = new java.util.HashSet<>();
        colours.forEach(c -> distinct.add(c.asText()));
        assertEquals(colours.size(), distinct.size());
    }

    @Test
    void ckaIsDrawnOnItsOwnZeroToOneScale() {
        LayerMatrix cka = new LayerMatrix(A, B, "l.{i}.w", "linear CKA", true, new double[][] {{0.9, 0.4}, {0.5, 0.95}});
        ObjectNode t = Figures.heatmap(cka).tracesJson().get(0);
        assertEquals(0, t.get("zmin").asInt());
        assertEquals(1, t.get("zmax").asInt());
        assertFalse(t.has("zmid"));
    }

    @Test
    void countsGetThousandsSeparators() {
        assertEquals("102,651,799,552", HtmlTables.cell(tech.tablesaw.api.LongColumn.create("n", new long[] {102_651_799_552L}), 0));
        assertEquals("4096", HtmlTables.cell(IntColumn.create("n", new int[] {4096}), 0));
    }
}

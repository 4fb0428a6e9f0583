package org.provenancelab.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerValues;
import org.provenancelab.metrics.Summary;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.Table;

/**
 * The pictures the lab draws again and again, one call each: the heatmap of a layer matrix,
 * per-layer lines, and a distribution with the observed value marked. Each figure's caption
 * names its sources; widths follow the page.
 */
public final class Figures {
    private static final int HEIGHT = 440;
    /** Small matrices get their values written in the cells. */
    private static final int ANNOTATE_UP_TO = 12;

    /** Colours in plotly's default cycle. */
    static final int PLOTLY_COLOURS = 10;
    /** plotly's ten default colours, then ten more that differ from all of them (the 11th is near-black). */
    static final List<String> MANY_COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#222222", "#e6ab02", "#1b9e77", "#e7298a", "#a6761d", "#7570b3",
            "#66a61e", "#d95f02", "#a6cee3", "#fb9a99");

    private Figures() {}

    /**
     * The matrix as a heatmap, row layer 0 at the top. Correlations (values within [−1, 1]) use a
     * diverging scale centred at 0 and fixed at ±1, so colours mean the same in every figure;
     * differences use a sequential scale.
     */
    public static LabFigure heatmap(LayerMatrix m) {
        double[][] v = m.values();
        boolean bounded = java.util.Arrays.stream(v).flatMapToDouble(java.util.Arrays::stream)
                .allMatch(x -> Double.isNaN(x) || (x >= -1 && x <= 1));
        ObjectNode t = LabFigure.JSON.createObjectNode().put("type", "heatmap");
        t.set("z", cells(v, x -> x));
        t.set("x", axisLabels(m.cols(), m::isColMtp));
        t.set("y", axisLabels(m.rows(), m::isRowMtp));
        if (m.similarity() && bounded && m.measure().contains("CKA")) {
            // CKA lies in [0, 1]: half of a ±1 diverging scale would never be used
            t.put("colorscale", "Viridis").put("zmin", 0).put("zmax", 1);
        } else if (m.similarity() && bounded) {
            t.put("zmin", -1).put("zmax", 1).put("zmid", 0);
            t.set("colorscale", divergingScale());
        } else {
            t.put("colorscale", "Viridis");
        }
        t.putObject("colorbar").put("title", m.measure());
        t.put("hovertemplate", "row layer %{y}, column layer %{x}: %{z:.3f}<extra></extra>");
        if (m.rows() <= ANNOTATE_UP_TO && m.cols() <= ANNOTATE_UP_TO) {
            t.put("texttemplate", "%{z:.2f}");
        }
        // a short title (the full name, with the tensor, is in the matrix's table): long ones run under plotly's toolbar
        ObjectNode layout = layout(m.measure() + ": " + m.rowModel() + (m.isWithin() ? " (within)" : " × " + m.colModel()));
        axis(layout, "xaxis", "layer of " + m.colModel()).put("type", "category");
        axis(layout, "yaxis", "layer of " + m.rowModel()).put("type", "category").put("autorange", "reversed");
        return new LabFigure(layout, List.of(t), caption(m.sources()));
    }

    /**
     * The one diverging scale of every correlation heatmap (ColorBrewer RdBu, written out so that no
     * plotly default or reversal can flip it): red for −1, white at 0, blue for +1 (alike).
     */
    public static ArrayNode divergingScale() {
        ArrayNode scale = LabFigure.JSON.createArrayNode();
        scale.addArray().add(0.0).add("#b2182b");
        scale.addArray().add(0.25).add("#f4a582");
        scale.addArray().add(0.5).add("#f7f7f7");
        scale.addArray().add(0.75).add("#92c5de");
        scale.addArray().add(1.0).add("#2166ac");
        return scale;
    }

    /**
     * A similarity matrix whose values all sit just below 1 (raw cosine of norm gains), drawn as
     * 1 − value on its own sequential scale, each cell written with two significant digits: on the
     * fixed ±1 scale of {@link #heatmap} such a matrix is one colour and every cell reads "1.00".
     */
    public static LabFigure heatmapDistanceFromOne(LayerMatrix m) {
        if (!m.similarity()) {
            throw new IllegalArgumentException(m.measure() + " is not a similarity: 1 − value means nothing for it");
        }
        String label = "1 − " + m.measure();
        ObjectNode t = LabFigure.JSON.createObjectNode().put("type", "heatmap");
        t.set("z", cells(m.values(), x -> 1 - x));
        t.set("x", axisLabels(m.cols(), m::isColMtp));
        t.set("y", axisLabels(m.rows(), m::isRowMtp));
        // dark = closest to 1, as on the ±1 scale where the most similar cells are the darkest
        t.put("colorscale", "Viridis");
        t.putObject("colorbar").put("title", label);
        t.put("hovertemplate", "row layer %{y}, column layer %{x}: " + label + " = %{z:.2e}<extra></extra>");
        if (m.rows() <= ANNOTATE_UP_TO && m.cols() <= ANNOTATE_UP_TO) {
            t.put("texttemplate", "%{z:.1e}");
        }
        ObjectNode layout = layout(label + ": " + m.rowModel() + (m.isWithin() ? " (within)" : " × " + m.colModel()));
        axis(layout, "xaxis", "layer of " + m.colModel()).put("type", "category");
        axis(layout, "yaxis", "layer of " + m.rowModel()).put("type", "category").put("autorange", "reversed");
        return new LabFigure(layout, List.of(t), caption(m.sources()));
    }

    /** A heatmap's cells, {@code f} of each value, with a gap (null) where a value is missing. */
    private static ArrayNode cells(double[][] v, java.util.function.DoubleUnaryOperator f) {
        ArrayNode z = LabFigure.JSON.createArrayNode();
        for (double[] row : v) {
            ArrayNode r = z.addArray();
            for (double x : row) {
                if (Double.isNaN(x)) {
                    r.addNull();
                } else {
                    r.add(f.applyAsDouble(x));
                }
            }
        }
        return z;
    }

    /** Per-layer lines, one per series of values (e.g. several metrics, or several model pairs). */
    public static LabFigure layerLines(String title, LayerValues... lines) {
        if (lines.length == 0) {
            throw new IllegalArgumentException("layerLines('" + title + "') needs at least one line");
        }
        List<ObjectNode> traces = new ArrayList<>();
        List<Sources> sources = new ArrayList<>();
        LinkedHashSet<String> measures = new LinkedHashSet<>();
        for (LayerValues l : lines) {
            ObjectNode t = scatter(l.name());
            ArrayNode x = t.putArray("x"), y = t.putArray("y");
            double[] v = l.values();
            for (int i = 0; i < v.length; i++) {
                x.add(i);
                if (Double.isNaN(v[i])) {
                    y.addNull();
                } else {
                    y.add(v[i]);
                }
            }
            traces.add(t);
            sources.add(l.sources());
            measures.add(l.measure());
        }
        ObjectNode layout = layout(title);
        axis(layout, "xaxis", "layer");
        axis(layout, "yaxis", String.join(", ", measures));
        legendBelow(layout);
        return new LabFigure(layout, traces, caption(Sources.union(sources.toArray(new Sources[0]))));
    }

    /** Lines of {@code y} over {@code x} from a table, one per value of {@code group}; sources from its source column. */
    public static LabFigure lines(Table table, String x, String y, String group) {
        if (!table.columnNames().contains("source")) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no source column: a figure must name its sources");
        }
        Map<String, ObjectNode> byGroup = new LinkedHashMap<>();
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String g = table.column(group).getString(r);
            ObjectNode t = byGroup.computeIfAbsent(g, k -> {
                ObjectNode s = scatter(k);
                s.putArray("x");
                s.putArray("y");
                return s;
            });
            ((ArrayNode) t.get("x")).add(number(table, x, r));
            ((ArrayNode) t.get("y")).add(number(table, y, r));
            for (String l : table.stringColumn("source").get(r).split("; ")) {
                labels.add(l);
            }
        }
        ObjectNode layout = layout(table.name());
        axis(layout, "xaxis", x);
        axis(layout, "yaxis", y);
        legendBelow(layout);
        if (byGroup.size() > PLOTLY_COLOURS) {
            // plotly's default cycle has 10 colours: the 11th line would share the 1st one's
            ArrayNode colours = layout.putArray("colorway");
            MANY_COLOURS.forEach(colours::add);
        }
        return new LabFigure(layout, new ArrayList<>(byGroup.values()), "Source: " + String.join("; ", labels));
    }

    /**
     * Points of {@code y} over {@code x} from a table, one colour per value of {@code group}, as wide
     * as the page; sources from its source column.
     */
    public static LabFigure points(Table table, String x, String y, String group) {
        return points(table, x, y, group, false);
    }

    /**
     * The same points with 1 − {@code x} on a log axis: values of x that agree to the third or fourth
     * decimal (raw cosines near 1) are spread out. A point at 1 to rounding (1 − x ≤ 10⁻¹²) has no
     * place on a log axis, and one at 10⁻¹⁶ would squeeze every other point: such points are left out
     * and the caption says how many.
     */
    public static LabFigure pointsGapToOne(Table table, String x, String y, String group) {
        return points(table, x, y, group, true);
    }

    /** Below this, 1 − x is double rounding, not a distance. */
    static final double EQUAL_TO_ROUNDING = 1e-12;

    private static LabFigure points(Table table, String x, String y, String group, boolean gapToOne) {
        if (!table.columnNames().contains("source")) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no source column: a figure must name its sources");
        }
        // colours by group over the whole table, so a group keeps its colour in both panels
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(table.column(group).asStringColumn().asList()));
        Map<String, ObjectNode> byGroup = new LinkedHashMap<>();
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        int left = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            double vx = number(table, x, r);
            if (gapToOne && !(1 - vx > EQUAL_TO_ROUNDING)) {
                left++;
                continue;
            }
            ObjectNode t = byGroup.computeIfAbsent(table.column(group).getString(r), k -> {
                ObjectNode s = LabFigure.JSON.createObjectNode().put("type", "scatter").put("mode", "markers").put("name", k);
                s.putObject("marker").put("size", 7).put("opacity", 0.75)
                        .put("color", MANY_COLOURS.get(groups.indexOf(k) % MANY_COLOURS.size()));
                s.putArray("x");
                s.putArray("y");
                return s;
            });
            ((ArrayNode) t.get("x")).add(gapToOne ? 1 - vx : vx);
            ((ArrayNode) t.get("y")).add(number(table, y, r));
            labels.addAll(List.of(table.stringColumn("source").get(r).split("; ")));
        }
        ObjectNode layout = layout(gapToOne ? "The same points, 1 − " + x + " on a log axis" : table.name());
        ObjectNode xa = axis(layout, "xaxis", gapToOne ? "1 − " + x + " (log scale)" : x);
        if (gapToOne) {
            xa.put("type", "log").put("exponentformat", "power");
        }
        axis(layout, "yaxis", y);
        legendBelow(layout);
        String caption = "Source: " + String.join("; ", labels);
        if (left > 0) {
            caption += ". " + left + " point" + (left == 1 ? "" : "s") + " with " + x + " equal to 1 up to rounding (1 − " + x
                    + " below 10⁻¹², no place on a log axis) left out.";
        }
        return new LabFigure(layout, new ArrayList<>(byGroup.values()), caption);
    }

    /**
     * Box plots of several groups of values (every value drawn as a point) with the observed value
     * marked as a line across them. Without sources the figure needs a caption when shown.
     */
    public static LabFigure distribution(String title, Map<String, double[]> groups, Double observed) {
        return distribution(title, groups, observed, null);
    }

    public static LabFigure distribution(String title, Map<String, double[]> groups, Double observed, Sources sources) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("distribution('" + title + "') needs at least one group");
        }
        List<ObjectNode> traces = new ArrayList<>();
        for (var e : groups.entrySet()) {
            ObjectNode t = LabFigure.JSON.createObjectNode().put("type", "box").put("name", e.getKey())
                    .put("boxpoints", "all").put("jitter", 0.4).put("pointpos", 0);
            ArrayNode y = t.putArray("y");
            for (double v : e.getValue()) {
                y.add(v);
            }
            traces.add(t);
        }
        ObjectNode layout = layout(title);
        layout.put("showlegend", false);
        axis(layout, "yaxis", "value");
        if (observed != null) {
            ObjectNode line = layout.putArray("shapes").addObject().put("type", "line").put("xref", "paper").put("x0", 0)
                    .put("x1", 1).put("yref", "y").put("y0", observed).put("y1", observed);
            line.putObject("line").put("color", "#c0392b").put("width", 2).put("dash", "dash");
            layout.putArray("annotations").addObject().put("xref", "paper").put("x", 1).put("xanchor", "right")
                    .put("yref", "y").put("y", observed).put("yanchor", "bottom").put("showarrow", false)
                    .put("text", "observed " + Numbers.score(observed))
                    .putObject("font").put("color", "#c0392b");
        }
        return new LabFigure(layout, traces, sources == null ? null : caption(sources));
    }

    /** Summaries (e.g. a matrix's off-diagonal values) as distributions; the observed value marked. */
    public static LabFigure distribution(String title, Double observed, Summary... groups) {
        Map<String, double[]> m = new LinkedHashMap<>();
        List<Sources> s = new ArrayList<>();
        for (Summary g : groups) {
            m.put(g.name(), g.values());
            s.add(g.sources());
        }
        return distribution(title, m, observed, Sources.union(s.toArray(new Sources[0])));
    }

    private static ArrayNode axisLabels(int n, java.util.function.IntPredicate mtp) {
        ArrayNode a = LabFigure.JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            a.add(mtp.test(i) ? i + " (MTP)" : Integer.toString(i));
        }
        return a;
    }

    private static ObjectNode scatter(String name) {
        return LabFigure.JSON.createObjectNode().put("type", "scatter").put("mode", "lines+markers").put("name", name);
    }

    private static double number(Table t, String column, int r) {
        Object v = t.column(column).get(r);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("column '" + column + "' of '" + t.name() + "' is not numeric");
    }

    private static ObjectNode layout(String title) {
        ObjectNode l = LabFigure.JSON.createObjectNode();
        l.putObject("title").put("text", Objects.requireNonNull(title, "title"));
        l.put("height", HEIGHT);
        l.putObject("margin").put("l", 60).put("r", 20).put("t", 50).put("b", 60);
        return l;
    }

    private static ObjectNode axis(ObjectNode layout, String which, String title) {
        ObjectNode a = layout.putObject(which);
        a.putObject("title").put("text", title);
        a.put("automargin", true);
        return a;
    }

    private static void legendBelow(ObjectNode layout) {
        layout.putObject("legend").put("orientation", "h").put("y", -0.25);
    }

    private static String caption(Sources s) {
        return "Source: " + s.label();
    }
}

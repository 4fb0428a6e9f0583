package org.provenancelab.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.plotly.components.Figure;

/**
 * Small annotated heatmaps side by side in one figure, on one shared colour scale: the lab's
 * way of drawing a contrast (raw vs centred, within vs across) so that it shows in one picture.
 * Tablesaw-jsplot's heatmap has no colour range, annotations or subplot titles, so this figure
 * writes its plotly.js specification itself (with Jackson) and is shown like any other figure.
 */
public final class HeatmapGrid extends Figure {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One panel: a square or rectangular matrix with its labels and title ("\n" breaks the title
     * into lines), and an optional axis title for both axes (null for none).
     */
    public record Panel(String title, List<String> columns, List<String> rows, double[][] values, String axisTitle) {
        public Panel(String title, List<String> columns, List<String> rows, double[][] values) {
            this(title, columns, rows, values, null);
        }

        public Panel {
            Objects.requireNonNull(title, "title");
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            if (values.length != rows.size()) {
                throw new IllegalArgumentException("panel '" + title + "': " + values.length + " rows of values for " + rows.size() + " row labels");
            }
            for (double[] r : values) {
                if (r.length != columns.size()) {
                    throw new IllegalArgumentException("panel '" + title + "': a row has " + r.length + " values for "
                            + columns.size() + " column labels");
                }
            }
        }
    }

    private final String title;
    private final int gridColumns;
    private final List<Panel> panels;
    private final double zmin;
    private final double zmax;
    private final String scaleTitle;

    private HeatmapGrid(String title, int gridColumns, List<Panel> panels, double zmin, double zmax, String scaleTitle) {
        super();
        this.title = title;
        this.gridColumns = gridColumns;
        this.panels = List.copyOf(panels);
        this.zmin = zmin;
        this.zmax = zmax;
        this.scaleTitle = scaleTitle;
    }

    /**
     * Panels laid out row by row, {@code columns} to a row, with a diverging scale centred at 0
     * from −1 to 1 (correlations and cosines), each cell annotated with its value (3 decimals).
     */
    public static HeatmapGrid correlations(String title, int columns, List<Panel> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a heatmap grid needs at least one panel");
        }
        if (columns < 1 || columns > panels.size()) {
            throw new IllegalArgumentException("columns must be between 1 and the number of panels (" + panels.size() + "), got " + columns);
        }
        return new HeatmapGrid(title, columns, panels, -1, 1, "similarity");
    }

    public List<Panel> panels() {
        return panels;
    }

    /** The plotly.js specification: {@code {"data": [...], "layout": {...}}}. */
    public ObjectNode spec() {
        int rowsOfPanels = (panels.size() + gridColumns - 1) / gridColumns;
        ObjectNode spec = JSON.createObjectNode();
        ArrayNode data = spec.putArray("data");
        ObjectNode layout = spec.putObject("layout");
        layout.putObject("title").put("text", title);
        layout.put("autosize", true);
        // labels such as "10" are categories, not numbers
        layout.put("autotypenumbers", "strict");
        layout.put("height", 180 + 280 * rowsOfPanels);
        layout.putObject("margin").put("l", 70).put("r", 30).put("t", 90).put("b", 40);
        ArrayNode notes = layout.putArray("annotations");
        double gapX = 0.1; // room for the next panel's row labels
        double gapY = 0.26 / rowsOfPanels; // room for two-line panel titles
        for (int k = 0; k < panels.size(); k++) {
            Panel p = panels.get(k);
            int r = k / gridColumns;
            int c = k % gridColumns;
            String suffix = k == 0 ? "" : Integer.toString(k + 1);
            double x0 = (double) c / gridColumns + gapX / 2;
            double x1 = (double) (c + 1) / gridColumns - gapX / 2;
            double y1 = 1 - (double) r / rowsOfPanels - gapY;
            double y0 = 1 - (double) (r + 1) / rowsOfPanels + gapY / 3;
            ObjectNode xa = layout.putObject("xaxis" + suffix);
            xa.put("automargin", true);
            xa.putArray("domain").add(x0).add(x1);
            xa.put("anchor", "y" + suffix);
            xa.put("type", "category");
            if (p.axisTitle() != null) {
                xa.putObject("title").put("text", p.axisTitle()).putObject("font").put("size", 11);
            }
            ObjectNode ya = layout.putObject("yaxis" + suffix);
            ya.put("automargin", true);
            ya.putArray("domain").add(y0).add(y1);
            ya.put("anchor", "x" + suffix);
            ya.put("type", "category");
            ya.put("autorange", "reversed");
            if (p.axisTitle() != null && c == 0) {
                ya.putObject("title").put("text", p.axisTitle()).putObject("font").put("size", 11);
            }

            ObjectNode trace = data.addObject();
            trace.put("type", "heatmap");
            trace.put("xaxis", "x" + suffix);
            trace.put("yaxis", "y" + suffix);
            trace.put("name", p.title());
            trace.put("zmin", zmin);
            trace.put("zmax", zmax);
            trace.put("zmid", 0);
            trace.set("colorscale", Figures.divergingScale());
            trace.put("showscale", k == 0);
            if (k == 0) {
                trace.putObject("colorbar").put("title", scaleTitle).put("len", 0.8);
            }
            ArrayNode x = trace.putArray("x");
            p.columns().forEach(x::add);
            ArrayNode y = trace.putArray("y");
            p.rows().forEach(y::add);
            ArrayNode z = trace.putArray("z");
            for (int i = 0; i < p.rows().size(); i++) {
                ArrayNode row = z.addArray();
                for (int j = 0; j < p.columns().size(); j++) {
                    double v = p.values()[i][j];
                    row.add(v);
                    ObjectNode a = notes.addObject();
                    a.put("xref", "x" + suffix).put("yref", "y" + suffix);
                    a.put("x", p.columns().get(j)).put("y", p.rows().get(i));
                    a.put("text", String.format(Locale.ROOT, "%.3f", v));
                    a.put("showarrow", false);
                    a.putObject("font").put("size", 11).put("color", Math.abs(v) > 0.7 ? "white" : "black");
                }
            }
            ObjectNode head = notes.addObject();
            head.put("xref", "paper").put("yref", "paper");
            head.put("x", (x0 + x1) / 2).put("y", y1 + 0.01);
            head.put("xanchor", "center").put("yanchor", "bottom");
            // first line bold, the rest plain, each escaped (plotly reads a few HTML tags in annotations)
            String[] lines = p.title().split("\n");
            StringBuilder text = new StringBuilder("<b>").append(HtmlText.escape(lines[0])).append("</b>");
            for (int i = 1; i < lines.length; i++) {
                text.append("<br>").append(HtmlText.escape(lines[i]));
            }
            head.put("text", text.toString());
            head.put("showarrow", false);
        }
        return spec;
    }

    @Override
    public String divString(String divName) {
        return LabFigure.div(divName) + "\n";
    }

    /** Draws the specification into the div; plotly resizes it with the page (no fixed width). */
    @Override
    public String asJavascript(String divName) {
        ObjectNode spec = spec();
        return LabFigure.script(divName, (ArrayNode) spec.get("data"), (ObjectNode) spec.get("layout"));
    }

    /** The panels' titles, for plain-text output. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        panels.forEach(p -> names.add(p.title()));
        return "heatmap grid '" + title + "': " + String.join("; ", names);
    }
}

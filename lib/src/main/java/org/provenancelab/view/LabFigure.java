package org.provenancelab.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * A lab figure: a Tablesaw-jsplot {@link Figure} whose plotly data and layout are written as
 * JSON (so heatmap colour scales, reference lines and annotations are available), that knows the
 * sources of its numbers (its caption) and has no fixed width: it fills the page and follows it.
 */
public final class LabFigure extends Figure {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode layout;
    private final List<ObjectNode> traces;
    private final String caption;

    LabFigure(ObjectNode layout, List<ObjectNode> traces, String caption) {
        super(Layout.builder().build());
        this.layout = layout.deepCopy();
        this.layout.put("autosize", true);
        this.layout.remove("width");
        this.traces = traces.stream().map(ObjectNode::deepCopy).toList();
        this.caption = caption;
    }

    /**
     * A figure from plotly's own JSON, for what Tablesaw-jsplot's builders cannot say (several
     * panels sharing one legend, threshold lines, text in heatmap cells); {@code caption} may be null.
     */
    public static LabFigure of(ObjectNode layout, List<ObjectNode> traces, String caption) {
        return new LabFigure(Objects.requireNonNull(layout, "layout"), Objects.requireNonNull(traces, "traces"), caption);
    }

    /** The caption naming the sources of the figure's numbers; null if the figure does not know them. */
    public String caption() {
        return caption;
    }

    /** The plotly layout (a copy). */
    public ObjectNode layoutJson() {
        return layout.deepCopy();
    }

    /** The plotly traces (copies). */
    public List<ObjectNode> tracesJson() {
        return traces.stream().map(ObjectNode::deepCopy).toList();
    }

    @Override
    public String asJavascript(String divName) {
        ArrayNode data = JSON.createArrayNode();
        traces.forEach(data::add);
        return script(divName, data, layout);
    }

    /**
     * The one place a lab figure becomes a script: plotly data and layout as JSON, the figure
     * following the page's width. A title starts at the left, clear of plotly's toolbar on the
     * right, which shows only while the pointer is over the figure.
     */
    public static String script(String divName, ArrayNode data, ObjectNode layout) {
        ObjectNode l = layout.deepCopy();
        if (l.get("title") != null && l.get("title").isTextual()) {
            String text = l.get("title").asText();
            l.putObject("title").put("text", text);
        }
        if (l.get("title") instanceof ObjectNode title && !title.has("x")) {
            title.put("x", 0.01).put("xanchor", "left");
        }
        ObjectNode config = JSON.createObjectNode().put("responsive", true).put("displaylogo", false)
                .put("displayModeBar", "hover");
        // JSON inside a script: keep "</" from closing it
        String d = data.toString().replace("</", "<\\/"), ls = l.toString().replace("</", "<\\/");
        return "<script>(function(){var target = document.getElementById('" + divName + "');\n"
                + "Plotly.newPlot(target, " + d + ", " + ls + ", " + config + ");})();</script>";
    }

    /** The div a lab figure is drawn into: no fixed width. */
    public static String div(String divName) {
        return "<div id='" + Objects.requireNonNull(divName) + "' style='width:100%'></div>";
    }

    @Override
    public String divString(String divName) {
        return div(divName);
    }
}

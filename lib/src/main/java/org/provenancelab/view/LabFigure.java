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
        ObjectNode config = JSON.createObjectNode().put("responsive", true).put("displaylogo", false);
        // JSON inside a script: keep "</" from closing it
        String d = data.toString().replace("</", "<\\/"), l = layout.toString().replace("</", "<\\/");
        return "<script>var target_" + divName + " = document.getElementById('" + divName + "');\n"
                + "Plotly.newPlot(target_" + divName + ", " + d + ", " + l + ", " + config + ");</script>";
    }

    @Override
    public String divString(String divName) {
        return "<div id='" + Objects.requireNonNull(divName) + "' style='width:100%'></div>";
    }
}

package org.provenancelab.calibration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import tech.tablesaw.plotly.components.Figure;

/**
 * A plotly figure written as plotly's own JSON (data and layout), for what Tablesaw-jsplot's
 * builders cannot say: several small panels sharing one legend, shapes marking thresholds,
 * text inside heatmap cells. It renders through the same {@code Display.figure} path as every
 * other figure; its width follows the page.
 */
final class JsonFigure extends Figure {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode data;
    private final ObjectNode layout;

    JsonFigure(ArrayNode data, ObjectNode layout) {
        this.data = data;
        this.layout = layout;
        layout.put("autosize", true);
    }

    ArrayNode data() {
        return data;
    }

    ObjectNode layout() {
        return layout;
    }

    @Override
    public String divString(String divName) {
        return "<div id='" + divName + "' style='width:100%'></div>";
    }

    @Override
    public String asJavascript(String divName) {
        // JSON text is valid JavaScript; "</" is escaped so that no string ends the script element.
        String d = data.toString().replace("</", "<\\/");
        String l = layout.toString().replace("</", "<\\/");
        return "<script>(function(){var target = document.getElementById('" + divName + "');"
                + "Plotly.newPlot(target, " + d + ", " + l + ", {responsive: true, displaylogo: false});})();</script>";
    }
}

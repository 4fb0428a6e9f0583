package org.provenancelab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapGridTest {
    static final HeatmapGrid.Panel A = new HeatmapGrid.Panel("raw </script> a", List.of("x", "y"), List.of("x", "y"),
            new double[][] {{1, 0.98}, {0.98, 1}});
    static final HeatmapGrid.Panel B = new HeatmapGrid.Panel("centred\nb", List.of("x", "y"), List.of("x", "y"),
            new double[][] {{1, 0.01}, {0.01, 1}}, "layer");

    @Test
    void multiLineTitlesAndAxisTitles() {
        JsonNode spec = HeatmapGrid.correlations("trap", 2, List.of(A, B)).spec();
        assertEquals("<b>centred</b><br>b", spec.get("layout").get("annotations").get(9).get("text").asText());
        assertEquals("layer", spec.get("layout").get("xaxis2").get("title").get("text").asText());
        assertFalse(spec.get("layout").get("xaxis").has("title"));
    }

    @Test
    void panelsShareOneScaleCentredAtZeroAndEveryCellIsAnnotated() {
        JsonNode spec = HeatmapGrid.correlations("trap", 2, List.of(A, B)).spec();
        assertEquals(2, spec.get("data").size());
        for (JsonNode trace : spec.get("data")) {
            assertEquals(-1, trace.get("zmin").asDouble());
            assertEquals(1, trace.get("zmax").asDouble());
            assertEquals(0, trace.get("zmid").asDouble());
        }
        assertTrue(spec.get("data").get(0).get("showscale").asBoolean());
        assertFalse(spec.get("data").get(1).get("showscale").asBoolean());
        assertEquals("x2", spec.get("data").get(1).get("xaxis").asText());
        // 4 values + 1 title per panel
        assertEquals(10, spec.get("layout").get("annotations").size());
        assertEquals("0.980", spec.get("layout").get("annotations").get(1).get("text").asText());
        assertFalse(spec.get("layout").has("width"), "width follows the page");
        assertEquals("<b>raw &lt;/script&gt; a</b>", spec.get("layout").get("annotations").get(4).get("text").asText());
    }

    @Test
    void theScriptCannotEndEarlyAndIsGuardedByPlots() {
        String html = Plots.figureHtml(HeatmapGrid.correlations("t", 1, List.of(A)), "caption", false);
        int first = html.indexOf("</script>");
        assertEquals(html.lastIndexOf("</script>"), first, "one script, closed once");
        assertTrue(html.contains("if (!window.Plotly)"), html);
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HeatmapGrid.Panel("p", List.of("a"), List.of("a", "b"), new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> HeatmapGrid.correlations("t", 3, List.of(A, B)));
        assertThrows(IllegalArgumentException.class, () -> HeatmapGrid.correlations("t", 1, List.of()));
    }
}

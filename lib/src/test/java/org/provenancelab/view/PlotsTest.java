package org.provenancelab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class PlotsTest {
    private static Figure figure() {
        return new Figure(Layout.builder().title("t").build(),
                ScatterTrace.builder(new double[] {1, 2, 3}, new double[] {0.5, 0.25, 0.125}).build());
    }

    @Test
    void libraryIsInlinedFromThePinnedNpmBundleNotLinked() throws Exception {
        String lib = Plots.libraryScript();
        Properties pin = new Properties();
        try (var in = Files.newInputStream(Path.of("../kernel-setup/plotly.properties"))) {
            pin.load(in);
        }
        assertEquals(pin.getProperty("version"), Plots.plotlyVersion());
        assertEquals(pin.getProperty("package") + "@" + pin.getProperty("version"), Plots.plotlyPackage());
        assertTrue(lib.contains("plotly.js (cartesian - minified) v" + Plots.plotlyVersion()), "the pinned bundle is inlined");
        assertTrue(lib.length() > 1_000_000 && lib.length() < 2_000_000, "the minified partial bundle, not a stub: " + lib.length());
        assertFalse(Pattern.compile("<script[^>]*src=", Pattern.CASE_INSENSITIVE).matcher(lib).find(), "no external script");
        assertFalse(lib.contains("cdn.plot.ly"));
        // Exactly one closing tag: the library text itself must not end the inline script early.
        assertEquals(lib.indexOf("</script>"), lib.lastIndexOf("</script>"));
    }

    @Test
    void aBundleThatDoesNotMatchWhatSetUpRecordedIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plotly.min.js"), "/* not plotly */");
        Files.writeString(dir.resolve("bundle.properties"), "package=p\nversion=1\nsha256=00\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Plots.load(dir));
        assertTrue(e.getMessage().contains("does not match the sha256"), e.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Plots.load(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("run kernel-setup/setup.sh"), missing.getMessage());
    }

    @Test
    void figureHasAValidJavascriptIdentifierAndItsCaption() {
        String html = Plots.figureHtml(figure(), "source: zoo x", false);
        Matcher m = Pattern.compile("<div id='([^']+)'").matcher(html);
        assertTrue(m.find(), html);
        String id = m.group(1);
        assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_]*"), "Tablesaw builds a JS variable from the id: " + id);
        assertTrue(html.contains("var target_" + id + " = document.getElementById('" + id + "')"), html);
        assertTrue(html.contains("Plotly.newPlot"), html);
        assertTrue(html.contains("if (!window.Plotly)"), "a missing library gives a message, not a silent blank");
        assertTrue(html.contains("source: zoo x"));
        assertFalse(html.contains("Copyright 2012"), "library not repeated when not asked for");
        String second = Plots.figureHtml(figure(), null, false);
        assertFalse(second.contains("<div id='" + id + "'"), "each figure gets its own div id");
    }

    @Test
    void displayInlinesTheLibraryOnlyWithTheFirstFigure() {
        RecordingSink sink = new RecordingSink(true);
        Display.install(sink);
        try {
            Display.figure(figure(), "first");
            Display.figure(figure(), "second");
            assertTrue(sink.shown.get(0).content().contains("Copyright 2012"));
            assertFalse(sink.shown.get(1).content().contains("Copyright 2012"));
        } finally {
            Display.install(new ConsoleSink(System.out));
        }
    }
}

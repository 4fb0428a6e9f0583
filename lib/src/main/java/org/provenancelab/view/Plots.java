package org.provenancelab.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import tech.tablesaw.plotly.components.Figure;

/**
 * Turns a Tablesaw-jsplot figure into self-contained HTML. plotly.js comes from the
 * plotly.js-dist WebJar on the classpath and is inlined, never linked from a CDN, so
 * plots render in an export opened with no network.
 */
public final class Plots {
    private static final String WEBJAR = "META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties";
    private static final AtomicLong IDS = new AtomicLong();
    private static volatile String library;

    private Plots() {}

    /** The plotly.js version inlined into outputs. */
    public static String plotlyVersion() {
        try (InputStream in = Plots.class.getClassLoader().getResourceAsStream(WEBJAR)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js WebJar (org.webjars.npm:plotly.js-dist) is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plotly.js WebJar version", e);
        }
    }

    /**
     * A script element that defines {@code window.Plotly}. The library is wrapped so that
     * an AMD loader on the page (require.js in the classic notebook) does not capture it.
     */
    public static String libraryScript() {
        String js = library;
        if (js == null) {
            String path = "META-INF/resources/webjars/plotly.js-dist/" + plotlyVersion() + "/plotly.js";
            try (InputStream in = Plots.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js not found in its WebJar at " + path);
                }
                js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read plotly.js from its WebJar", e);
            }
            // An inline script ends at the first "</script"; plotly.js has none today, but be safe.
            js = js.replace("</script", "<\\/script");
            // The one CDN address in plotly.js is the default topojson location for geo maps,
            // which cannot render offline anyway; blank it so no export names a CDN.
            js = js.replace("dflt: 'https://cdn.plot.ly/'", "dflt: ''");
            if (js.contains("cdn.plot.ly")) {
                throw new IllegalStateException("plotly.js " + plotlyVersion() + " names a CDN the lab does not know how to remove");
            }
            library = js;
        }
        return "<script type=\"text/javascript\">if (!window.Plotly) {(function(define, module, exports) {\n"
                + js + "\n}).call(window);}</script>";
    }

    /**
     * The figure as a div and the script that draws it. The caption sits under the plot
     * and should name the source of every number in it.
     */
    public static String figureHtml(Figure figure, String caption, boolean includeLibrary) {
        // Tablesaw derives a JavaScript variable name from the div id: letters, digits and _ only.
        String div = "lab_plot_" + ProcessHandleId.ID + "_" + IDS.incrementAndGet();
        StringBuilder b = new StringBuilder();
        if (includeLibrary) {
            b.append(libraryScript());
        }
        b.append("<div class=\"lab-figure\">");
        b.append(figure.divString(div));
        // Tablesaw's script calls Plotly directly; guard it so a missing library shows a clear message.
        String script = figure.asJavascript(div);
        String guarded = script.replaceFirst("<script>",
                "<script>if (!window.Plotly) { document.getElementById('" + div
                        + "').innerText = 'plotly.js is not loaded in this page: re-run the notebook from the top.'; } else {")
                .replaceFirst("</script>\\s*$", "}</script>");
        b.append(guarded);
        if (caption != null && !caption.isBlank()) {
            b.append("<div class=\"lab-caption\" style=\"font-size:12px;color:#444;margin:2px 0 8px 0\">")
                    .append(HtmlText.escape(caption)).append("</div>");
        }
        b.append("</div>");
        return b.toString();
    }

    /** Distinguishes div ids of different kernel sessions that end up in one page. */
    private static final class ProcessHandleId {
        static final String ID = Long.toString(ProcessHandle.current().pid(), 36);
    }
}

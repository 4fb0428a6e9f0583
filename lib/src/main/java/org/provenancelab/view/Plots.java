package org.provenancelab.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.provenancelab.provenance.Lab;
import tech.tablesaw.plotly.components.Figure;

/**
 * Turns a Tablesaw-jsplot figure into self-contained HTML. plotly.js is inlined, never linked
 * from a CDN, so plots render in an export opened with no network. The bundle is the npm
 * package pinned in {@code kernel-setup/plotly.properties}, which set-up fetches, checks and
 * puts in {@code kernel-setup/target/plotly/} ({@code LAB_PLOTLY} names another folder).
 */
public final class Plots {
    /** A folder holding plotly.min.js and bundle.properties (set by the kernelspec). */
    public static final String DIR_ENV = "LAB_PLOTLY";
    private static final AtomicLong IDS = new AtomicLong();
    private static volatile Bundle bundle;

    record Bundle(String pkg, String version, String js) {}

    private Plots() {}

    /** The plotly.js version inlined into outputs. */
    public static String plotlyVersion() {
        return bundle().version();
    }

    /** The npm package the inlined plotly.js comes from, with its version. */
    public static String plotlyPackage() {
        Bundle b = bundle();
        return b.pkg() + "@" + b.version();
    }

    static Path bundleDir() {
        String env = System.getenv(DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Lab.home().resolve("kernel-setup").resolve("target").resolve("plotly");
    }

    private static Bundle bundle() {
        Bundle b = bundle;
        if (b == null) {
            synchronized (Plots.class) {
                b = bundle;
                if (b == null) {
                    b = load(bundleDir());
                    bundle = b;
                }
            }
        }
        return b;
    }

    static Bundle load(Path dir) {
        Path props = dir.resolve("bundle.properties");
        Path file = dir.resolve("plotly.min.js");
        if (!Files.isRegularFile(props) || !Files.isRegularFile(file)) {
            throw new IllegalStateException("the plotly.js bundle is not at " + dir
                    + ": run kernel-setup/setup.sh (it fetches the package pinned in kernel-setup/plotly.properties from npm)");
        }
        try {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(props)) {
                p.load(in);
            }
            byte[] bytes = Files.readAllBytes(file);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!sha.equals(p.getProperty("sha256"))) {
                throw new IllegalStateException(file + " does not match the sha256 set-up recorded in " + props
                        + ": run kernel-setup/setup.sh again");
            }
            String js = new String(bytes, StandardCharsets.UTF_8);
            // An inline script ends at the first "</script"; plotly.js has none today, but be safe.
            js = js.replace("</script", "<\\/script");
            // The one CDN address in plotly.js is the default topojson location for geo maps,
            // which cannot render offline anyway; blank it so no export names a CDN.
            js = js.replace("dflt:\"https://cdn.plot.ly/\"", "dflt:\"\"");
            if (js.contains("cdn.plot.ly")) {
                throw new IllegalStateException(file + " names a CDN the lab does not know how to remove");
            }
            return new Bundle(p.getProperty("package", "plotly.js"), p.getProperty("version", "unknown"), js);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plotly.js bundle in " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A script element that defines {@code window.Plotly}. The library is wrapped so that
     * an AMD loader on the page (require.js in the classic notebook) does not capture it.
     */
    public static String libraryScript() {
        return "<script type=\"text/javascript\">if (!window.Plotly) {(function(define, module, exports) {\n"
                + bundle().js() + "\n}).call(window);}</script>";
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

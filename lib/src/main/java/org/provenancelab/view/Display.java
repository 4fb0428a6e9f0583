package org.provenancelab.view;

import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The one way notebook cells show things: tables, figures, markdown, HTML and progress.
 * Outputs go to the installed {@link Sink}: the Jupyter kernel's inside the lab's kernel
 * (its kernelspec sets {@code LAB_KERNEL}), plain text on standard output otherwise.
 */
public final class Display {
    private static volatile Sink sink = Kernels.detect();
    private static volatile boolean plotlyShown;

    private Display() {}

    /** Replaces the sink (tests, or a kernel the library does not detect by itself). */
    public static synchronized void install(Sink newSink) {
        sink = Objects.requireNonNull(newSink, "sink");
        plotlyShown = false;
    }

    /** True once a figure has been shown with this sink: only then does the page hold plotly.js. */
    public static boolean figuresShown() {
        return plotlyShown;
    }

    public static Sink sink() {
        return sink;
    }

    /** Shows a table as HTML, with a caption that should name the source of its numbers. */
    public static void table(Table table, String caption) {
        Objects.requireNonNull(table, "table");
        String plain = (caption == null || caption.isBlank() ? "" : caption + "\n") + table.printAll();
        sink.show(Output.html(HtmlTables.render(table, caption), plain));
    }

    /**
     * Shows a table captioned with its name. Tables made by the library are named for what they
     * hold and carry a {@code source} column, so nothing needs to be added by hand.
     */
    public static void table(Table table) {
        table(table, Objects.requireNonNull(table, "table").name());
    }

    /**
     * Shows a long table's first and last rows, {@code rows} in all, and how many were left out,
     * for tables where a sample is what a reader needs.
     */
    public static void table(Table table, int rows) {
        Objects.requireNonNull(table, "table");
        if (rows < 2) {
            throw new IllegalArgumentException("show at least 2 rows of '" + table.name() + "', got " + rows);
        }
        sink.show(Output.html(HtmlTables.render(table, table.name(), rows), table.name() + "\n" + table.print(rows)));
    }

    /** Shows a plot inline. The caption must say where its numbers come from. */
    public static synchronized void figure(Figure figure, String caption) {
        Objects.requireNonNull(figure, "figure");
        Sink s = sink;
        if (!s.rich()) {
            s.show(Output.html("", "[figure] " + (caption == null ? "" : caption)));
            return;
        }
        boolean includeLibrary = !plotlyShown;
        s.show(Output.html(Plots.figureHtml(figure, caption, includeLibrary), "[figure] " + caption));
        plotlyShown = true;
    }

    /**
     * Shows a lab figure captioned with the sources it carries ({@link Figures} makes them). A
     * figure that does not know its sources needs {@link #figure(Figure, String)}.
     */
    public static void figure(Figure figure) {
        Objects.requireNonNull(figure, "figure");
        String caption = figure instanceof LabFigure f ? f.caption() : null;
        if (caption == null) {
            throw new IllegalArgumentException("this figure does not carry its sources; show it with "
                    + "Display.figure(figure, caption) and name them in the caption");
        }
        figure(figure, caption);
    }

    public static void markdown(String markdown) {
        sink.show(Output.markdown(Objects.requireNonNull(markdown, "markdown")));
    }

    public static void html(String html, String plain) {
        sink.show(Output.html(Objects.requireNonNull(html, "html"), plain == null ? "" : plain));
    }

    /**
     * A progress bar for {@code total} units of work; close it (try-with-resources) when done.
     * Inside a {@link #task} on the same thread it stays silent: the task's bar speaks for it.
     */
    public static Progress progress(String label, long total, String unit) {
        return new Progress(TASK.get() ? SILENT : sink, label, total, unit, null);
    }

    /**
     * One progress bar for a long piece of work made of many reads (a whole-model scan): until it
     * is closed, the bars of the reads it makes on this thread are not shown.
     */
    public static Progress task(String label, long total, String unit) {
        boolean outer = !TASK.get();
        Progress p = new Progress(outer ? sink : SILENT, label, total, unit, outer ? () -> TASK.set(false) : null);
        TASK.set(true);
        return p;
    }

    private static final ThreadLocal<Boolean> TASK = ThreadLocal.withInitial(() -> false);

    /** Where the bars inside a task go: nowhere. */
    private static final Sink SILENT = new Sink() {
        @Override
        public String show(Output output) {
            return "";
        }

        @Override
        public void update(String id, Output output) {}

        @Override
        public boolean rich() {
            return false;
        }
    };
}

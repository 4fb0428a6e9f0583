package org.provenancelab.view;

import java.util.Locale;

/**
 * A progress bar that updates in place in a notebook and prints occasional plain lines
 * elsewhere. Updates are throttled so that a loop over millions of items costs nothing.
 */
public final class Progress implements AutoCloseable {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final Sink sink;
    private final String label;
    private final String unit;
    private final long total;
    private final long started = System.nanoTime();
    private final String id;
    private long done;
    private long lastShown;
    private int lastPercentPrinted = -1;
    private boolean finished;
    private String detail = "";
    private final Runnable onClose;

    Progress(Sink sink, String label, long total, String unit) {
        this(sink, label, total, unit, null);
    }

    Progress(Sink sink, String label, long total, String unit, Runnable onClose) {
        this.onClose = onClose;
        if (total < 0) {
            throw new IllegalArgumentException("progress total must be >= 0, got " + total + " for '" + label + "'");
        }
        this.sink = sink;
        this.label = label;
        this.total = total;
        this.unit = unit == null ? "" : unit;
        this.id = sink.show(render());
        this.lastShown = System.nanoTime();
    }

    public synchronized void advance(long amount) {
        set(done + amount);
    }

    /** Advances and replaces the trailing detail (e.g. "12 / 40 requests"). */
    public synchronized void advance(long amount, String newDetail) {
        detail = newDetail == null ? "" : newDetail;
        set(done + amount);
    }

    public synchronized void set(long value) {
        done = Math.max(0, Math.min(value, total));
        long now = System.nanoTime();
        if (done == total || now - lastShown >= MIN_INTERVAL_NANOS) {
            refresh(now);
        }
    }

    public synchronized long done() {
        return done;
    }

    /** Marks the work complete and shows the final state. */
    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            refresh(System.nanoTime());
            if (onClose != null) {
                // a task's bar is for watching; once done, the page keeps its results, not the bar
                if (sink.rich()) {
                    sink.update(id, Output.html("", ""));
                }
                onClose.run();
            }
        }
    }

    private void refresh(long now) {
        if (!sink.rich()) {
            int pct = percent();
            // Plain output: a line per 10 %, and the last one.
            if (pct / 10 == lastPercentPrinted / 10 && !finished && done != total) {
                return;
            }
            if (pct == lastPercentPrinted) {
                return;
            }
            lastPercentPrinted = pct;
        }
        lastShown = now;
        sink.update(id, render());
    }

    private int percent() {
        return total == 0 ? 100 : (int) (100 * done / total);
    }

    private Output render() {
        int pct = percent();
        double secs = (System.nanoTime() - started) / 1e9;
        // the elapsed time helps while waiting; once done it would only be run-dependent noise on the page
        String text = String.format(Locale.ROOT, "%s: %d%% (%,d / %,d%s)", label, pct, done, total, unit.isEmpty() ? "" : " " + unit)
                + (done >= total ? "" : String.format(Locale.ROOT, " %.1fs", secs)) + (detail.isEmpty() ? "" : ", " + detail);
        String html = "<div class=\"lab-progress\" style=\"font-size:12px\"><progress max=\"100\" value=\"" + pct
                + "\" style=\"width:240px;vertical-align:middle\"></progress> " + HtmlText.escape(text) + "</div>";
        return Output.html(html, text);
    }
}

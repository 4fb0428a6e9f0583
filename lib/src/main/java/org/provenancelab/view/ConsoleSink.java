package org.provenancelab.view;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** Plain-text sink for use outside a notebook: prints each output's plain form. */
public final class ConsoleSink implements Sink {
    private final PrintStream out;
    private final AtomicLong ids = new AtomicLong();

    public ConsoleSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public String show(Output output) {
        out.println(output.plain());
        return "console-" + ids.incrementAndGet();
    }

    @Override
    public void update(String id, Output output) {
        out.println(output.plain());
    }

    @Override
    public boolean rich() {
        return false;
    }
}

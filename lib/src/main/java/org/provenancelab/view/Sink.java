package org.provenancelab.view;

/**
 * Where outputs go. Inside the lab's kernel, {@link Kernels} finds one that talks to Jupyter;
 * without one, {@link ConsoleSink} prints plain text, so library code runs the same
 * in a notebook, a test or a terminal.
 */
public interface Sink {
    /** Shows an output and returns an id that {@link #update} can later replace in place. */
    String show(Output output);

    /** Replaces an earlier output in place (a progress bar). */
    void update(String id, Output output);

    /** True when outputs are rendered rich (HTML, plots); false for plain text. */
    boolean rich();
}

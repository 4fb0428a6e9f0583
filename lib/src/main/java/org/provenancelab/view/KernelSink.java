package org.provenancelab.view;

import java.util.Objects;

/**
 * A sink backed by a Jupyter kernel's display functions. {@link Kernels} builds it from
 * two functions bound by name, so the library does not depend on any one kernel.
 */
public final class KernelSink implements Sink {
    /** Shows content of a MIME type and returns its display id. */
    @FunctionalInterface
    public interface Shower {
        String show(String mime, String content);
    }

    /** Replaces the output with the given display id. */
    @FunctionalInterface
    public interface Updater {
        void update(String id, String mime, String content);
    }

    private final Shower shower;
    private final Updater updater;

    public KernelSink(Shower shower, Updater updater) {
        this.shower = Objects.requireNonNull(shower, "shower");
        this.updater = Objects.requireNonNull(updater, "updater");
    }

    @Override
    public String show(Output output) {
        return shower.show(output.mime(), output.content());
    }

    @Override
    public void update(String id, Output output) {
        updater.update(id, output.mime(), output.content());
    }

    @Override
    public boolean rich() {
        return true;
    }
}

package org.provenancelab.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The display API cells reach through lib's {@code org.provenancelab.view.Kernels}: lib binds
 * these two static methods by name when {@code LAB_KERNEL=provenance-lab}, so neither module
 * depends on the other at compile time. Cells run in the kernel's JVM (JShell's local
 * execution), so this class is the one the kernel installed.
 */
public final class Bridge {
    private static final AtomicLong IDS = new AtomicLong();
    private static volatile BaseKernel kernel;

    private Bridge() {}

    static void install(BaseKernel k) {
        kernel = Objects.requireNonNull(k, "kernel");
    }

    /** Shows content of one MIME type in the running cell's output; returns its display id. */
    public static String show(String mime, String content) {
        BaseKernel k = attached();
        String id = "lab-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
        k.display(data(mime, content, id));
        return id;
    }

    /** Replaces the output shown under {@code id} (a progress bar), wherever it is. */
    public static void update(String id, String mime, String content) {
        Objects.requireNonNull(id, "display id");
        attached().getIO().display.updateDisplay(id, data(mime, content, id));
    }

    private static BaseKernel attached() {
        BaseKernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("the provenance-lab kernel has not started its display bridge");
        }
        // Text printed before this output must appear before it, not after.
        System.out.flush();
        System.err.flush();
        return k;
    }

    private static DisplayData data(String mime, String content, String id) {
        DisplayData d = new DisplayData();
        d.putData(Objects.requireNonNull(mime, "mime"), Objects.requireNonNull(content, "content"));
        d.setDisplayId(id);
        return d;
    }
}

package org.provenancelab.view;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Finds the Jupyter kernel the library runs in. The lab's kernelspec sets
 * {@code LAB_KERNEL=provenance-lab}; the lab kernel's display bridge
 * ({@code org.provenancelab.kernel.Bridge}, in kernel-setup/kernel) is then bound by name,
 * so the library has no compile-time dependency on a kernel. Cells run inside the kernel's
 * JVM, so the bridge found here is the one the running kernel installed.
 */
final class Kernels {
    static final String ENV = "LAB_KERNEL";
    static final String LAB_KERNEL = "provenance-lab";
    private static final String BRIDGE = "org.provenancelab.kernel.Bridge";

    private Kernels() {}

    static Sink detect() {
        return forKernel(System.getenv(ENV));
    }

    static Sink forKernel(String kernel) {
        if (kernel == null || kernel.isBlank()) {
            return new ConsoleSink(System.out);
        }
        if (!kernel.equals(LAB_KERNEL)) {
            throw new IllegalStateException(ENV + "='" + kernel + "' names a kernel this library cannot drive (known: "
                    + LAB_KERNEL + ")");
        }
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, Kernels.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle show = lookup.findStatic(bridge, "show",
                    MethodType.methodType(String.class, String.class, String.class));
            MethodHandle update = lookup.findStatic(bridge, "update",
                    MethodType.methodType(void.class, String.class, String.class, String.class));
            return new KernelSink((mime, content) -> invokeShow(show, mime, content),
                    (id, mime, content) -> invokeUpdate(update, id, mime, content));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(ENV + "=" + LAB_KERNEL + " but the lab kernel's display bridge (" + BRIDGE
                    + ".show/update) is not on the classpath: start the notebook on the kernel 'Java (Provenance Lab)' ("
                    + e + ")", e);
        }
    }

    private static String invokeShow(MethodHandle show, String mime, String content) {
        try {
            return (String) show.invokeExact(mime, content);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kernel display failed", t);
        }
    }

    private static void invokeUpdate(MethodHandle update, String id, String mime, String content) {
        try {
            update.invokeExact(id, mime, content);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kernel display update failed", t);
        }
    }
}

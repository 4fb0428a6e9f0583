package org.provenancelab.view;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Finds the Jupyter kernel the library runs in. The lab's kernelspec sets
 * {@code LAB_KERNEL=rapaio}; the rapaio kernel's display functions are then bound by
 * name, so the library has no compile-time dependency on a kernel.
 */
final class Kernels {
    static final String ENV = "LAB_KERNEL";
    private static final String RAPAIO_GLOBAL = "org.rapaio.jupyter.kernel.global.Global";

    private Kernels() {}

    static Sink detect() {
        String kernel = System.getenv(ENV);
        if (kernel == null || kernel.isBlank()) {
            return new ConsoleSink(System.out);
        }
        if (!kernel.equals("rapaio")) {
            throw new IllegalStateException(ENV + "='" + kernel + "' names a kernel this library cannot drive (known: rapaio)");
        }
        try {
            Class<?> global = Class.forName(RAPAIO_GLOBAL, true, Kernels.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle display = lookup.findStatic(global, "display",
                    MethodType.methodType(String.class, String.class, Object.class));
            MethodHandle update = lookup.findStatic(global, "updateDisplay",
                    MethodType.methodType(void.class, String.class, String.class, Object.class));
            return new KernelSink((mime, content) -> invokeShow(display, mime, content),
                    (id, mime, content) -> invokeUpdate(update, id, mime, content));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(ENV + "=rapaio but the rapaio kernel's display API (" + RAPAIO_GLOBAL
                    + ".display/updateDisplay) is not available: " + e, e);
        }
    }

    private static String invokeShow(MethodHandle display, String mime, String content) {
        try {
            return (String) display.invokeExact(mime, (Object) content);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kernel display failed", t);
        }
    }

    private static void invokeUpdate(MethodHandle update, String id, String mime, String content) {
        try {
            update.invokeExact(id, mime, (Object) content);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kernel display update failed", t);
        }
    }
}

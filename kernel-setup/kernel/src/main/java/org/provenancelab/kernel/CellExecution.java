package org.provenancelab.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs each cell on a thread of its own in the kernel's JVM and waits for that thread only.
 *
 * <p>Why: JDK 17's {@link LocalExecutionControl} waits for <em>every</em> thread in its
 * execution group after a snippet, so a cell that leaves a live thread behind (the local hub's
 * acceptor, a fetch pool) makes the next cell wait forever. Notebooks keep such services open
 * across cells on purpose.
 */
final class CellExecution extends LocalExecutionControl {
    private final ThreadGroup group = new ThreadGroup("lab cells");
    private volatile Thread running;
    private volatile boolean stopped;

    static ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "lab-cells";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return new CellExecution();
            }
        };
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        stopped = false;
        Thread cell = new Thread(group, () -> {
            try {
                value.set(doit.invoke(null));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "lab-cell");
        running = cell;
        cell.start();
        try {
            while (true) {
                try {
                    cell.join();
                    break;
                } catch (InterruptedException e) {
                    // keep waiting: only stop() ends a cell
                }
            }
        } finally {
            running = null;
        }
        Throwable thrown = failure.get();
        if (stopped || thrown instanceof ThreadDeath
                || thrown instanceof InvocationTargetException ite && ite.getCause() instanceof ThreadDeath) {
            throw new ExecutionControl.StoppedException();
        }
        if (thrown instanceof Exception e) {
            throw e; // InvocationTargetException: the caller converts the cell's own exception
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        return valueString(value.get());
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() throws EngineTerminationException, InternalException {
        Thread cell = running;
        if (cell != null) {
            stopped = true;
            cell.interrupt();
            cell.stop(); // JDK 17: the only way to end a cell that does not check for interrupts
        }
    }
}

package org.provenancelab.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the lab's kernel on the connection file Jupyter names:
 * {@code java -cp ... org.provenancelab.kernel.Main <connection-file>}.
 *
 * <p>The order is what makes every start answer: the kernel's handlers are registered
 * before any socket is bound (so a {@code kernel_info_request} that arrives the moment the
 * shell socket exists finds its handler), and the polling threads are started by
 * {@code connect()} after that, which also publishes the handler map to them. The
 * evaluator (JShell, the lab's classpath and imports) warms up on its own thread while
 * the kernel already answers; the first cell waits for it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp <kernel classpath> org.provenancelab.kernel.Main <connection-file>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            System.err.println("provenance-lab kernel: cannot read the connection file " + file);
            System.exit(2);
        }
        // The protocol base logs every message at INFO; keep the kernel log to warnings.
        Logger.getLogger("").setLevel(Level.WARNING);

        KernelConnectionProperties props = KernelConnectionProperties.parse(
                Files.readString(file, StandardCharsets.UTF_8));
        LabKernel kernel = new LabKernel(Settings.fromEnvironment());
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        Bridge.install(kernel);
        kernel.startEvaluator();
        connection.connect();
        connection.waitUntilClose();
        kernel.close();
        // User code may have left non-daemon threads behind; the kernel's life ends here.
        System.exit(0);
    }
}

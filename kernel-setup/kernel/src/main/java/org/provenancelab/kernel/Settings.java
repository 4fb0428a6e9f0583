package org.provenancelab.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernelspec hands the kernel: the classpath cells compile and run against
 * ({@code LAB_CLASSPATH}, entries separated by the platform's path separator) and a
 * start-up script of imports ({@code LAB_STARTUP}).
 */
record Settings(List<String> classpath, Path startup) {
    static final String CLASSPATH_ENV = "LAB_CLASSPATH";
    static final String STARTUP_ENV = "LAB_STARTUP";

    Settings {
        classpath = List.copyOf(classpath);
    }

    static Settings fromEnvironment() {
        List<String> cp = new ArrayList<>();
        String raw = System.getenv(CLASSPATH_ENV);
        if (raw != null) {
            for (String entry : raw.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                if (!Files.exists(Path.of(entry))) {
                    throw new IllegalArgumentException(CLASSPATH_ENV + " names a missing file: " + entry
                            + " (re-run kernel-setup/setup.sh)");
                }
                cp.add(entry);
            }
        }
        String startup = System.getenv(STARTUP_ENV);
        Path script = null;
        if (startup != null && !startup.isBlank()) {
            script = Path.of(startup);
            if (!Files.isReadable(script)) {
                throw new IllegalArgumentException(STARTUP_ENV + " names an unreadable file: " + startup);
            }
        }
        return new Settings(cp, script);
    }
}

package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 9, item 6: hostile answers within the size limits give a clear error within a 512 MiB heap (a forked JVM). */
class MemoryCapsTest {
    @Test
    void hostileAnswersFailCleanlyIn512MiB() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MemoryProbe.class.getName()).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe ended");
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.startsWith("refused ")).toList();
        assertEquals(5, lines.size(), out);
        assertTrue(out.contains("more than " + RevisionInfo.MAX_FILES + " files"), out);
        assertTrue(out.contains("no usable rfilename"), out);
        assertTrue(out.contains("tensor 'a' is not an object"), out);
        assertTrue(out.contains("more than " + org.provenancelab.safetensors.Header.MAX_TENSORS + " tensors"), out);
        assertTrue(out.contains("__metadata__ is larger than"), out);
    }
}

package org.provenancelab.zoo;

import java.util.List;

/**
 * One model of the zoo catalog: where it comes from, its architecture as documented, and the
 * lineage its sources state (each statement with its source URL).
 */
public record ZooEntry(String name, String coordinates, boolean quantized, String quantizedFrom, int layers, int hidden,
                       int heads, int intermediate, int vocab, List<Lineage> lineage) {
    public record Lineage(String statement, String source) {}

    public ZooEntry {
        lineage = List.copyOf(lineage);
    }

    public String groupId() {
        return coordinates.split(":")[0];
    }

    public String artifactId() {
        return coordinates.split(":")[1];
    }

    public String version() {
        return coordinates.split(":")[2];
    }

    /** The jar's file name. */
    public String jarName() {
        return artifactId() + "-" + version() + ".jar";
    }
}

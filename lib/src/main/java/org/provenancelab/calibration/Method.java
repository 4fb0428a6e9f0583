package org.provenancelab.calibration;

import java.util.Objects;

/**
 * A forensic method reduced to one score per model pair, so that it can be calibrated.
 *
 * @param key       short stable key used in results files ({@code norm.pearson})
 * @param name      what a reader sees ({@code Pearson of norm gains, same layer})
 * @param notebook  the notebook that introduces the method ({@code 07})
 * @param direction which way the score points
 * @param kind      what kind of evidence it is, for the rubric
 * @param score     what the number is, in one sentence
 */
public record Method(String key, String name, String notebook, Direction direction, EvidenceKind kind, String score) {
    public Method {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        if (key == null || !key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
            throw new IllegalArgumentException("method key '" + key + "' must be dotted lower-case words");
        }
        if (name == null || name.isBlank() || notebook == null || notebook.isBlank() || score == null) {
            throw new IllegalArgumentException("method '" + key + "' needs a name, a notebook and a score description");
        }
    }

    @Override
    public String toString() {
        return key + " (" + name + ", notebook " + notebook + ")";
    }
}

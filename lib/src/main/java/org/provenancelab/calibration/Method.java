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
 * @param unit      the score's unit: {@code tensors} (a count of whole tensors), {@code fraction},
 *                  {@code similarity}, {@code distance}, {@code p-value}; the rubric reads counts of
 *                  tensors as "how many tensors matched"
 */
public record Method(String key, String name, String notebook, Direction direction, EvidenceKind kind, String score,
                     String unit) {
    /** The unit of a count of whole tensors. */
    public static final String TENSORS = "tensors";

    /** A score in {@code unit} as the tables print it: a whole count of tensors as a whole number ({@code 0}, not {@code 0.000}). */
    public static String format(String unit, double score) {
        return TENSORS.equals(unit) && score == Math.rint(score) ? String.format(java.util.Locale.ROOT, "%,.0f", score)
                : org.provenancelab.view.Numbers.score(score);
    }

    public Method {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        if (key == null || !key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
            throw new IllegalArgumentException("method key '" + key + "' must be dotted lower-case words");
        }
        if (name == null || name.isBlank() || notebook == null || notebook.isBlank() || score == null || unit == null) {
            throw new IllegalArgumentException("method '" + key + "' needs a name, a notebook, a score description and a unit");
        }
    }

    @Override
    public String toString() {
        return key + " (" + name + ", notebook " + notebook + ")";
    }
}

package org.provenancelab.verdict;

import java.util.Objects;

/**
 * Where the verdict reads one number: which notebook's results, which key, which calibrated
 * method it is a score of, and whether it is the pair under study or a control.
 *
 * @param notebook two-digit number of the notebook that measured it
 * @param key      the results key
 * @param method   the calibrated method the number is a score of
 * @param control  true for a control pair (e.g. Phi vs GLM), false for the pair under study
 * @param required true if the verdict must stop when the entry is absent; false for entries a
 *                 profile may not produce (a control measured online only)
 * @param pair     the pair's name, or null to take it from the entry {@code <key>.pair}
 */
public record Probe(String notebook, String key, String method, boolean control, boolean required, String pair) {
    public Probe {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(method, "method");
        if (notebook == null || !notebook.matches("\\d{2}")) {
            throw new IllegalArgumentException("probe " + key + ": notebook must be a two-digit number, got " + notebook);
        }
    }

    /** The pair under study, a required entry. */
    public static Probe study(String notebook, String key, String method) {
        return new Probe(notebook, key, method, false, true, null);
    }

    /** The pair under study, a required entry, with the pair's name. */
    public static Probe study(String notebook, String key, String method, String pair) {
        return new Probe(notebook, key, method, false, true, pair);
    }

    /** The pair under study, read if present (a measurement only some profiles make, such as the live byte scan). */
    public static Probe studyIfPresent(String notebook, String key, String method, String pair) {
        return new Probe(notebook, key, method, false, false, pair);
    }

    /** A control pair, read if present. */
    public static Probe control(String notebook, String key, String method) {
        return new Probe(notebook, key, method, true, false, null);
    }

    /** A control pair, read if present, with the pair's name. */
    public static Probe control(String notebook, String key, String method, String pair) {
        return new Probe(notebook, key, method, true, false, pair);
    }
}

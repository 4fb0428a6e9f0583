package org.provenancelab.verdict;

import java.util.Objects;

/**
 * One of the user's questions and where the series answers it: a notebook's results key, and
 * what stands in (a published figure, a layout built from a published config) until the lab has
 * measured the real files.
 *
 * @param question the question as the page asks it
 * @param notebook two-digit number of the notebook that answers it
 * @param key      the results key of the lab's own answer
 * @param standIn  the key of what stands in, or empty
 */
public record Question(String question, String notebook, String key, String standIn) {
    public Question {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(key, "key");
        standIn = standIn == null ? "" : standIn;
        if (notebook == null || !notebook.matches("\\d{2}")) {
            throw new IllegalArgumentException("question '" + question + "': notebook must be a two-digit number, got " + notebook);
        }
    }

    public Question(String question, String notebook, String key) {
        this(question, notebook, key, "");
    }
}

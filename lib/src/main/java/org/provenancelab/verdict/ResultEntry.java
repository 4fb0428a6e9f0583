package org.provenancelab.verdict;

/**
 * One entry of a notebook's results file.
 *
 * @param notebook   the notebook that wrote it ({@code 09})
 * @param key        the entry's key
 * @param value      its number, or null for a text-only entry
 * @param text       its text (a formatted number, a statement), may be empty
 * @param source     the short source label ({@code live upstage/Solar-Open-100B@1a2b3c4})
 * @param sourceFull the full source (complete commit SHA or coordinates)
 * @param sources    the sources themselves, when the file lists them
 */
public record ResultEntry(String notebook, String key, Double value, String text, String source, String sourceFull,
                          java.util.List<org.provenancelab.provenance.Source> sources) {
    public ResultEntry(String notebook, String key, Double value, String text, String source, String sourceFull) {
        this(notebook, key, value, text, source, sourceFull, java.util.List.of());
    }

    public ResultEntry {
        sources = sources == null ? java.util.List.of() : java.util.List.copyOf(sources);
        text = text == null ? "" : text;
        source = source == null ? "" : source;
        sourceFull = sourceFull == null ? "" : sourceFull;
    }

    /** The number, or a clear error naming the entry if it has none. */
    public double number() {
        if (value == null) {
            throw new IllegalStateException("results of notebook " + notebook + ": entry '" + key
                    + "' holds text ('" + text + "'), not a number");
        }
        return value;
    }

    /** True if any of the entry's numbers is a side's published figure rather than the lab's measurement. */
    public boolean published() {
        return sources.isEmpty() ? source.startsWith("published")
                : sources.stream().anyMatch(s -> s.kind() == org.provenancelab.provenance.Source.Kind.PUBLISHED);
    }

    /**
     * The entry as an answer on the page: its text, or its number (whole numbers with separators),
     * saying so when it is a side's published figure or a layout built from a published config
     * rather than a measurement of the real files.
     */
    public String answer() {
        return answer(null);
    }

    /**
     * As {@link #answer()}, for a count out of {@code whole} when the notebook wrote one (its
     * entry {@code <key>_of}): {@code "1 of 151,329 (as published)"}, not a bare "1".
     */
    public String answer(Double whole) {
        String a = value == null ? text
                : value == Math.rint(value) ? String.format(java.util.Locale.ROOT, "%,.0f", value)
                : org.provenancelab.view.Numbers.score(value);
        if (whole != null && value != null) {
            a += String.format(java.util.Locale.ROOT, " of %,.0f", whole);
        }
        boolean published = published();
        boolean layout = sources.isEmpty() ? source.startsWith("local synthetic/")
                : sources.stream().allMatch(s -> s.kind() == org.provenancelab.provenance.Source.Kind.LOCAL && s.subject().startsWith("synthetic/"));
        return a + (published ? " (as published)" : layout ? " (a layout built from the published config, not the real files)" : "");
    }
}

package org.provenancelab.provenance;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.provenancelab.view.Display;
import org.provenancelab.view.HtmlText;
import org.provenancelab.view.Output;
import org.provenancelab.view.Plots;

/**
 * The sources a notebook session drew its numbers from. Loaders record what they read;
 * the runner closes every export with {@link #showFooter()}, which lists them.
 */
public final class Provenance {
    private static final Set<Source> SOURCES = new ConcurrentSkipListSet<>();
    /** Parameter name -> value, in the order the notebook declares them. */
    private static final Map<String, String> PARAMETERS = Collections.synchronizedMap(new LinkedHashMap<>());
    /** The parameters the runner injected (run-notebooks.sh --set). */
    private static final Set<String> OVERRIDDEN = ConcurrentHashMap.newKeySet();
    /** Notes the footer adds when a source of their kind was used (e.g. why zoo versions differ). */
    private static final java.util.Map<Source.Kind, Set<String>> NOTES = new java.util.concurrent.ConcurrentHashMap<>();

    private Provenance() {}

    /** Records that numbers from this source were used; returns it for chaining. */
    public static Source record(Source source) {
        SOURCES.add(source);
        return source;
    }

    /**
     * Records a value of the notebook's {@code parameters} cell, for the footer and the
     * results file. The runner calls this after that cell (and after any values it injected
     * for {@code run-notebooks.sh --set}); {@code overridden} marks the injected ones.
     */
    public static void parameter(String name, Object value, boolean overridden) {
        Objects.requireNonNull(name, "parameter name");
        PARAMETERS.put(name, String.valueOf(value));
        if (overridden) {
            OVERRIDDEN.add(name);
        } else {
            OVERRIDDEN.remove(name);
        }
    }

    /** The recorded parameters, name to value, in declaration order. */
    public static Map<String, String> parameters() {
        synchronized (PARAMETERS) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(PARAMETERS));
        }
    }

    /** True when the runner injected this parameter's value (run-notebooks.sh --set). */
    public static boolean overridden(String name) {
        return OVERRIDDEN.contains(name);
    }

    public static List<Source> sources() {
        return List.copyOf(SOURCES);
    }

    /**
     * A note the footer shows if, and only if, a source of {@code kind} was recorded: something a
     * reader of those sources needs to know that no single label says.
     */
    public static void noteFor(Source.Kind kind, String note) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("a provenance note for " + kind + " sources needs text");
        }
        NOTES.computeIfAbsent(kind, k -> new ConcurrentSkipListSet<>()).add(note.strip());
    }

    /** Forgets the recorded sources, parameters and notes (tests; a notebook never needs this). */
    public static void reset() {
        SOURCES.clear();
        PARAMETERS.clear();
        OVERRIDDEN.clear();
        NOTES.clear();
    }

    /**
     * The footer's lines: library version, lab commit and whether the tree was clean, profile,
     * sources with full revisions, notes on those sources, plotly.js (only if the page drew a
     * figure), Java, date.
     */
    public static List<String> footerLines(ZonedDateTime when) {
        return footerLines(when, Lab.commitSha(), Lab.treeState(), Display.figuresShown());
    }

    static List<String> footerLines(ZonedDateTime when, String commit, Lab.TreeState tree, boolean figures) {
        List<String> lines = new ArrayList<>();
        lines.add("Provenance Lab library " + Lab.version() + ", lab commit " + commit + " (" + tree.description() + ")");
        lines.add("Profile: " + Profile.current().label());
        Map<String, String> params = parameters();
        if (!params.isEmpty()) {
            StringJoiner j = new StringJoiner("; ", "Parameters: ", "");
            params.forEach((k, v) -> j.add(k + " = " + v + (overridden(k) ? " (set with --set)" : "")));
            lines.add(j.toString());
        }
        if (SOURCES.isEmpty()) {
            lines.add("Sources: none recorded (this notebook showed no measured or published numbers)");
        } else {
            for (Source s : SOURCES) {
                lines.add("Source: " + s.fullLabel());
            }
            java.util.Set<Source.Kind> used = java.util.EnumSet.noneOf(Source.Kind.class);
            SOURCES.forEach(s -> used.add(s.kind()));
            for (Source.Kind k : used) {
                for (String note : NOTES.getOrDefault(k, Set.of())) {
                    lines.add("Note: " + note);
                }
            }
        }
        lines.add((figures ? "plotly.js " + Plots.plotlyVersion() + " inlined (npm " + Plots.plotlyPackage() + "); " : "")
                + "Java " + Runtime.version().feature());
        lines.add("Run at " + when.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return lines;
    }

    /** Shows the provenance footer in the notebook. */
    public static void showFooter() {
        List<String> lines = footerLines(ZonedDateTime.now(ZoneOffset.UTC));
        StringBuilder html = new StringBuilder(
                "<div class=\"lab-provenance\" style=\"border-top:2px solid #444;margin-top:16px;padding-top:6px;font-size:12px\">"
                        + "<b>Provenance</b><ul style=\"margin:2px 0\">");
        for (String l : lines) {
            html.append("<li>").append(HtmlText.escape(l)).append("</li>");
        }
        html.append("</ul></div>");
        Display.sink().show(Output.html(html.toString(), "Provenance\n  " + String.join("\n  ", lines)));
    }
}

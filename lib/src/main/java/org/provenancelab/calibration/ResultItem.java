package org.provenancelab.calibration;

import java.util.List;
import org.provenancelab.provenance.Source;

/**
 * One entry a calibration contributes to its notebook's results file, in the key scheme the
 * verdict reads (see {@link CalibrationReport#resultItems}).
 *
 * @param key     results key
 * @param value   the number, or null for a text
 * @param text    a text (a pair's name, a rule), or null for a number: an entry is one or the other,
 *                as {@code Results.put} writes it
 * @param sources where it came from
 */
public record ResultItem(String key, Double value, String text, List<Source> sources) {
    public ResultItem {
        sources = List.copyOf(sources);
        if ((value == null) == (text == null)) {
            throw new IllegalArgumentException("result '" + key + "' must hold a number or a text, not "
                    + (value == null ? "neither" : "both"));
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("result '" + key + "' has no source");
        }
    }

    /** Writes this entry to the notebook's results file ({@code Results.put}). */
    public void put() {
        org.provenancelab.provenance.Sources src = org.provenancelab.provenance.Sources.of(sources);
        if (value != null) {
            org.provenancelab.provenance.Results.put(key, value, src);
        } else {
            org.provenancelab.provenance.Results.put(key, text, src);
        }
    }

    public static ResultItem number(String key, double value, List<Source> sources) {
        return new ResultItem(key, value, null, sources);
    }

    public static ResultItem text(String key, String text, List<Source> sources) {
        return new ResultItem(key, null, text, sources);
    }
}

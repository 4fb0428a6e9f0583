package org.provenancelab.calibration;

import java.util.List;
import org.provenancelab.provenance.Source;

/**
 * One entry a calibration contributes to its notebook's results file, in the key scheme the
 * verdict reads (see {@link CalibrationReport#resultItems}).
 *
 * @param key     results key
 * @param value   the number, or null for text only
 * @param text    the number as a reader sees it, or a statement
 * @param sources where it came from
 */
public record ResultItem(String key, Double value, String text, List<Source> sources) {
    public ResultItem {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("result '" + key + "' has no source");
        }
    }
}

package org.provenancelab.calibration;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.provenancelab.provenance.Source;

/**
 * One method's score on one model pair whose relation is known (or, for the pair under study,
 * assumed unknown and marked {@code null}).
 *
 * @param method   the method's key
 * @param pair     the pair, as a reader names it ({@code toy base@1 vs toy base@2})
 * @param set      where the pair comes from: {@code toy}, {@code zoo}, {@code published}, {@code live}
 * @param relation the known relation, or null for the pair under study
 * @param value    the score
 * @param sources  the sources of both models (or of the published file)
 */
public record PairScore(String method, String pair, String set, KnownRelation relation, double value, List<Source> sources) {
    public PairScore {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(set, "set");
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("score of " + method + " on " + pair + " has no source");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("score of " + method + " on " + pair + " is " + value
                    + ": a method that does not apply to a pair gives no score, not NaN");
        }
    }

    /** The sources' labels, joined ({@code toy a@1; toy b@2}). */
    public String sourceLabel() {
        return sources.stream().map(Source::label).distinct().collect(Collectors.joining("; "));
    }
}

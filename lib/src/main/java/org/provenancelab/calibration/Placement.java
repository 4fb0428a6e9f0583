package org.provenancelab.calibration;

import java.util.Locale;

/**
 * Where a new pair's score falls against a method's calibration: how many independent pairs
 * score at least as "related", how many derived pairs score at most as "related", and the region
 * this puts it in.
 *
 * @param score               the new pair's score
 * @param detected            beyond the threshold
 * @param independentAtLeast  independent calibration pairs scoring as related as this one or more
 * @param independent         independent calibration pairs
 * @param derivedAtMost       derived calibration pairs scoring as related as this one or less
 * @param derived             derived calibration pairs
 * @param region              one of the four regions, in words
 */
public record Placement(double score, boolean detected, int independentAtLeast, int independent, int derivedAtMost,
                        int derived, String region) {
    public static final String AMONG_DERIVED = "among the derived pairs (beyond every independent one)";
    public static final String BETWEEN = "between: beyond every independent pair, short of every derived pair";
    public static final String OVERLAP = "where independent and derived pairs overlap";
    public static final String AMONG_INDEPENDENT = "among the independent pairs (short of every derived one)";
    /**
     * Less related than every independent calibration pair: outside the range the calibration
     * saw, so the score may be on another scale (another shape, another dtype) than the toy family's.
     */
    public static final String BELOW_INDEPENDENT = "below every independent pair (outside the calibrated range: read with care)";

    /**
     * The fraction of independent calibration pairs at least as related: an empirical tail
     * probability, {@code (1 + count) / (1 + n)} so that it is never 0 with a finite sample.
     */
    public double independentTail() {
        return (1.0 + independentAtLeast) / (1.0 + independent);
    }

    /** The independent pairs this score beats, as a percentile of the independent distribution. */
    public double independentPercentile() {
        return independent == 0 ? Double.NaN : 100.0 * (independent - independentAtLeast) / independent;
    }

    /** The derived pairs this score reaches or beats, as a percentile of the derived distribution. */
    public double derivedPercentile() {
        return derived == 0 ? Double.NaN : 100.0 * derivedAtMost / derived;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s; beats %d of %d independent, reaches %d of %d derived", region,
                independent - independentAtLeast, independent, derivedAtMost, derived);
    }
}

package org.provenancelab.calibration;

/** Which way a method's score points: similarities grow with relatedness, distances and p-values shrink. */
public enum Direction {
    HIGHER_MEANS_RELATED(">"),
    LOWER_MEANS_RELATED("<");

    private final String symbol;

    Direction(String symbol) {
        this.symbol = symbol;
    }

    /** The comparison a score must pass to count as a detection (strictly), as printed beside a threshold. */
    public String symbol() {
        return symbol;
    }

    /** The score turned so that larger always means more related. */
    public double oriented(double score) {
        return this == HIGHER_MEANS_RELATED ? score : -score;
    }
}

package org.provenancelab.calibration;

import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * The score above which (or below which, for distances) a method says "derived".
 *
 * <p>The rule, stated once: with the scores oriented so that larger means more related, let
 * {@code I} be the highest score of any independent pair and {@code D} the lowest score of any
 * derived pair in the calibration set. If {@code D > I} the two are separated and the threshold
 * is the midpoint {@code (I + D) / 2}, which leaves the same slack on both sides. If they
 * overlap, the threshold is {@code I} itself: no independent calibration pair fires, and the
 * derived pairs at or below it are reported as missed. A detection is a score strictly beyond
 * the threshold.
 *
 * <p>Why not a quantile of the independent scores (say the 95th percentile)? A calibration set
 * has a handful of independent pairs; with n = 10 every quantile above 90 % is the maximum, so
 * the quantile rule is the maximum rule without the derived side's information. Why prefer no
 * false positives over more detections when they overlap? Calling a model derived when it is
 * not is the costly error in a dispute like this one.
 *
 * @param value             the threshold, in the method's own units
 * @param direction         which way the score points
 * @param separated         true if every derived score lies beyond every independent one
 * @param worstIndependent  the independent score closest to "related" (I, in the method's units)
 * @param weakestDerived    the derived score closest to "independent" (D, in the method's units)
 * @param independent       number of independent calibration pairs
 * @param derived           number of derived calibration pairs
 */
public record Threshold(double value, Direction direction, boolean separated, double worstIndependent,
                        double weakestDerived, int independent, int derived) {
    public Threshold {
        Objects.requireNonNull(direction, "direction");
    }

    /** Fits the rule above to the calibration scores. Both groups must be non-empty. */
    public static Threshold fit(Direction direction, double[] independent, double[] derived) {
        if (independent.length == 0 || derived.length == 0) {
            throw new IllegalArgumentException("a threshold needs independent and derived calibration pairs, got "
                    + independent.length + " independent and " + derived.length + " derived");
        }
        double i = Double.NEGATIVE_INFINITY;
        for (double v : independent) {
            i = Math.max(i, direction.oriented(check(v)));
        }
        double d = Double.POSITIVE_INFINITY;
        for (double v : derived) {
            d = Math.min(d, direction.oriented(check(v)));
        }
        boolean separated = d > i;
        double t = separated ? (i + d) / 2 : i;
        return new Threshold(direction.oriented(t), direction, separated, direction.oriented(i), direction.oriented(d),
                independent.length, derived.length);
    }

    private static double check(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("calibration score is " + v);
        }
        return v;
    }

    /** True if {@code score} lies strictly beyond the threshold, on the related side. */
    public boolean fires(double score) {
        return direction.oriented(score) > direction.oriented(value);
    }

    /** The rule as applied, short enough for a table cell: {@code midpoint: independent ≤ 0.120, derived ≥ 0.900}. */
    public String rule() {
        return rule(Threshold::fmt);
    }

    /** As {@link #rule()}, the numbers written by {@code format} (a method's own units, such as whole tensors). */
    public String rule(DoubleFunction<String> format) {
        String up = direction == Direction.HIGHER_MEANS_RELATED ? "≤" : "≥", down = direction == Direction.HIGHER_MEANS_RELATED ? "≥" : "≤";
        return (separated ? "midpoint: " : "overlap, no independent pair fires: ") + "independent " + up + " "
                + format.apply(worstIndependent) + ", derived " + down + " " + format.apply(weakestDerived);
    }

    /** {@code > 0.515} or {@code < 0.020}. */
    @Override
    public String toString() {
        return text(Threshold::fmt);
    }

    /** As {@link #toString()}, the value written by {@code format}. */
    public String text(DoubleFunction<String> format) {
        return direction.symbol() + " " + format.apply(value);
    }

    static String fmt(double v) {
        return org.provenancelab.view.Numbers.score(v);
    }
}

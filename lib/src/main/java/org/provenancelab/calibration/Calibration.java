package org.provenancelab.calibration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One method's calibration: its threshold, chosen on a calibration set (the lab's toy family,
 * where every relation is known), and what that threshold does. The threshold is then applied
 * unchanged to every other pair: the zoo's known relations, the controls, and the pair under
 * study.
 *
 * <p>The false-positive rate is measured out of sample: each independent calibration pair is
 * scored against a threshold fitted with that pair left out (leave-one-out), and independent
 * pairs from outside the calibration set are scored against the threshold as it is. An
 * in-sample rate would be zero by construction of the rule and would tell nothing.
 */
public final class Calibration {
    /** Confidence of every interval reported. */
    public static final double CONFIDENCE = 0.95;

    /**
     * The highest false-positive rate still allowed, at {@link #CONFIDENCE}, by a clean record
     * on n independent pairs (the exact two-sided Clopper–Pearson upper bound for 0 of n), e.g.
     * "31 %" for n = 10.
     */
    public static String cleanRecordBound(int n) {
        return String.format(java.util.Locale.ROOT, "%.0f %%", 100 * Rate.clopperPearson(0, n, CONFIDENCE).high());
    }

    private final Method method;
    private final String calibrationSet;
    private final List<PairScore> scores;
    private final Threshold threshold;

    private Calibration(Method method, String calibrationSet, List<PairScore> scores, Threshold threshold) {
        this.method = method;
        this.calibrationSet = calibrationSet;
        this.scores = scores;
        this.threshold = threshold;
    }

    /**
     * Fits the method's threshold on the scores of the calibration set named {@code set}
     * (scores of other sets, and of the method's other pairs, are refused: say which is which).
     */
    public static Calibration fit(Method method, String set, List<PairScore> calibration) {
        Objects.requireNonNull(method, "method");
        List<PairScore> own = new ArrayList<>();
        for (PairScore s : calibration) {
            if (!s.method().equals(method.key())) {
                throw new IllegalArgumentException("calibrating " + method.key() + ": score of another method ("
                        + s.method() + " on " + s.pair() + ")");
            }
            if (!s.set().equals(set)) {
                throw new IllegalArgumentException("calibrating " + method.key() + " on the " + set + " set: "
                        + s.pair() + " belongs to the " + s.set() + " set");
            }
            if (s.relation() == null) {
                throw new IllegalArgumentException("calibrating " + method.key() + ": " + s.pair()
                        + " has no known relation and cannot calibrate anything");
            }
            own.add(s);
        }
        Threshold t = Threshold.fit(method.direction(), values(own, false), values(own, true));
        return new Calibration(method, set, List.copyOf(own), t);
    }

    private static double[] values(List<PairScore> scores, boolean derived) {
        return scores.stream().filter(s -> s.relation() != null && s.relation().derived() == derived)
                .mapToDouble(PairScore::value).toArray();
    }

    public Method method() {
        return method;
    }

    /** The name of the set the threshold was chosen on. */
    public String calibrationSet() {
        return calibrationSet;
    }

    public Threshold threshold() {
        return threshold;
    }

    /** The calibration set's scores. */
    public List<PairScore> scores() {
        return scores;
    }

    /** The calibration set's independent score furthest on the unrelated side: below it, a score is outside the calibrated range. */
    public double leastIndependent() {
        Direction d = method.direction();
        return d.oriented(scores.stream().filter(p -> !p.relation().derived()).mapToDouble(p -> d.oriented(p.value())).min()
                .orElseThrow());
    }

    /** A score in this method's units as the tables print it: counts of tensors as whole numbers. */
    public String format(double score) {
        return Method.format(method.unit(), score);
    }

    /** The threshold as the tables print it, in this method's units ({@code > 0} for a count of tensors). */
    public String thresholdText() {
        return threshold.text(this::format);
    }

    /** The threshold's rule as the tables print it, in this method's units. */
    public String ruleText() {
        return threshold.rule(this::format);
    }

    /** True if the score lies beyond the threshold. */
    public boolean detects(double score) {
        return threshold.fires(score);
    }

    /**
     * Leave-one-out false positives on the calibration set's independent pairs: how many fire
     * against a threshold chosen without them.
     */
    public Rate leaveOneOutFalsePositives() {
        List<PairScore> independent = scores.stream().filter(s -> !s.relation().derived()).toList();
        double[] derived = values(scores, true);
        int fired = 0, n = 0;
        for (int i = 0; i < independent.size(); i++) {
            double[] rest = new double[independent.size() - 1];
            for (int j = 0, k = 0; j < independent.size(); j++) {
                if (j != i) {
                    rest[k++] = independent.get(j).value();
                }
            }
            if (rest.length == 0) {
                continue; // one independent pair cannot be left out of its own threshold
            }
            n++;
            if (Threshold.fit(method.direction(), rest, derived).fires(independent.get(i).value())) {
                fired++;
            }
        }
        return Rate.clopperPearson(fired, n, CONFIDENCE);
    }

    /**
     * The false-positive rate: leave-one-out on the calibration set's independent pairs, plus
     * the threshold as it is on {@code heldOut} independent pairs from elsewhere.
     */
    public Rate falsePositives(List<PairScore> heldOut) {
        Rate loo = leaveOneOutFalsePositives();
        int k = loo.k(), n = loo.n();
        for (PairScore s : mine(heldOut)) {
            if (s.relation() != null && !s.relation().derived()) {
                n++;
                if (detects(s.value())) {
                    k++;
                }
            }
        }
        return Rate.clopperPearson(k, n, CONFIDENCE);
    }

    /**
     * Detections per relation among {@code scored} (this method's scores only), with exact
     * intervals. A pair of the calibration set is judged against a threshold chosen without it
     * (leave-one-out), so no count is 100 % by construction; a held-out pair against the threshold
     * as it is.
     */
    public Map<KnownRelation, Rate> detections(List<PairScore> scored) {
        Map<KnownRelation, int[]> counts = new EnumMap<>(KnownRelation.class);
        for (PairScore s : mine(scored)) {
            if (s.relation() == null) {
                continue;
            }
            Boolean fired = scores.contains(s) ? firesLeftOut(s) : Boolean.valueOf(detects(s.value()));
            if (fired == null) {
                continue; // the only pair of its group cannot be left out of its own threshold
            }
            int[] c = counts.computeIfAbsent(s.relation(), r -> new int[2]);
            c[1]++;
            if (fired) {
                c[0]++;
            }
        }
        Map<KnownRelation, Rate> out = new EnumMap<>(KnownRelation.class);
        counts.forEach((r, c) -> out.put(r, Rate.clopperPearson(c[0], c[1], CONFIDENCE)));
        return out;
    }

    /** Whether a calibration pair fires against the threshold fitted on the other calibration pairs; null if it cannot be left out. */
    private Boolean firesLeftOut(PairScore left) {
        List<PairScore> rest = new ArrayList<>(scores);
        rest.remove(left);
        double[] independent = values(rest, false), derived = values(rest, true);
        if (independent.length == 0 || derived.length == 0) {
            return null;
        }
        return Threshold.fit(method.direction(), independent, derived).fires(left.value());
    }

    /** Where a new score falls between the calibration set's independent and derived scores. */
    public Placement place(double score) {
        Direction d = method.direction();
        double s = d.oriented(score);
        int indepAtLeast = 0, indep = 0, derivedAtMost = 0, derived = 0;
        double leastIndependent = Double.POSITIVE_INFINITY;
        for (PairScore p : scores) {
            double v = d.oriented(p.value());
            if (!p.relation().derived()) {
                leastIndependent = Math.min(leastIndependent, v);
            }
            if (p.relation().derived()) {
                derived++;
                if (v <= s) {
                    derivedAtMost++;
                }
            } else {
                indep++;
                if (v >= s) {
                    indepAtLeast++;
                }
            }
        }
        double i = d.oriented(threshold.worstIndependent()), w = d.oriented(threshold.weakestDerived());
        String region;
        if (s > i) {
            region = s >= w ? Placement.AMONG_DERIVED : Placement.BETWEEN;
        } else if (s >= w) {
            region = Placement.OVERLAP;
        } else {
            region = s < leastIndependent ? Placement.BELOW_INDEPENDENT : Placement.AMONG_INDEPENDENT;
        }
        return new Placement(score, detects(score), indepAtLeast, indep, derivedAtMost, derived, region);
    }

    private List<PairScore> mine(List<PairScore> scored) {
        return scored.stream().filter(s -> s.method().equals(method.key())).toList();
    }

    @Override
    public String toString() {
        return method.key() + ": detects " + thresholdText() + " (" + ruleText() + ", chosen on " + calibrationSet
                + "); false positives " + leaveOneOutFalsePositives() + " (leave-one-out)";
    }
}

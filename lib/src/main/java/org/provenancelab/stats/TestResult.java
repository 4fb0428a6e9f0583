package org.provenancelab.stats;

/**
 * A test's full report: what was compared, how, and how strongly. There is deliberately no
 * "sigma": with few samples, a z-score is not a probability.
 *
 * @param test         what was computed
 * @param alternative  the direction tested
 * @param statistic    observed mean(x) − mean(y)
 * @param p            p-value
 * @param nX           sample size of x
 * @param nY           sample size of y
 * @param exact        true if every split was enumerated
 * @param permutations splits enumerated or sampled
 * @param seed         seed of the sampled splits, null if exact
 * @param cohensD      (mean x − mean y) / pooled standard deviation (ddof 1); NaN if undefined
 * @param superiority  P(X &gt; Y) + ½ P(X = Y) over all pairs: 1 means every x beats every y
 */
public record TestResult(String test, PermutationTest.Alternative alternative, double statistic, double p, int nX,
                         int nY, boolean exact, long permutations, Long seed, double cohensD, double superiority) {

    /** The smallest p-value this design could ever produce. */
    public double smallestPossibleP() {
        return exact ? 1.0 / permutations : 1.0 / (permutations + 1.0);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s (%s): diff=%.6g p=%.4g n=%d vs %d, %s %d splits%s, d=%.3g, P(x>y)=%.3f",
                test, alternative.name().toLowerCase(java.util.Locale.ROOT), statistic, p, nX, nY,
                exact ? "exact over" : "sampled", permutations, seed == null ? "" : " (seed " + seed + ")",
                cohensD, superiority);
    }
}

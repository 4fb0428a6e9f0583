package org.provenancelab.metrics;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Which layer of model B each layer of model A resembles most, read from a score matrix where
 * larger means more alike (see {@link LayerMatrix#alikeness()}).
 */
public final class Alignment {
    private Alignment() {}

    /** The best-scoring column of each row (the first, on ties). */
    public static int[] argmax(double[][] score) {
        int[] best = new int[score.length];
        for (int i = 0; i < score.length; i++) {
            int b = 0;
            for (int j = 1; j < score[i].length; j++) {
                if (score[i][j] > score[i][b]) {
                    b = j;
                }
            }
            best[i] = b;
        }
        return best;
    }

    /** Best minus second-best score of each row (NaN for a single column). */
    public static double[] margins(double[][] score) {
        double[] m = new double[score.length];
        for (int i = 0; i < score.length; i++) {
            double first = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
            for (double s : score[i]) {
                if (s > first) {
                    second = first;
                    first = s;
                } else if (s > second) {
                    second = s;
                }
            }
            m[i] = score[i].length < 2 ? Double.NaN : first - second;
        }
        return m;
    }

    /** The identity mapping for {@code n} rows: row i expects column i (or −1 beyond {@code cols}). */
    public static int[] identity(int n, int cols) {
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = i < cols ? i : -1;
        }
        return e;
    }

    /** Fraction of rows (with an expected column, i.e. not −1) whose chosen column is the expected one. */
    public static double rate(int[] chosen, int[] expected) {
        if (chosen.length != expected.length) {
            throw new IllegalArgumentException("mapping lengths differ: " + chosen.length + " vs " + expected.length);
        }
        int n = 0, hit = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (expected[i] >= 0) {
                n++;
                if (chosen[i] == expected[i]) {
                    hit++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) hit / n;
    }

    /**
     * Mean, over rows with an expected column, of score(expected) minus the best other score
     * in the row: positive when the expected partner stands out.
     */
    public static double expectedMargin(double[][] score, int[] expected) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < score.length; i++) {
            int e = expected[i];
            if (e < 0) {
                continue;
            }
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < score[i].length; j++) {
                if (j != e) {
                    other = Math.max(other, score[i][j]);
                }
            }
            sum += score[i][e] - other;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Shuffle null: how often a random relabelling of the columns gives an alignment rate (argmax
     * versus {@code expected}) and an expected margin at least as large as observed.
     * p = (1 + #null ≥ observed) / (1 + permutations).
     */
    public static ShuffleNull shuffleNull(double[][] score, int[] expected, int permutations, long seed) {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
        }
        int cols = score[0].length;
        double rate = rate(argmax(score), expected);
        double margin = expectedMargin(score, expected);
        MersenneTwister rng = new MersenneTwister(seed);
        int[] perm = new int[cols];
        double[][] shuffled = new double[score.length][cols];
        int geRate = 0, geMargin = 0;
        for (int b = 0; b < permutations; b++) {
            for (int j = 0; j < cols; j++) {
                perm[j] = j;
            }
            for (int j = cols - 1; j > 0; j--) {
                int k = rng.nextInt(j + 1);
                int t = perm[j];
                perm[j] = perm[k];
                perm[k] = t;
            }
            for (int i = 0; i < score.length; i++) {
                for (int j = 0; j < cols; j++) {
                    shuffled[i][j] = score[i][perm[j]];
                }
            }
            if (rate(argmax(shuffled), expected) >= rate - 1e-12) {
                geRate++;
            }
            if (expectedMargin(shuffled, expected) >= margin - 1e-12 * Math.max(1, Math.abs(margin))) {
                geMargin++;
            }
        }
        return new ShuffleNull(rate, (1.0 + geRate) / (1.0 + permutations), margin,
                (1.0 + geMargin) / (1.0 + permutations), permutations, seed);
    }

    /** Results of {@link #shuffleNull}. */
    public record ShuffleNull(double rate, double rateP, double margin, double marginP, int permutations, long seed) {}

    /**
     * Monotone alignment (dynamic time warping) over a cost matrix (smaller = more alike,
     * non-negative): a path from (0, 0) to (n−1, m−1) stepping right, down or diagonally,
     * with the least summed cost. A layer inserted in one model shows up as a row or column
     * visited twice.
     */
    public static Dtw dtw(double[][] cost) {
        int n = cost.length, m = cost[0].length;
        double[][] d = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double c = cost[i][j];
                if (!(c >= 0) || Double.isInfinite(c)) {
                    throw new IllegalArgumentException("DTW cost at (" + i + ", " + j + ") must be finite and >= 0, got " + c);
                }
                double prev;
                if (i == 0 && j == 0) {
                    prev = 0;
                } else {
                    prev = Double.POSITIVE_INFINITY;
                    if (i > 0 && j > 0) {
                        prev = d[i - 1][j - 1];
                    }
                    if (i > 0) {
                        prev = Math.min(prev, d[i - 1][j]);
                    }
                    if (j > 0) {
                        prev = Math.min(prev, d[i][j - 1]);
                    }
                }
                d[i][j] = c + prev;
            }
        }
        List<int[]> path = new ArrayList<>();
        int i = n - 1, j = m - 1;
        path.add(new int[] {i, j});
        while (i > 0 || j > 0) {
            // prefer the diagonal on ties: fewer insertions
            if (i > 0 && j > 0 && d[i - 1][j - 1] <= d[i - 1][j] && d[i - 1][j - 1] <= d[i][j - 1]) {
                i--;
                j--;
            } else if (i > 0 && (j == 0 || d[i - 1][j] <= d[i][j - 1])) {
                i--;
            } else {
                j--;
            }
            path.add(0, new int[] {i, j});
        }
        int[][] p = path.toArray(new int[0][]);
        return new Dtw(p, d[n - 1][m - 1]);
    }

    /** A DTW path (pairs (row, col) in order) and its summed cost. */
    public record Dtw(int[][] path, double total) {
        public Dtw {
            int[][] copy = new int[path.length][];
            for (int k = 0; k < path.length; k++) {
                copy[k] = path[k].clone();
            }
            path = copy;
        }

        @Override
        public int[][] path() {
            int[][] copy = new int[path.length][];
            for (int k = 0; k < path.length; k++) {
                copy[k] = path[k].clone();
            }
            return copy;
        }

        /** Rows matched to more than one column (a layer of the column model with no own partner). */
        public List<Integer> repeatedRows() {
            return repeated(0);
        }

        /** Columns matched to more than one row. */
        public List<Integer> repeatedCols() {
            return repeated(1);
        }

        private List<Integer> repeated(int axis) {
            List<Integer> r = new ArrayList<>();
            for (int k = 1; k < path.length; k++) {
                if (path[k][axis] == path[k - 1][axis] && (r.isEmpty() || r.get(r.size() - 1) != path[k][axis])) {
                    r.add(path[k][axis]);
                }
            }
            return r;
        }
    }
}

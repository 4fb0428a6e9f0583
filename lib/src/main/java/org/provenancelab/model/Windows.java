package org.provenancelab.model;

import java.util.TreeSet;
import org.apache.commons.math3.random.MersenneTwister;

/** Where rows, windows and seeded samples of a tensor may lie: one set of rules for every model source. */
public final class Windows {
    private Windows() {}

    /**
     * {@code windows} distinct, non-overlapping windows of {@code length} elements in a tensor of
     * {@code numel} elements: their first elements, ascending. The same seed gives the same windows.
     */
    public static long[] place(String what, long numel, int windows, int length, long seed) {
        long slots = numel / Math.max(1, length);
        if (windows < 1 || length < 1 || slots < windows) {
            throw new IllegalArgumentException(what + ": cannot place " + windows + " windows of " + length
                    + " elements in " + numel + " elements");
        }
        MersenneTwister rng = new MersenneTwister(seed);
        TreeSet<Long> chosen = new TreeSet<>();
        while (chosen.size() < windows) {
            chosen.add((long) (rng.nextDouble() * slots));
        }
        return chosen.stream().mapToLong(s -> s * length).toArray();
    }

    /** Rows [from, to) must lie within the tensor's {@code rows}. */
    public static void checkRows(String what, long rows, long from, long to) {
        if (from < 0 || to > rows || from > to) {
            throw new IllegalArgumentException(what + ": rows [" + from + ", " + to + ") outside its " + rows + " rows");
        }
    }

    /** Elements [first, first + count) must lie within the tensor's {@code numel}. */
    public static void checkWindow(String what, long numel, long first, int count) {
        if (first < 0 || count < 0 || first + count > numel) {
            throw new IllegalArgumentException(what + ": elements [" + first + ", " + (first + count) + ") outside its "
                    + numel + " elements");
        }
    }
}

package org.provenancelab.model;

import java.util.TreeSet;
import org.apache.commons.math3.random.MersenneTwister;

/** Seeded placement of sample windows, shared by every model source so that all sample alike. */
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
}

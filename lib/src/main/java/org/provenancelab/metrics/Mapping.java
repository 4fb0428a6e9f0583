package org.provenancelab.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Which column layer each row layer is expected to pair with, for reading an alignment: the
 * identity (layer i with layer i), every k-th layer (a child that kept every k-th layer of its
 * parent), an offset, an explicit list, or the mapping found by optimal assignment. −1 means
 * "no partner expected" (rows past the other model's depth).
 */
public abstract class Mapping {
    private final String name;

    private Mapping(String name) {
        this.name = name;
    }

    /** The expected column of each of {@code rows} rows, −1 where none (or out of range). */
    public abstract int[] expected(LayerMatrix m);

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Row i expects column i. */
    public static Mapping identity() {
        return affine("identity (layer i ↔ layer i)", 1, 0);
    }

    /** Row i expects column k·i: a child that kept layers 0, k, 2k, … of its parent. */
    public static Mapping everyKth(int k) {
        return everyKth(k, 0);
    }

    /** Row i expects column first + k·i (e.g. k = 2, first = 1: layers 1, 3, 5, …). */
    public static Mapping everyKth(int k, int first) {
        if (k < 1 || first < 0) {
            throw new IllegalArgumentException("every k-th layer needs k >= 1 and first >= 0, got k " + k + ", first " + first);
        }
        return affine("every k-th layer, k = " + k + " (layer i ↔ layer " + (first == 0 ? "" : first + " + ") + k + "·i)", k, first);
    }

    /** Row i expects column i + d. */
    public static Mapping offset(int d) {
        return affine("offset " + d + " (layer i ↔ layer i " + (d < 0 ? "− " + -d : "+ " + d) + ")", 1, d);
    }

    /** An explicit expected column per row (−1 for none). */
    public static Mapping of(String name, int... expected) {
        int[] e = expected.clone();
        return new Mapping(name) {
            @Override
            public int[] expected(LayerMatrix m) {
                if (e.length != m.rows()) {
                    throw new IllegalArgumentException("mapping '" + name() + "' has " + e.length + " rows, the matrix "
                            + m.rows());
                }
                for (int c : e) {
                    if (c < -1 || c >= m.cols()) {
                        throw new IllegalArgumentException("mapping '" + name() + "' names column " + c + " of " + m.cols());
                    }
                }
                return e.clone();
            }
        };
    }

    /** The one-to-one mapping that maximises the summed similarity (optimal assignment). */
    public static Mapping assignment() {
        return new Mapping("optimal assignment") {
            @Override
            public int[] expected(LayerMatrix m) {
                return m.assignment().columnOfRow(m.rows());
            }
        };
    }

    private static Mapping affine(String name, int k, int d) {
        return new Mapping(name) {
            @Override
            public int[] expected(LayerMatrix m) {
                int[] e = new int[m.rows()];
                for (int i = 0; i < e.length; i++) {
                    long c = (long) k * i + d;
                    e[i] = c >= 0 && c < m.cols() ? (int) c : -1;
                }
                return e;
            }
        };
    }

    static String describe(int[] e) {
        return Arrays.toString(e);
    }

    static Mapping checked(Mapping m) {
        return Objects.requireNonNull(m, "mapping");
    }
}

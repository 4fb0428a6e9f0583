package org.provenancelab.toy;

/**
 * Two toy members whose relation is known.
 *
 * @param a        the first member (the child, for derived pairs)
 * @param b        the second member (the parent, for derived pairs)
 * @param relation "independent" or the child's relation to its parent ({@link Relation#label()})
 * @param gains    how the norm gains started: "ones", "N(0, 1)" or "ones / N(0, 1)"
 * @param aToB     for each layer of {@code a}, the layer of {@code b} it corresponds to (same index
 *                 for independent pairs, the parent's layer for derived ones)
 */
public record KnownPair(String a, String b, String relation, String gains, int[] aToB) {
    public KnownPair {
        aToB = aToB.clone();
    }

    @Override
    public int[] aToB() {
        return aToB.clone();
    }

    public boolean derived() {
        return !relation.equals("independent");
    }

    /** "independent, gains ones", "independent, gains N(0, 1)", … or "derived: fine-tune", … */
    public String kind() {
        return derived() ? "derived: " + relation : "independent, gains " + gains;
    }

    /** {@code a vs b}. */
    public String label() {
        return a + " vs " + b;
    }

    @Override
    public String toString() {
        return label() + " (" + relation + ", gains " + gains + ")";
    }
}

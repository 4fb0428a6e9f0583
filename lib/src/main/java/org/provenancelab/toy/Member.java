package org.provenancelab.toy;

import java.util.Arrays;

/**
 * One member of a toy family, as data: what it is, where it came from, how it was trained.
 *
 * @param name     member name, e.g. {@code ones-1}
 * @param parent   the member it derives from, or "" for independent members
 * @param relation how it relates to the parent
 * @param seed     its own seed: initialisation (independent) and data order
 * @param gains    how norm gains were initialised (inherited for derived members)
 * @param data     name of the corpus it was trained on ("" for copies)
 * @param steps    optimizer steps it was trained for itself (0 for copies)
 * @param lr       peak learning rate of its own training
 * @param keep     for {@link Relation#LAYER_DROP}: the parent blocks kept, in order; else empty
 */
public record Member(String name, String parent, Relation relation, long seed, ToyParams.GainInit gains, String data,
        int steps, double lr, int[] keep) {
    public Member {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("toy member name must be lower-case letters, digits and dashes: " + name);
        }
        parent = parent == null ? "" : parent;
        keep = keep == null ? new int[0] : keep.clone();
        if (relation.derived() == parent.isEmpty()) {
            throw new IllegalArgumentException("toy member " + name + ": " + relation.label()
                    + (relation.derived() ? " needs a parent" : " cannot have a parent"));
        }
        if ((relation == Relation.LAYER_DROP) == (keep.length == 0)) {
            throw new IllegalArgumentException("toy member " + name + ": kept blocks are given for layer-drop children only");
        }
    }

    public static Member independent(String name, long seed, ToyParams.GainInit gains, String data, int steps, double lr) {
        return new Member(name, "", Relation.INDEPENDENT, seed, gains, data, steps, lr, null);
    }

    @Override
    public int[] keep() {
        return keep.clone();
    }

    /**
     * Which parent layer each of this member's layers came from ({@code parentLayers} long for
     * same-depth children), or null for independent members: the truth alignment should find.
     */
    public int[] parentLayerOf(int layers) {
        if (!relation.derived()) {
            return null;
        }
        if (relation == Relation.LAYER_DROP) {
            return keep.clone();
        }
        int[] id = new int[layers];
        Arrays.setAll(id, i -> i);
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Member m && name.equals(m.name) && parent.equals(m.parent) && relation == m.relation && seed == m.seed
                && gains == m.gains && data.equals(m.data) && steps == m.steps && Double.compare(lr, m.lr) == 0
                && Arrays.equals(keep, m.keep);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(keep);
    }

    @Override
    public String toString() {
        return name + (parent.isEmpty() ? "" : " (" + relation.label() + " of " + parent + ")");
    }
}

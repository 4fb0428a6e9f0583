package org.provenancelab.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;

/**
 * Two models to score, with what is known about them: their relation (null for the pair under
 * study) and which layer of B each layer of A is compared with. For a layer-dropped child (A)
 * and its parent (B) that is the kept blocks; for models of one depth, and for the pair under
 * study, it is the same index, as both sides of the dispute compared them.
 *
 * @param name     as a reader names it ({@code ones-1 vs ones-1-ft-short})
 * @param set      {@code toy}, {@code zoo}, {@code live}, {@code local}
 * @param relation the known relation, or null
 * @param a        first model
 * @param b        second model
 * @param layerMap for each compared layer i of A, the layer of B it is compared with
 */
public record ModelPair(String name, String set, KnownRelation relation, ModelSource a, ModelSource b, int[] layerMap) {
    public ModelPair {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        layerMap = layerMap.clone();
        if (layerMap.length == 0) {
            throw new IllegalArgumentException("pair " + name + " compares no layers");
        }
    }

    /** The same index in both, over the first {@code layers} layers. */
    public static int[] sameIndex(int layers) {
        int[] m = new int[layers];
        Arrays.setAll(m, i -> i);
        return m;
    }

    @Override
    public int[] layerMap() {
        return layerMap.clone();
    }

    /** The sources of both models. */
    public List<Source> sources() {
        List<Source> s = new ArrayList<>(List.of(a.source()));
        if (!s.contains(b.source())) {
            s.add(b.source());
        }
        return s;
    }

    /** The pairs as a table: name, set, relation ("undocumented" if unknown), the layers compared, sources. */
    public static tech.tablesaw.api.Table table(String name, List<ModelPair> pairs) {
        var t = tech.tablesaw.api.Table.create(name, tech.tablesaw.api.StringColumn.create("pair"),
                tech.tablesaw.api.StringColumn.create("set"), tech.tablesaw.api.StringColumn.create("relation"),
                tech.tablesaw.api.StringColumn.create("layers compared (A → B)"), tech.tablesaw.api.StringColumn.create("source"));
        for (ModelPair p : pairs) {
            t.stringColumn(0).append(p.name());
            t.stringColumn(1).append(p.set());
            t.stringColumn(2).append(p.relation() == null ? "undocumented" : p.relation().label());
            t.stringColumn(3).append(java.util.Arrays.toString(p.layerMap()));
            t.stringColumn(4).append(org.provenancelab.provenance.Sources.of(p.sources()).label());
        }
        return t;
    }

    /** A score of this pair by {@code method}. */
    public PairScore score(String method, double value) {
        return new PairScore(method, name, set, relation, value, sources());
    }

    @Override
    public String toString() {
        return name + " (" + (relation == null ? "relation unknown" : relation.label()) + ", " + set + ")";
    }
}

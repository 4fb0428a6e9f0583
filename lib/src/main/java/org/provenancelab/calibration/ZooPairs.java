package org.provenancelab.calibration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provenancelab.zoo.Zoo;
import org.provenancelab.zoo.ZooEntry;
import org.provenancelab.zoo.ZooModel;

/**
 * The zoo's pairs for calibration, as the catalog documents them: each int8 model with the float
 * model it was quantized from (a known derivation); pairs whose relation no source documents
 * (read against the calibration, never used to choose anything); and the 512-wide Chinese model
 * beside the 384-wide English ones, presumed independent — different width, depth and
 * vocabulary, no documented relation — for the methods that compare models of any width.
 */
public final class ZooPairs {
    private final Map<String, ZooModel> open = new LinkedHashMap<>();

    /** Opens models on demand, each once. */
    public ZooModel model(String name) throws IOException {
        ZooModel m = open.get(name);
        if (m == null) {
            m = Zoo.open(name);
            open.put(name, m);
        }
        return m;
    }

    /** Every int8 model of the catalog against its original, layer by layer. */
    public List<ModelPair> quantizedCopies() throws IOException {
        List<ModelPair> out = new ArrayList<>();
        for (ZooEntry e : Zoo.catalog()) {
            if (e.quantized()) {
                ZooModel q = model(e.name()), f = model(e.quantizedFrom());
                out.add(new ModelPair(e.name() + " vs " + e.quantizedFrom(), "zoo", KnownRelation.QUANTIZED_COPY, q, f,
                        ModelPair.sameIndex(e.layers())));
            }
        }
        return out;
    }

    /** Pairs of equal width whose relation no source documents, compared at the same layer index. */
    public List<ModelPair> undocumented(List<String[]> names) throws IOException {
        List<ModelPair> out = new ArrayList<>();
        for (String[] n : names) {
            ZooModel a = model(n[0]), b = model(n[1]);
            int layers = Math.min(a.entry().layers(), b.entry().layers());
            out.add(new ModelPair(n[0] + " vs " + n[1], "zoo", null, a, b, ModelPair.sameIndex(layers)));
        }
        return out;
    }

    /**
     * The 512-wide {@code bge-small-zh-v15} against each named 384-wide model: presumed
     * independent, usable only by methods that need no element correspondence.
     */
    public List<ModelPair> acrossWidths(String wide, List<String> others) throws IOException {
        List<ModelPair> out = new ArrayList<>();
        ZooModel w = model(wide);
        for (String o : others) {
            ZooModel m = model(o);
            int layers = Math.min(w.entry().layers(), m.entry().layers());
            out.add(new ModelPair(wide + " vs " + o, "zoo", KnownRelation.INDEPENDENT, w, m, ModelPair.sameIndex(layers)));
        }
        return out;
    }
}

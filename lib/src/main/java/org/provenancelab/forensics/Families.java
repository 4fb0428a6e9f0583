package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.provenancelab.model.Inventory;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.TensorRole;
import org.provenancelab.safetensors.TensorEntry;
import org.provenancelab.tensor.DType;

/**
 * Tensor families shared by two models: the same name once its layer index is replaced by
 * {@code {i}} ({@code model.layers.{i}.self_attn.k_proj.weight}), found in both. A family is
 * comparable element by element when every member in both models has one dtype and one shape;
 * otherwise it is listed with the reason it is not. Layer indices come from the role map; for an
 * architecture without one, from the first {@code .N.} in the name.
 */
public final class Families {
    private static final Pattern FIRST_INDEX = Pattern.compile("\\.(\\d+)\\.");

    private Families() {}

    /**
     * One family in both models.
     *
     * @param key        the name pattern, {@code {i}} standing for the layer
     * @param a          slot → tensor name in the first model: the layer (−1 for a tensor outside the
     *                   stack), or {@code layer × EXPERT_SLOTS + expert} in an expert family
     * @param b          the same in the second model
     * @param dtype      the common dtype, or null if not comparable
     * @param shape      the common shape, or null if not comparable
     * @param comparable true if every member in both models has that dtype and shape
     * @param note       why not, when not comparable
     */
    public record Family(String key, Map<Integer, String> a, Map<Integer, String> b, DType dtype, long[] shape,
                         boolean comparable, String note) {
        public Family {
            a = java.util.Collections.unmodifiableMap(new TreeMap<>(a));
            b = java.util.Collections.unmodifiableMap(new TreeMap<>(b));
            shape = shape == null ? null : shape.clone();
        }

        @Override
        public long[] shape() {
            return shape == null ? null : shape.clone();
        }

        /** True for a family of routed experts ({@code {e}} in the key). */
        public boolean experts() {
            return key.contains("{e}");
        }

        /** A slot as a reader says it: "layer 3", "layer 3 expert 7", or "-" outside the stack. */
        public String label(int slot) {
            if (slot < 0) {
                return "-";
            }
            return experts() ? "layer " + slot / EXPERT_SLOTS + " expert " + slot % EXPERT_SLOTS : "layer " + slot;
        }

        /** Elements per member (0 if not comparable). */
        public long numel() {
            return shape == null ? 0 : org.provenancelab.tensor.Tensor.elementCount(shape);
        }

        @Override
        public String toString() {
            return key + " (" + a.size() + " × " + b.size() + (comparable ? ", " + dtype + Arrays.toString(shape) : ", " + note) + ")";
        }
    }

    /** Slots of routed experts: {@code layer × EXPERT_SLOTS + expert}. */
    public static final int EXPERT_SLOTS = 1000;

    /**
     * The family key of a tensor name: its layer index replaced by {@code {i}} and, for a routed
     * expert, its expert index by {@code {e}}.
     */
    public static String key(Inventory inv, String name) {
        TensorRole r = inv.roles().of(name);
        if (r.layer() >= 0) {
            String k = name.replaceFirst("\\." + r.layer() + "\\.", ".{i}.");
            return r.expert() >= 0 ? k.replaceFirst("\\.experts\\." + r.expert() + "\\.", ".experts.{e}.") : k;
        }
        if (!inv.roles().known()) {
            Matcher m = FIRST_INDEX.matcher(name);
            if (m.find()) {
                return name.substring(0, m.start()) + ".{i}." + name.substring(m.end());
            }
        }
        return name;
    }

    /**
     * The slot a name has in its family: its layer index (−1 outside the layer stack), or for a
     * routed expert {@code layer × EXPERT_SLOTS + expert}.
     */
    public static int slot(Inventory inv, String name) {
        TensorRole r = inv.roles().of(name);
        if (r.expert() >= 0) {
            return r.layer() * EXPERT_SLOTS + r.expert();
        }
        if (r.layer() >= 0 || inv.roles().known()) {
            return r.layer();
        }
        Matcher m = FIRST_INDEX.matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Every family present in both models, in the first model's tensor order. */
    public static List<Family> shared(ModelSource a, ModelSource b) throws IOException {
        Inventory ia = a.inventory(), ib = b.inventory();
        Map<String, Map<Integer, TensorEntry>> fa = group(ia), fb = group(ib);
        List<Family> out = new ArrayList<>();
        for (var e : fa.entrySet()) {
            Map<Integer, TensorEntry> mb = fb.get(e.getKey());
            if (mb == null) {
                continue;
            }
            out.add(family(e.getKey(), e.getValue(), mb));
        }
        return out;
    }

    /** One family by its key (e.g. {@code encoder.layer.{i}.attention.self.query.weight}). */
    public static Family of(ModelSource a, ModelSource b, String key) throws IOException {
        Map<Integer, TensorEntry> ma = group(a.inventory()).get(key), mb = group(b.inventory()).get(key);
        if (ma == null || mb == null) {
            throw new IllegalArgumentException("no tensor family '" + key + "' in " + (ma == null ? a.id() : b.id()));
        }
        return family(key, ma, mb);
    }

    /** Whether a model has a family (DeepSeek-V2's latent attention has no {@code k_proj}, for one). */
    public static boolean has(ModelSource m, String key) throws IOException {
        return group(m.inventory()).containsKey(key);
    }

    /** Layer → name of one model's members of a family given by its key (its layers in order). */
    public static Map<Integer, String> members(ModelSource m, String key) throws IOException {
        Map<Integer, TensorEntry> g = group(m.inventory()).get(key);
        if (g == null) {
            throw new IllegalArgumentException(m.id() + ": no tensor matches '" + key + "'");
        }
        Map<Integer, String> out = new TreeMap<>();
        g.forEach((l, t) -> out.put(l, t.name()));
        return out;
    }

    private static Family family(String key, Map<Integer, TensorEntry> ma, Map<Integer, TensorEntry> mb) {
        Map<Integer, String> na = new TreeMap<>(), nb = new TreeMap<>();
        ma.forEach((l, t) -> na.put(l, t.name()));
        mb.forEach((l, t) -> nb.put(l, t.name()));
        TensorEntry first = ma.values().iterator().next();
        String note = "";
        for (TensorEntry t : concat(ma, mb)) {
            if (t.dtype() != first.dtype()) {
                note = "dtypes differ (" + first.dtype() + " in " + first.name() + ", " + t.dtype() + " in " + t.name() + ")";
                break;
            }
            if (!Arrays.equals(t.shape(), first.shape())) {
                note = "shapes differ (" + Arrays.toString(first.shape()) + " in " + first.name() + ", "
                        + Arrays.toString(t.shape()) + " in " + t.name() + ")";
                break;
            }
        }
        boolean ok = note.isEmpty();
        return new Family(key, na, nb, ok ? first.dtype() : null, ok ? first.shape() : null, ok, note);
    }

    private static List<TensorEntry> concat(Map<Integer, TensorEntry> a, Map<Integer, TensorEntry> b) {
        List<TensorEntry> l = new ArrayList<>(a.values());
        l.addAll(b.values());
        return l;
    }

    private static Map<String, Map<Integer, TensorEntry>> group(Inventory inv) {
        Map<String, Map<Integer, TensorEntry>> g = new LinkedHashMap<>();
        for (TensorEntry t : inv.tensors()) {
            Map<Integer, TensorEntry> m = g.computeIfAbsent(key(inv, t.name()), k -> new TreeMap<>());
            int layer = slot(inv, t.name());
            if (m.put(layer, t) != null) {
                throw new IllegalArgumentException(t.name() + ": two tensors of family " + key(inv, t.name()) + " at layer " + layer);
            }
        }
        return g;
    }
}

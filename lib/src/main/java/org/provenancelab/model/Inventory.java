package org.provenancelab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provenancelab.safetensors.TensorEntry;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Every tensor of a model, from the shard headers only (experiment 0b). */
public final class Inventory {
    private final org.provenancelab.provenance.Source source;
    private final List<TensorEntry> tensors;
    private final Map<String, TensorEntry> byName;
    private final Roles roles;

    public Inventory(org.provenancelab.provenance.Source source, List<TensorEntry> tensors, Roles roles) {
        this.source = java.util.Objects.requireNonNull(source, "source");
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        sorted.sort((a, b) -> naturalCompare(a.name(), b.name()));
        this.tensors = Collections.unmodifiableList(sorted);
        Map<String, TensorEntry> m = new LinkedHashMap<>();
        for (TensorEntry t : this.tensors) {
            m.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.roles = roles;
    }

    public List<TensorEntry> tensors() {
        return tensors;
    }

    public TensorEntry get(String name) {
        return byName.get(name);
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public org.provenancelab.provenance.Source source() {
        return source;
    }

    /** The model's id. */
    public String model() {
        return source.subject();
    }

    public Roles roles() {
        return roles;
    }

    public int size() {
        return tensors.size();
    }

    /** Distinct files (shards) the tensors are stored in. */
    public long files() {
        return tensors.stream().map(TensorEntry::file).distinct().count();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "inventory of %s (%s): %,d tensors in %d file(s)", model(), source.label(),
                tensors.size(), files());
    }

    /** name, role, layer, expert, mtp, dtype, shape, shard, start, end, bytes, params, source. */
    public Table table() {
        Table t = Table.create(String.format(java.util.Locale.ROOT, "Tensor inventory of %s (%,d tensors)", model(), tensors.size()), StringColumn.create("name"), StringColumn.create("role"),
                IntColumn.create("layer"), IntColumn.create("expert"), StringColumn.create("mtp"), StringColumn.create("dtype"),
                StringColumn.create("shape"), StringColumn.create("shard"), LongColumn.create("start"),
                LongColumn.create("end"), LongColumn.create("bytes"), LongColumn.create("params"));
        for (TensorEntry e : tensors) {
            TensorRole r = roles.of(e.name());
            t.stringColumn("name").append(e.name());
            t.stringColumn("role").append(r.role().name().toLowerCase(java.util.Locale.ROOT));
            t.intColumn("layer").append(r.layer());
            t.intColumn("expert").append(r.expert());
            t.stringColumn("mtp").append(r.mtp() ? "yes" : "");
            t.stringColumn("dtype").append(e.dtype().name());
            t.stringColumn("shape").append(Arrays.toString(e.shape()));
            t.stringColumn("shard").append(e.file());
            t.longColumn("start").append(e.start());
            t.longColumn("end").append(e.end());
            t.longColumn("bytes").append(e.byteSize());
            t.longColumn("params").append(e.numel());
        }
        return source.withSourceColumn(t);
    }

    /** Orders "layers.2" before "layers.10". */
    static int naturalCompare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", ""), nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

package org.provenancelab.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.provenancelab.provenance.Sources;
import org.provenancelab.tensor.Tensor;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tensors of two model sources set side by side. */
public final class Tensors {
    private Tensors() {}

    /**
     * Whether each named tensor has the same bytes in {@code a} and {@code b} (e.g. one model read
     * from its jar and through the local hub): tensor, dtype, shape, SHA-256 prefix of each, same.
     */
    public static Table sameBytes(ModelSource a, ModelSource b, List<String> names) throws IOException {
        Map<String, Tensor> x = a.readAll(names), y = b.readAll(names);
        Table t = Table.create("Same bytes? " + a.source().label() + " and " + b.source().label(), StringColumn.create("tensor"),
                StringColumn.create("dtype"), StringColumn.create("shape"), StringColumn.create("sha256 (first 12), " + a.id()),
                StringColumn.create("sha256 (first 12), " + b.id() + (a.id().equals(b.id()) ? " (2)" : "")),
                StringColumn.create("same bytes"));
        for (String n : names) {
            Tensor p = x.get(n), q = y.get(n);
            t.stringColumn(0).append(n);
            t.stringColumn(1).append(p.dtype().name() + (p.isCodes() ? " codes" : ""));
            t.stringColumn(2).append(Arrays.toString(p.shape()));
            t.stringColumn(3).append(p.sha256().substring(0, 12));
            t.stringColumn(4).append(q.sha256().substring(0, 12));
            t.stringColumn(5).append(p.dtype() == q.dtype() && Arrays.equals(p.shape(), q.shape())
                    && Arrays.equals(p.rawBytes(), q.rawBytes()) ? "yes" : "NO");
        }
        return Sources.of(a.source(), b.source()).withSourceColumn(t);
    }
}

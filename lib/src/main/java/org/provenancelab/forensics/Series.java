package org.provenancelab.forensics;

import java.util.List;
import java.util.Set;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.model.ModelSource;

/** Where the forensics make the metrics' series and matrices: one place for their constructors. */
final class Series {
    private Series() {}

    static LayerSeries of(ModelSource m, String key, List<double[]> vectors, Set<Integer> mtp, List<String> tensors) {
        return new LayerSeries(m.source(), key, vectors, mtp, tensors);
    }

    static LayerMatrix matrix(ModelSource a, ModelSource b, String label, String measure, boolean similarity, double[][] v) {
        return new LayerMatrix(a.source(), b.source(), label, measure, similarity, v);
    }
}

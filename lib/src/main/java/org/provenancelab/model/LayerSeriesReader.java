package org.provenancelab.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.tensor.Tensor;

/** Reads the tensors of a layer series in one batch and labels the series with their names. */
final class LayerSeriesReader {
    private LayerSeriesReader() {}

    static LayerSeries read(ModelSource m, List<String> names, Set<Integer> mtp, String pattern) throws IOException {
        Map<String, Tensor> data = m.readAll(names);
        List<double[]> vectors = new ArrayList<>();
        for (String name : names) {
            Tensor t = data.get(name);
            vectors.add(t.isCodes() ? m.dequantized(name).doubles() : t.doubles());
        }
        return new LayerSeries(m.source(), pattern != null ? pattern : label(names), vectors, mtp, names);
    }

    /** The names with the layer index replaced by {i}: one pattern if they share it. */
    static String label(List<String> names) {
        Set<String> patterns = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            patterns.add(names.get(i).replaceFirst("(^|\\.)" + i + "(\\.|$)", "$1{i}$2"));
        }
        return String.join(" | ", patterns);
    }
}

package org.provenancelab.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Sionic's statistics files ({@code out_final/statistics.json}, {@code out_comprehensive/statistics.json})
 * and what of them can be recomputed from its per-layer file ({@code out_solar_vs_glm45/layerwise_similarity.csv}).
 */
public final class SionicFinal {
    public static final String STATISTICS = "out_final/statistics.json";
    public static final String COMPREHENSIVE = "out_comprehensive/statistics.json";
    public static final String LAYERWISE = "out_solar_vs_glm45/layerwise_similarity.csv";

    private SionicFinal() {}

    /** A two-level statistics file flattened to (group, quantity, value) rows. */
    public static Table flatten(Published published, String file, String caption) {
        JsonNode stats = published.json(Side.SIONIC, file);
        Source src = published.source(Side.SIONIC);
        Table t = Table.create(caption, StringColumn.create("group"), StringColumn.create("quantity"),
                DoubleColumn.create("value"), StringColumn.create("source"));
        stats.fields().forEachRemaining(group -> group.getValue().fields().forEachRemaining(q -> {
            t.stringColumn("group").append(group.getKey());
            t.stringColumn("quantity").append(q.getKey());
            if (q.getValue().isNumber()) {
                t.doubleColumn("value").append(q.getValue().asDouble());
            } else {
                t.doubleColumn("value").appendMissing();
            }
            t.stringColumn("source").append(src.label());
        }));
        return t;
    }

    /** {@code out_final/statistics.json}, one row per number. */
    public static Table statistics(Published published) {
        return flatten(published, STATISTICS, "Sionic's revised statistics (" + STATISTICS + ")");
    }

    /** The {@code random_baseline} group of {@code out_comprehensive/statistics.json}. */
    public static Table randomBaseline(Published published) {
        Table all = flatten(published, COMPREHENSIVE, "");
        Table t = all.where(all.stringColumn("group").isEqualTo("random_baseline"));
        t.setName("Sionic's own random baseline: pairs of random vectors 1 + 0.01·N(0, 1) (" + COMPREHENSIVE + ")");
        return t;
    }

    /**
     * Each matched-layer number of {@code out_final/statistics.json} beside the same summary
     * recomputed from the per-layer file's norm rows (input and post-attention norms, every
     * layer both models have). The centred cosine has no per-tensor column in any published
     * file, so it cannot be recomputed: its row says so (missing value).
     */
    public static Table recomputed(Published published) {
        JsonNode matched = published.json(Side.SIONIC, STATISTICS).path("matched_layers");
        Table csv = published.csv(Side.SIONIC, LAYERWISE);
        Table norms = csv.where(csv.stringColumn("category").isIn("norm_pre", "norm_post"));
        DoubleColumn cos = norms.doubleColumn("cosine");
        DoubleColumn pearson = norms.doubleColumn("pearson");
        double popStd = cos.standardDeviation() * Math.sqrt((cos.size() - 1.0) / cos.size());
        Source src = published.source(Side.SIONIC);
        Table t = Table.create("Matched-layer statistics: the file's value beside the mean over the " + norms.rowCount()
                        + " norm rows of " + LAYERWISE,
                StringColumn.create("quantity"), DoubleColumn.create("in statistics.json"),
                DoubleColumn.create("recomputed from the per-layer file"), StringColumn.create("source"));
        Map<String, Double> recomputed = new java.util.LinkedHashMap<>();
        recomputed.put("cosine_mean", cos.mean());
        recomputed.put("cosine_std", popStd);
        recomputed.put("pearson_mean", pearson.mean());
        recomputed.put("centered_cosine_mean", Double.NaN);
        recomputed.put("centered_cosine_std", Double.NaN);
        recomputed.forEach((q, v) -> {
            if (!matched.path(q).isNumber()) {
                throw new IllegalStateException("published sionic " + STATISTICS + ": matched_layers." + q + " is missing");
            }
            t.stringColumn("quantity").append(q);
            t.doubleColumn("in statistics.json").append(matched.path(q).asDouble());
            if (Double.isNaN(v)) {
                t.doubleColumn("recomputed from the per-layer file").appendMissing();
            } else {
                t.doubleColumn("recomputed from the per-layer file").append(v);
            }
            t.stringColumn("source").append(src.label());
        });
        return t;
    }
}

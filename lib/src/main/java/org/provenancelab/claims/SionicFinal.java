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

    /** Names of the per-layer file's norm categories as the models call the tensors. */
    private static final Map<String, String> NORM_NAMES = Map.of("norm_pre", "input_layernorm", "norm_post", "post_attention_layernorm");

    /**
     * The per-layer file in long form for a line plot: one row per (layer, tensor, metric), with a
     * {@code series} column such as "input_layernorm: raw cosine".
     */
    public static Table layerwiseLong(Published published) {
        Table csv = published.csv(Side.SIONIC, LAYERWISE);
        Source src = published.source(Side.SIONIC);
        Table t = Table.create("Same layer index, Solar vs GLM norm weights (Sionic's layerwise_similarity.csv)",
                tech.tablesaw.api.IntColumn.create("layer"), StringColumn.create("series"), DoubleColumn.create("similarity"),
                StringColumn.create("source"));
        for (String metric : java.util.List.of("cosine", "pearson")) {
            for (Map.Entry<String, String> family : new java.util.TreeMap<>(NORM_NAMES).entrySet()) {
                Table rows = csv.where(csv.stringColumn("category").isEqualTo(family.getKey()));
                for (int i = 0; i < rows.rowCount(); i++) {
                    t.intColumn("layer").append(rows.intColumn("layer_A").get(i));
                    t.stringColumn("series").append(family.getValue() + ": " + (metric.equals("cosine") ? "raw cosine" : "Pearson r"));
                    t.doubleColumn("similarity").append(rows.doubleColumn(metric).get(i));
                    t.stringColumn("source").append(src.label());
                }
            }
        }
        return t;
    }

    /** Per tensor family of the per-layer file: layers, mean and lowest raw cosine, mean Pearson r. */
    public static Table layerwiseMeans(Published published) {
        Table csv = published.csv(Side.SIONIC, LAYERWISE);
        Source src = published.source(Side.SIONIC);
        Table t = Table.create("Solar vs GLM at the same layer index, per tensor family: summary over layers (" + LAYERWISE + ")",
                StringColumn.create("tensor family"), tech.tablesaw.api.IntColumn.create("layers"), DoubleColumn.create("mean raw cosine"),
                DoubleColumn.create("lowest raw cosine"), tech.tablesaw.api.IntColumn.create("at layer"), DoubleColumn.create("mean Pearson r"),
                StringColumn.create("source"));
        for (String category : java.util.List.of("norm_pre", "norm_post", "router_or_gate")) {
            Table rows = csv.where(csv.stringColumn("category").isEqualTo(category));
            int lowest = 0;
            for (int i = 1; i < rows.rowCount(); i++) {
                if (rows.doubleColumn("cosine").get(i) < rows.doubleColumn("cosine").get(lowest)) {
                    lowest = i;
                }
            }
            t.stringColumn("tensor family").append(NORM_NAMES.getOrDefault(category, "MoE router (" + category + ")"));
            t.intColumn("layers").append(rows.rowCount());
            t.doubleColumn("mean raw cosine").append(rows.doubleColumn("cosine").mean());
            t.doubleColumn("lowest raw cosine").append(rows.doubleColumn("cosine").get(lowest));
            t.intColumn("at layer").append(rows.intColumn("layer_A").get(lowest));
            t.doubleColumn("mean Pearson r").append(rows.doubleColumn("pearson").mean());
            t.stringColumn("source").append(src.label());
        }
        return t;
    }
    /**
     * The input and post-attention norm rows of the per-layer file, averaged over every layer and
     * again without layer 0 (whose input norm is unlike every other layer's in both models): rows
     * used, mean raw cosine, mean Pearson r.
     */
    public static Table normMeansWithoutLayer0(Published published) {
        Table csv = published.csv(Side.SIONIC, LAYERWISE);
        Source src = published.source(Side.SIONIC);
        Table t = Table.create("Sionic's per-layer cosine and Pearson (same index), with and without layer 0",
                StringColumn.create("norm"), StringColumn.create("layers"), tech.tablesaw.api.IntColumn.create("n"),
                DoubleColumn.create("cosine mean"), DoubleColumn.create("pearson mean"), StringColumn.create("source"));
        for (String category : java.util.List.of("norm_pre", "norm_post")) {
            Table all = csv.where(csv.stringColumn("category").isEqualTo(category));
            if (all.rowCount() < 2) {
                throw new IllegalStateException("published sionic " + LAYERWISE + ": fewer than two " + category + " rows");
            }
            for (int from : new int[] {0, 1}) {
                Table rows = all.where(all.intColumn("layer_A").isGreaterThanOrEqualTo(from));
                t.stringColumn("norm").append(category);
                t.stringColumn("layers").append(from == 0
                        ? "all (" + (int) all.intColumn("layer_A").min() + "–" + (int) all.intColumn("layer_A").max() + ")" : "without layer 0");
                t.intColumn("n").append(rows.rowCount());
                t.doubleColumn("cosine mean").append(rows.doubleColumn("cosine").mean());
                t.doubleColumn("pearson mean").append(rows.doubleColumn("pearson").mean());
                t.stringColumn("source").append(src.label());
            }
        }
        return t;
    }
}

package org.provenancelab.forensics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.provenancelab.claims.Published;
import org.provenancelab.claims.Side;
import org.provenancelab.metrics.LayerValues;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Sionic's published per-tensor results for Solar vs GLM, read as they are: the per-tensor files
 * (a whole-tensor hash comparison and a cosine per tensor at the same layer index, the q_proj
 * prefix-rows comparison) and the layerwise file (router cosine, Pearson and expert-aligned
 * cosine). Every value is labelled {@code published sionic@<commit7>}.
 */
public final class SionicTensors {
    /** Per tensor: layer, key, status, cosine, rel_rmse, raw_hash_equal. */
    public static final String DETAILED = "results/solar_vs_glm_detailed.csv";
    /** The same with the q_proj truncation test: layer, tensor, status, dtypes, shapes, raw_hash_equal, cosine, rel_rmse, z_cos. */
    public static final String TRUNC = "solar_vs_glm45air_trunc.csv";
    /** Per layer: norms and router (category router_or_gate) with cosine, pearson, aligned_expert_cosine; A is Solar. */
    public static final String LAYERWISE = "out_solar_vs_glm45_aligned/layerwise_similarity.csv";

    private SionicTensors() {}

    public static Source source() {
        return Published.shipped().source(Side.SIONIC);
    }

    /** One row per file and tensor family: rows, statuses, and how many tensors the file calls hash-equal. */
    public static Table hashes() {
        Table t = Table.create("Whole-tensor hash comparisons in Sionic's per-tensor files (same name, same layer index)",
                StringColumn.create("file"), StringColumn.create("tensor family"), IntColumn.create("compared"),
                IntColumn.create("raw_hash_equal True"), StringColumn.create("statuses"));
        for (String file : new String[] {DETAILED, TRUNC}) {
            Table f = Published.shipped().csv(Side.SIONIC, file);
            String nameColumn = f.columnNames().contains("key") ? "key" : "tensor";
            Map<String, int[]> counts = new TreeMap<>();
            Map<String, Map<String, Integer>> statuses = new TreeMap<>();
            for (int r = 0; r < f.rowCount(); r++) {
                String family = family(f.getString(r, nameColumn));
                String hash = f.getString(r, "raw_hash_equal").trim().toLowerCase(Locale.ROOT);
                int[] c = counts.computeIfAbsent(family, k -> new int[4]);
                c[0]++;
                c[1] += hash.equals("true") || hash.equals("false") ? 1 : 0;
                c[2] += hash.equals("true") ? 1 : 0;
                c[3] += hash.equals("false") ? 1 : 0;
                statuses.computeIfAbsent(family, k -> new TreeMap<>()).merge(f.getString(r, "status"), 1, Integer::sum);
            }
            for (var e : counts.entrySet()) {
                t.stringColumn("file").append(file);
                t.stringColumn("tensor family").append(e.getKey().replace("model.layers.{i}.", ""));
                t.intColumn("compared").append(e.getValue()[1]);
                t.intColumn("raw_hash_equal True").append(e.getValue()[2]);
                t.stringColumn("statuses").append(statuses.get(e.getKey()).toString().replaceAll("[{}]", ""));
            }
        }
        return Sources.of(source()).withSourceColumn(t);
    }

    /**
     * A column per layer for one tensor family of a per-tensor file, e.g.
     * {@code perLayer(TRUNC, "self_attn.q_proj.weight", "cosine")}; NaN where the file has none.
     */
    public static LayerValues perLayer(String file, String family, String column) {
        Table f = Published.shipped().csv(Side.SIONIC, file);
        String nameColumn = f.columnNames().contains("key") ? "key" : "tensor";
        Map<Integer, Double> byLayer = new TreeMap<>();
        for (int r = 0; r < f.rowCount(); r++) {
            if (family(f.getString(r, nameColumn)).equals("model.layers.{i}." + family)) {
                byLayer.put(Integer.parseInt(f.getString(r, "layer").trim()), number(f.getString(r, column)));
            }
        }
        return values("Sionic " + column + " of " + family + " (" + file + ")", column, byLayer);
    }

    /** The router rows of the layerwise file: {@code cosine}, {@code pearson} or {@code aligned_expert_cosine}, by Solar layer. */
    public static LayerValues router(String column) {
        Table f = Published.shipped().csv(Side.SIONIC, LAYERWISE);
        Map<Integer, Double> byLayer = new TreeMap<>();
        for (int r = 0; r < f.rowCount(); r++) {
            if (f.getString(r, "category").equals("router_or_gate")) {
                byLayer.put(Integer.parseInt(f.getString(r, "layer_A").trim()), number(f.getString(r, column)));
            }
        }
        return values("Sionic router " + column + " (" + LAYERWISE + ")", column, byLayer);
    }

    /** The distribution of the layers a file has values for (GLM's dense layer 0 has no router, for one). */
    public static org.provenancelab.metrics.Summary present(LayerValues v) {
        double[] x = java.util.Arrays.stream(v.values()).filter(d -> !Double.isNaN(d)).toArray();
        return new org.provenancelab.metrics.Summary(v.name() + ", the " + x.length + " layers it has", v.sources(), x);
    }

    private static LayerValues values(String name, String measure, Map<Integer, Double> byLayer) {
        if (byLayer.isEmpty()) {
            throw new IllegalArgumentException("no rows for " + name);
        }
        int n = ((TreeMap<Integer, Double>) byLayer).lastKey() + 1;
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        byLayer.forEach((l, x) -> v[l] = x);
        return new LayerValues(name, measure, Sources.of(source()), v);
    }

    static String family(String name) {
        return name.replaceFirst("^model\\.layers\\.\\d+\\.", "model.layers.{i}.");
    }

    private static double number(String s) {
        s = s.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }
}

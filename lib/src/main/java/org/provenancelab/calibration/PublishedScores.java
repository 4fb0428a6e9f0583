package org.provenancelab.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.provenancelab.claims.Published;
import org.provenancelab.claims.Side;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

/**
 * The pair under study scored from the sides' published files, offline, in the same units as
 * {@link Methods}: what each method would read on Solar vs GLM if it only had the published
 * numbers. Only methods whose inputs were published get a score; a control pair (Phi vs GLM)
 * comes from the rebuttal's matrices, which cover layers 10, 20 and 30 only, and says so in its
 * name.
 */
public final class PublishedScores {
    /** The pair under study, as the published files name it. */
    public static final String STUDY = "Solar vs GLM";
    /** The rebuttal's control, over the layers it published. */
    public static final String CONTROL = "Phi vs GLM (layers 10, 20, 30)";
    /** The rebuttal's Solar vs GLM numbers over the same three layers, beside the control. */
    public static final String STUDY_3 = "Solar vs GLM (layers 10, 20, 30)";

    static final String LAYERWISE = "out_solar_vs_glm45_aligned/layerwise_similarity.csv";
    static final String DETAILED = "results/solar_vs_glm_detailed.csv";

    private PublishedScores() {}

    /**
     * Every published score: the pair under study for norm cosine, norm Pearson, k/v cosine,
     * router rows after assignment and byte-identical tensors (Sionic); the control and the
     * three-layer study pair for norm cosine, Pearson and rel_l2 (rebuttal, layers 10, 20, 30).
     */
    public static List<PairScore> of(Published pub) {
        List<PairScore> out = new ArrayList<>();
        Source sionic = pub.source(Side.SIONIC), rebuttal = pub.source(Side.REBUTTAL);
        Table lw = pub.csv(Side.SIONIC, LAYERWISE);
        double cos = 0, pear = 0, router = 0;
        int norms = 0, routers = 0;
        for (int i = 0; i < lw.rowCount(); i++) {
            String cat = lw.column("category").getString(i);
            if (!lw.column("layer_A").getString(i).equals(lw.column("layer_B").getString(i))) {
                continue;
            }
            if (cat.startsWith("norm_")) {
                cos += number(lw, "cosine", i);
                pear += number(lw, "pearson", i);
                norms++;
            } else if (cat.equals("router_or_gate")) {
                router += number(lw, "aligned_expert_cosine", i);
                routers++;
            }
        }
        out.add(score(Methods.NORM_COSINE, STUDY, cos / norms, sionic));
        out.add(score(Methods.NORM_PEARSON, STUDY, pear / norms, sionic));
        out.add(score(Methods.ROWS, STUDY, router / routers, sionic));

        Table d = pub.csv(Side.SIONIC, DETAILED);
        double kv = 0;
        int nkv = 0, compared = 0, identical = 0;
        for (int i = 0; i < d.rowCount(); i++) {
            if (!d.column("status").getString(i).equals("ok")) {
                continue;
            }
            compared++;
            if (d.column("raw_hash_equal").getString(i).equalsIgnoreCase("true")) {
                identical++;
            }
            String key = d.column("key").getString(i);
            if (key.endsWith("self_attn.k_proj.weight") || key.endsWith("self_attn.v_proj.weight")) {
                kv += number(d, "cosine", i);
                nkv++;
            }
        }
        out.add(score(Methods.KV_COSINE, STUDY, kv / nkv, sionic));
        out.add(score(Methods.BYTES, STUDY, identical, sionic));
        if (compared == 0) {
            throw new IllegalStateException("published " + DETAILED + " compares no tensor");
        }

        for (Method m : List.of(Methods.NORM_COSINE, Methods.NORM_PEARSON, Methods.NORM_REL_L2)) {
            String metric = m == Methods.NORM_COSINE ? "cosine" : m == Methods.NORM_PEARSON ? "pearson" : "rel_l2";
            double solar = 0, phi = 0;
            int n = 0;
            for (int layer : new int[] {10, 20, 30}) {
                JsonNode j = pub.json(Side.REBUTTAL, "confusions/" + metric + "/confusion_" + metric + "_layer" + layer + ".json");
                List<String> models = new ArrayList<>();
                j.path("models").forEach(x -> models.add(x.asText()));
                int s = models.indexOf("solar"), g = models.indexOf("glm"), p = models.indexOf("phi");
                if (s < 0 || g < 0 || p < 0) {
                    throw new IllegalStateException("rebuttal confusion " + metric + " layer " + layer + " lacks solar, glm or phi: " + models);
                }
                for (String norm : List.of("input_layernorm", "post_attention_layernorm")) {
                    JsonNode mat = j.path("mats").path(norm);
                    solar += mat.path(s).path(g).asDouble(Double.NaN);
                    phi += mat.path(p).path(g).asDouble(Double.NaN);
                    n++;
                }
            }
            out.add(score(m, STUDY_3, solar / n, rebuttal)); // three layers only: named so, never the all-layer pair
            out.add(score(m, CONTROL, phi / n, rebuttal));
        }
        return out;
    }

    private static PairScore score(Method m, String pair, double v, Source s) {
        return new PairScore(m.key(), pair, "published", null, v, List.of(s));
    }

    private static double number(Table t, String column, int row) {
        String s = t.column(column).getString(row);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("published " + t.name() + ": column " + column + " row " + row + " holds '" + s
                    + "', not a number", e);
        }
    }
}

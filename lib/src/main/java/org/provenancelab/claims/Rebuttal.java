package org.provenancelab.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Reads the rebuttal's published matrices (hyunwoongko/solar-vs-glm-vs-phi, {@code outputs/}). */
public final class Rebuttal {
    /** The models of the across-model matrices, in the files' order. */
    public static final List<String> MODELS = List.of("solar", "glm", "phi");
    /** The layers the rebuttal compared. */
    public static final List<Integer> LAYERS = List.of(10, 20, 30);
    /** The norm tensors both sides argue about. */
    public static final List<String> NORMS = List.of("input_layernorm", "post_attention_layernorm");

    private Rebuttal() {}

    /** One model's layers 10, 20 and 30 against each other. */
    public static RebuttalMatrix within(Published published, String model, Metric metric, String tensor) {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("the rebuttal published within-model matrices for " + MODELS + ", not '" + model + "'");
        }
        String file = "within_model/" + metric.key() + "/within_" + metric.key() + "_" + model + "_layers10_20_30.json";
        JsonNode n = published.json(Side.REBUTTAL, file);
        List<String> labels = new ArrayList<>();
        n.path("layers").forEach(l -> labels.add("layer " + l.asInt()));
        return matrix(published, n, metric, tensor, "within " + model + ", layers 10/20/30", labels, file);
    }

    /** Solar, GLM and Phi-3.5-MoE against each other at one layer index. */
    public static RebuttalMatrix across(Published published, int layer, Metric metric, String tensor) {
        if (!LAYERS.contains(layer)) {
            throw new IllegalArgumentException("the rebuttal published across-model matrices for layers " + LAYERS + ", not " + layer);
        }
        String file = "confusions/" + metric.key() + "/confusion_" + metric.key() + "_layer" + layer + ".json";
        JsonNode n = published.json(Side.REBUTTAL, file);
        List<String> labels = new ArrayList<>();
        n.path("models").forEach(m -> labels.add(m.asText()));
        return matrix(published, n, metric, tensor, "across models, layer " + layer, labels, file);
    }

    private static RebuttalMatrix matrix(Published published, JsonNode n, Metric metric, String tensor, String what,
                                         List<String> labels, String file) {
        if (!metric.key().equals(n.path("metric").asText())) {
            throw new IllegalStateException("published rebuttal " + file + ": holds metric '" + n.path("metric").asText()
                    + "', expected '" + metric.key() + "'");
        }
        JsonNode m = n.path("mats").path(tensor);
        if (!m.isArray()) {
            List<String> have = new ArrayList<>();
            n.path("mats").fieldNames().forEachRemaining(have::add);
            throw new IllegalArgumentException("published rebuttal " + file + ": no matrix for '" + tensor + "'; it has " + have);
        }
        double[][] v = new double[m.size()][];
        for (int i = 0; i < m.size(); i++) {
            v[i] = new double[m.get(i).size()];
            for (int j = 0; j < v[i].length; j++) {
                JsonNode x = m.get(i).get(j);
                if (!x.isNumber()) {
                    throw new IllegalStateException("published rebuttal " + file + " (" + tensor + "): entry [" + i + "][" + j
                            + "] is not a number: " + x);
                }
                v[i][j] = x.asDouble();
            }
        }
        return new RebuttalMatrix(metric, tensor, what, labels, v, file, published.source(Side.REBUTTAL));
    }

    /**
     * One pair of models (e.g. "solar" and "glm") read from every across-model matrix: its entry for
     * each norm tensor at layers 10, 20 and 30, in that order, without the other pairs the
     * matrices also hold.
     */
    public static double[] pairEntries(Published published, String a, String b, Metric metric) {
        List<Double> v = new ArrayList<>();
        for (String tensor : NORMS) {
            for (int layer : LAYERS) {
                RebuttalMatrix m = across(published, layer, metric, tensor);
                int i = m.labels().indexOf(a), j = m.labels().indexOf(b);
                if (i < 0 || j < 0) {
                    throw new IllegalArgumentException("published rebuttal " + m.file() + ": no '" + (i < 0 ? a : b) + "' among "
                            + m.labels());
                }
                v.add(m.get(i, j));
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Mean off-diagonal raw and centred cosine of every published norm matrix: within each model
     * (layers 10/20/30) and across the three models (at each layer).
     */
    public static Table offDiagonalMeans(Published published) {
        Source src = published.source(Side.REBUTTAL);
        Table t = Table.create("The rebuttal's norm matrices: mean off-diagonal similarity, within one model and across models",
                StringColumn.create("comparison"), StringColumn.create("tensor"), DoubleColumn.create("raw cosine"),
                DoubleColumn.create("centred cosine"), StringColumn.create("source"));
        for (String tensor : NORMS) {
            for (String model : MODELS) {
                add(t, within(published, model, Metric.COSINE, tensor), within(published, model, Metric.CENTERED_COSINE, tensor), src);
            }
            for (int layer : LAYERS) {
                add(t, across(published, layer, Metric.COSINE, tensor), across(published, layer, Metric.CENTERED_COSINE, tensor), src);
            }
        }
        return t;
    }

    private static void add(Table t, RebuttalMatrix raw, RebuttalMatrix centred, Source src) {
        t.stringColumn("comparison").append(raw.what());
        t.stringColumn("tensor").append(raw.tensor());
        t.doubleColumn("raw cosine").append(raw.offDiagonalMean());
        t.doubleColumn("centred cosine").append(centred.offDiagonalMean());
        t.stringColumn("source").append(src.label());
    }
}

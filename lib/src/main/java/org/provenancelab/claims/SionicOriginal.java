package org.provenancelab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.provenancelab.provenance.Source;
import org.provenancelab.stats.EffectSize;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The numbers of Sionic's original analysis (its README of 2026-01-01, shipped as
 * {@code sionic/README-original.ko.md}), read out of the README's own listing rather than typed in.
 */
public final class SionicOriginal {
    /** The original README, as archived at {@code origin/README.md} in Sionic's repository. */
    public static final String README = "README-original.ko.md";

    /** One listing line: {@code GLM[0] vs GLM[10]: cos=0.375810}. */
    private static final Pattern PAIR = Pattern.compile("(Solar|GLM)\\[(\\d+)] vs (Solar|GLM)\\[(\\d+)]: cos=([0-9.]+)");

    private SionicOriginal() {}

    /** One cosine the README lists. */
    public record Pair(String modelA, int layerA, String modelB, int layerB, double cosine) {
        public String comparison() {
            return modelA.equals(modelB) ? "within " + modelA + " (layer 0 vs 10/20/30/40)" : "across Solar–GLM (same layer index)";
        }

        @Override
        public String toString() {
            return modelA + "[" + layerA + "] vs " + modelB + "[" + layerB + "]";
        }
    }

    /** Every pair in the README's "statistical analysis" listing, in the README's order. */
    public static List<Pair> pairs(Published published) {
        String text = published.text(Side.SIONIC, README);
        List<Pair> pairs = new ArrayList<>();
        Matcher m = PAIR.matcher(text);
        while (m.find()) {
            pairs.add(new Pair(m.group(1), Integer.parseInt(m.group(2)), m.group(3), Integer.parseInt(m.group(4)),
                    Double.parseDouble(m.group(5))));
        }
        if (pairs.size() != 12) {
            throw new IllegalStateException("published sionic " + README + ": expected the 12 listed cosines (4 within GLM, "
                    + "4 within Solar, 4 across), found " + pairs.size());
        }
        return pairs;
    }

    /** The listed cosines as a table, each row labelled with what it compares and its source. */
    public static Table baselineValues(Published published) {
        List<Pair> pairs = pairs(published);
        String label = published.source(Side.SIONIC).label();
        Table t = Table.create("The cosines behind \"182 sigma\", as listed in Sionic's original README (input_layernorm)",
                StringColumn.create("comparison"), StringColumn.create("pair"), DoubleColumn.create("cosine"),
                StringColumn.create("source"));
        for (Pair p : pairs) {
            t.stringColumn("comparison").append(p.comparison());
            t.stringColumn("pair").append(p.toString());
            t.doubleColumn("cosine").append(p.cosine());
            t.stringColumn("source").append(label);
        }
        return t;
    }

    /**
     * Cohen's d of each within-model group of four against the four cross-model values, with
     * population and with sample standard deviations: the README's "182 sigma" is the first
     * row's population-SD value, rounded.
     */
    public static Table effectSizes(Published published) {
        List<Pair> pairs = pairs(published);
        double[] across = values(pairs, null);
        Source src = published.source(Side.SIONIC);
        Table t = Table.create("Cohen's d of the README's values: within-model group (4 values) vs the 4 cross-model values",
                StringColumn.create("baseline group"), IntColumn.create("n baseline"), IntColumn.create("n across"),
                DoubleColumn.create("d, population SD"), DoubleColumn.create("d, sample SD"), StringColumn.create("source"));
        for (String model : List.of("GLM", "Solar")) {
            double[] within = values(pairs, model);
            t.stringColumn("baseline group").append("within " + model);
            t.intColumn("n baseline").append(within.length);
            t.intColumn("n across").append(across.length);
            t.doubleColumn("d, population SD").append(EffectSize.cohensD(within, across, 0));
            t.doubleColumn("d, sample SD").append(EffectSize.cohensD(within, across, 1));
            t.stringColumn("source").append(src.label());
        }
        return t;
    }

    /**
     * The exact permutation test of the four cross-model values against GLM's four within-model
     * values (difference of means, one-sided): the most a rank-based test can say with 4 + 4 values.
     */
    public static Table permutationTest(Published published) {
        org.provenancelab.stats.TestResult r = exactTest(published);
        Table t = Table.create("Exact permutation test: the 4 cross-model cosines against GLM's 4 within-model cosines (one-sided)",
                IntColumn.create("n across"), IntColumn.create("n within"), tech.tablesaw.api.LongColumn.create("splits enumerated"),
                DoubleColumn.create("p"), DoubleColumn.create("smallest p this design allows"), StringColumn.create("source"));
        t.intColumn("n across").append(r.nX());
        t.intColumn("n within").append(r.nY());
        t.longColumn("splits enumerated").append(r.permutations());
        t.doubleColumn("p").append(r.p());
        t.doubleColumn("smallest p this design allows").append(r.smallestPossibleP());
        t.stringColumn("source").append(published.source(Side.SIONIC).label());
        return t;
    }

    /** The exact one-sided test of the README's 4 cross-model cosines against GLM's 4 within-model ones. */
    public static org.provenancelab.stats.TestResult exactTest(Published published) {
        List<Pair> pairs = pairs(published);
        org.provenancelab.stats.TestResult r = org.provenancelab.stats.PermutationTest.meanDifference(values(pairs, null),
                values(pairs, "GLM"), org.provenancelab.stats.PermutationTest.Alternative.GREATER, 1, 0);
        if (!r.exact()) {
            throw new IllegalStateException("4 + 4 values should be tested exactly");
        }
        return r;
    }

    /**
     * The original "4 vs 4" comparison recomputed, one row per quantity with its source: the twelve
     * cosines as the README lists them (the cross-model four also as the per-layer file has them),
     * the exact permutation test, and what "182 sigma" would need as a standard deviation.
     */
    public static Table fourVsFour(Published published) {
        List<Pair> pairs = pairs(published);
        double[] cross = values(pairs, null), glm = values(pairs, "GLM"), solar = values(pairs, "Solar");
        String readme = published.source(Side.SIONIC).label() + " (" + README + ")";
        Table csv = published.csv(Side.SIONIC, SionicFinal.LAYERWISE);
        Table pre = csv.where(csv.stringColumn("category").isEqualTo("norm_pre")
                .and(csv.intColumn("layer_A").isIn(10, 20, 30, 40)));
        double[] perLayer = pre.doubleColumn("cosine").asDoubleArray();
        org.provenancelab.stats.TestResult exact = exactTest(published);
        double mean = org.provenancelab.metrics.VectorMetrics.mean(cross);
        double gap = mean - org.provenancelab.metrics.VectorMetrics.mean(glm);
        double sampleSd = org.provenancelab.metrics.VectorMetrics.std(cross) * Math.sqrt(cross.length / (cross.length - 1.0));
        Table t = Table.create("The 4 vs 4 comparison, recomputed", StringColumn.create("quantity"),
                StringColumn.create("value"), StringColumn.create("source"));
        java.util.function.BiConsumer<String, String[]> row = (q, vs) -> {
            t.stringColumn(0).append(q);
            t.stringColumn(1).append(vs[0]);
            t.stringColumn(2).append(vs[1]);
        };
        row.accept("cross-model raw cosine, Solar vs GLM at layers 10, 20, 30, 40", new String[] {listed(cross), readme});
        row.accept("the same four in the per-layer file (norm_pre)",
                new String[] {listed(perLayer), published.source(Side.SIONIC).label() + " (" + SionicFinal.LAYERWISE + ")"});
        row.accept("their mean (README: 0.989)", new String[] {f("%.3f", mean), readme});
        row.accept("within GLM, layer 0 vs 10, 20, 30, 40 (mean)", new String[] {listed(glm) + f(" (%.3f)",
                org.provenancelab.metrics.VectorMetrics.mean(glm)), readme});
        row.accept("within Solar, layer 0 vs 10, 20, 30, 40 (mean)", new String[] {listed(solar) + f(" (%.3f)",
                org.provenancelab.metrics.VectorMetrics.mean(solar)), readme});
        row.accept("exact permutation test, cross vs within GLM, 4 vs 4, one-sided: p", new String[] {f("%.4f = 1/%d (%d splits)",
                exact.p(), Math.round(1 / exact.p()), exact.permutations()), "computed (exact permutation test over C(8, 4) = 70 splits)"});
        row.accept("smallest p any 4 vs 4 permutation test allows", new String[] {f("%.4f", exact.smallestPossibleP()),
                "computed (1 / C(8, 4))"});
        row.accept(f("σ that would make the %.3f gap '182 sigma'", gap), new String[] {f("%.4f", gap / 182), "computed (gap / 182)"});
        row.accept("sample std of the four cross-model values", new String[] {f("%.4f (gap / std = %.0f)", sampleSd, gap / sampleSd),
                "computed (from the README's four values)"});
        return t;
    }

    private static String listed(double[] v) {
        return java.util.Arrays.stream(v).mapToObj(x -> f("%.3f", x)).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String f(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }

    /**
     * Layer counts of the two models as Sionic's own config comparison recorded them
     * ({@code out_solar_vs_glm45/00_config_compare.json}): what "the same layer index" pairs.
     */
    public static Table layerCounts(Published published) {
        String file = "out_solar_vs_glm45/00_config_compare.json";
        com.fasterxml.jackson.databind.JsonNode n = published.json(Side.SIONIC, file);
        Table t = Table.create("Layers of the two models (Sionic's config comparison, " + file + ")",
                StringColumn.create("model"), IntColumn.create("decoder layers"), IntColumn.create("MTP layers"),
                StringColumn.create("layer indices"), StringColumn.create("source"));
        for (String side : List.of("A", "B")) {
            com.fasterxml.jackson.databind.JsonNode c = n.path(side).path("config_summary");
            if (!c.path("num_hidden_layers").isInt()) {
                throw new IllegalStateException("published sionic " + file + ": " + side + ".config_summary.num_hidden_layers is missing");
            }
            int layers = c.path("num_hidden_layers").asInt();
            int mtp = c.path("num_nextn_predict_layers").asInt(0);
            t.stringColumn("model").append(n.path(side).path("repo").asText());
            t.intColumn("decoder layers").append(layers);
            t.intColumn("MTP layers").append(mtp);
            t.stringColumn("layer indices").append("0–" + (layers - 1) + (mtp > 0 ? " (+ MTP layer " + layers + ")" : ""));
            t.stringColumn("source").append(published.source(Side.SIONIC).label());
        }
        return t;
    }

    /** The within-model values of {@code model}, or the cross-model values if {@code model} is null. */
    static double[] values(List<Pair> pairs, String model) {
        return pairs.stream()
                .filter(p -> model == null ? !p.modelA().equals(p.modelB()) : p.modelA().equals(model) && p.modelB().equals(model))
                .mapToDouble(Pair::cosine).toArray();
    }
}

package org.provenancelab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

/** The claims helpers on the data the lab ships (notebooks/data/published), and on broken copies. */
class ShippedClaimsTest {
    static final Published SHIPPED = new Published(Path.of("..", "notebooks", "data", "published"));

    @Test
    void theOriginalReadmeListsFourWithinGlmFourWithinSolarAndFourAcross() {
        List<SionicOriginal.Pair> pairs = SionicOriginal.pairs(SHIPPED);
        assertEquals(12, pairs.size());
        assertEquals(4, SionicOriginal.values(pairs, "GLM").length);
        assertEquals(4, SionicOriginal.values(pairs, "Solar").length);
        assertEquals(List.of(0.981094, 0.991792, 0.991429, 0.991635),
                java.util.Arrays.stream(SionicOriginal.values(pairs, null)).boxed().toList());
        assertEquals("GLM[0] vs GLM[10]", pairs.get(0).toString());
        Table t = SionicOriginal.baselineValues(SHIPPED);
        assertEquals(12, t.rowCount());
        assertTrue(t.stringColumn("source").asList().stream().allMatch("published sionic@ff47427"::equals));
    }

    @Test
    void oneHundredEightyTwoSigmaIsCohensDOfGlmsFourValuesAgainstTheFourCrossValues() {
        Table d = SionicOriginal.effectSizes(SHIPPED);
        assertEquals("within GLM", d.stringColumn("baseline group").get(0));
        // The README's "182 sigma" reproduces with population SDs (numpy's default), and only so.
        assertEquals(182, Math.round(d.doubleColumn("d, population SD").get(0)));
        assertTrue(Math.round(d.doubleColumn("d, sample SD").get(0)) < 170);
        assertTrue(Math.round(d.doubleColumn("d, population SD").get(1)) != 182, "Solar's group gives another number");
    }

    @Test
    void aReadmeWithoutTheListingIsRefusedByName(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("sionic"));
        Files.writeString(root.resolve("sionic/SOURCE_COMMIT"), "ff47427453d5b975b5f35caaaa49e60cd67553ac");
        Files.writeString(root.resolve("sionic/" + SionicOriginal.README), "GLM[0] vs GLM[10]: cos=0.375810\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SionicOriginal.pairs(new Published(root)));
        assertTrue(e.getMessage().contains(SionicOriginal.README) && e.getMessage().contains("found 1"), e.getMessage());
    }

    @Test
    void rebuttalMatricesCarryLabelsAndSourceAndSummariseOffTheDiagonal() {
        RebuttalMatrix m = Rebuttal.within(SHIPPED, "solar", Metric.CENTERED_COSINE, "input_layernorm");
        assertEquals(List.of("layer 10", "layer 20", "layer 30"), m.labels());
        assertEquals(0.45671194791793823, m.get(0, 1));
        assertEquals((0.45671194791793823 + 0.35358014702796936 + 0.6321002840995789) / 3, m.offDiagonalMean(), 1e-15);
        assertEquals(Source.published("rebuttal", "6ce4da8856877c53fdd40cc4038fe2a1eb932ed3"), m.source());
        Table t = m.table();
        assertEquals("centred cosine, within solar, layers 10/20/30 (input_layernorm)", t.name());
        assertEquals(List.of("", "layer 10", "layer 20", "layer 30", "source"), t.columnNames());

        RebuttalMatrix x = Rebuttal.across(SHIPPED, 10, Metric.COSINE, "input_layernorm");
        assertEquals(List.of("solar", "glm", "phi"), x.labels());
        assertEquals(0.9810945391654968, x.get(0, 1));
        // Solar–GLM alone, not pooled with the pairs against Phi: two norms × layers 10, 20, 30
        double[] sg = Rebuttal.pairEntries(SHIPPED, "solar", "glm", Metric.COSINE);
        assertEquals(6, sg.length);
        assertEquals(0.9810945391654968, sg[0]);
        assertEquals(Rebuttal.across(SHIPPED, 30, Metric.COSINE, "post_attention_layernorm").get(0, 1), sg[5]);
        assertThrows(IllegalArgumentException.class, () -> Rebuttal.pairEntries(SHIPPED, "solar", "qwen", Metric.COSINE));
        assertEquals(List.of("solar", "glm", "phi"), x.panel().rows());
        assertEquals("raw cosine\nacross models at layer 10", x.panel().title());
        assertEquals(List.of("L10", "L20", "L30"), m.panel().columns());
        assertEquals("centred cosine\nwithin solar", m.panel().title());
        assertEquals("layer", m.panel().axisTitle());
    }

    @Test
    void theSummaryTableHasEveryNormMatrixAndTheTrapShowsInIt() {
        Table t = Rebuttal.offDiagonalMeans(SHIPPED);
        assertEquals(2 * (3 + 3), t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            assertTrue(t.doubleColumn("raw cosine").get(i) > 0.9, "raw cosine is high everywhere: row " + i);
            boolean within = t.stringColumn("comparison").get(i).startsWith("within");
            double centred = t.doubleColumn("centred cosine").get(i);
            assertTrue(within ? centred > 0.3 : Math.abs(centred) < 0.1, "row " + i + ": " + centred);
        }
    }

    @Test
    void badRebuttalRequestsAndFilesNameWhatIsWrong(@TempDir Path root) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Rebuttal.within(SHIPPED, "qwen", Metric.COSINE, "input_layernorm"));
        assertThrows(IllegalArgumentException.class, () -> Rebuttal.across(SHIPPED, 40, Metric.COSINE, "input_layernorm"));
        IllegalArgumentException noTensor = assertThrows(IllegalArgumentException.class,
                () -> Rebuttal.across(SHIPPED, 10, Metric.COSINE, "q_proj"));
        assertTrue(noTensor.getMessage().contains("q_proj") && noTensor.getMessage().contains("input_layernorm"), noTensor.getMessage());

        Path dir = root.resolve("rebuttal/confusions/cosine");
        Files.createDirectories(dir);
        Files.writeString(root.resolve("rebuttal/SOURCE_COMMIT"), "6ce4da8856877c53fdd40cc4038fe2a1eb932ed3");
        Files.writeString(dir.resolve("confusion_cosine_layer10.json"),
                "{\"metric\": \"pearson\", \"models\": [\"solar\", \"glm\"], \"mats\": {\"input_layernorm\": [[1, 0.5], [0.5, 1]]}}");
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> Rebuttal.across(new Published(root), 10, Metric.COSINE, "input_layernorm"));
        assertTrue(wrong.getMessage().contains("confusion_cosine_layer10.json") && wrong.getMessage().contains("pearson"), wrong.getMessage());
        Files.writeString(dir.resolve("confusion_cosine_layer10.json"),
                "{\"metric\": \"cosine\", \"models\": [\"solar\", \"glm\"], \"mats\": {\"input_layernorm\": [[1, 0.5, 2], [0.5, 1]]}}");
        assertThrows(IllegalArgumentException.class, () -> Rebuttal.across(new Published(root), 10, Metric.COSINE, "input_layernorm"));
    }

    @Test
    void sionicsMatchedCosineAndPearsonAreMeansOverThe92NormRowsButItsCentredCosineIsNot() {
        Table t = SionicFinal.recomputed(SHIPPED);
        assertTrue(t.name().contains("92 norm rows"), t.name());
        for (int i = 0; i < t.rowCount(); i++) {
            String q = t.stringColumn("quantity").get(i);
            double file = t.doubleColumn("in statistics.json").get(i);
            boolean missing = t.doubleColumn("recomputed from the per-layer file").isMissing(i);
            if (q.startsWith("centered_cosine")) {
                assertTrue(missing, q + " has no per-tensor values in any published file");
            } else {
                // the per-layer file rounds to 6 decimals
                assertEquals(file, t.doubleColumn("recomputed from the per-layer file").get(i), 2e-6, q);
            }
        }
        Table stats = SionicFinal.statistics(SHIPPED);
        assertEquals(7, stats.rowCount());
        Table random = SionicFinal.randomBaseline(SHIPPED);
        assertEquals(5, random.rowCount());
        assertTrue(random.doubleColumn("value").get(0) > 0.9999 - 1e-6);
    }

    @Test
    void theShippedReadmesAreTheOnesQuoted() {
        Provenance.reset();
        assertTrue(SHIPPED.text(Side.SIONIC, "README-original.ko.md").contains("182 시그마"));
        assertTrue(SHIPPED.text(Side.SIONIC, "README-revised.md").contains("INTELLECT"));
        assertTrue(SHIPPED.text(Side.REBUTTAL, "README.ko.md").contains("Phi-3.5-MoE"));
        assertEquals(2, Provenance.sources().size());
        Table sources = SHIPPED.sourcesTable();
        assertEquals(List.of("sionic", "rebuttal"), sources.stringColumn("side").asList());
        Provenance.reset();
    }

    @Test
    void fourAgainstFourCanGiveNoPBelowOneSeventieth() {
        Table t = SionicOriginal.permutationTest(SHIPPED);
        assertEquals(70L, t.longColumn("splits enumerated").get(0));
        assertEquals(1.0 / 70, t.doubleColumn("p").get(0), 1e-15, "the cross values are the 4 largest: the smallest p there is");
        assertEquals(1.0 / 70, t.doubleColumn("smallest p this design allows").get(0), 1e-15);
    }

    @Test
    void theFourVsFourTableUsesTheReadmesOwnWithinModelValuesNotTheirMean() {
        Table t = SionicOriginal.fourVsFour(SHIPPED);
        assertEquals("0.376, 0.376, 0.377, 0.379 (0.377)", t.stringColumn("value").get(3));
        assertEquals("0.373, 0.377, 0.377, 0.376 (0.376)", t.stringColumn("value").get(4));
        assertEquals("0.981, 0.992, 0.991, 0.992", t.stringColumn("value").get(0));
        assertEquals(t.stringColumn("value").get(0), t.stringColumn("value").get(1), "README and per-layer file agree");
        assertTrue(t.stringColumn("value").get(5).startsWith("0.0143 = 1/70"));
        assertTrue(t.stringColumn("source").get(3).contains(SionicOriginal.README));
    }

    @Test
    void theSameLayerIndexPairsA48LayerModelWithA46PlusOneLayerModel() {
        Table t = SionicOriginal.layerCounts(SHIPPED);
        assertEquals(List.of("upstage/Solar-Open-100B", "zai-org/GLM-4.5-Air"), t.stringColumn("model").asList());
        assertEquals(List.of(48, 46), t.intColumn("decoder layers").asList());
        assertEquals(List.of(0, 1), t.intColumn("MTP layers").asList());
        assertEquals("0–45 (+ MTP layer 46)", t.stringColumn("layer indices").get(1));
    }

    @Test
    void thePerLayerFileIsNotNearOneAtEveryLayer() {
        Table means = SionicFinal.layerwiseMeans(SHIPPED);
        assertEquals("input_layernorm", means.stringColumn("tensor family").get(0));
        assertEquals(0.127247, means.doubleColumn("lowest raw cosine").get(0), 1e-12);
        assertEquals(0, means.intColumn("at layer").get(0));
        assertEquals(46, means.intColumn("layers").get(0));
        Table lines = SionicFinal.layerwiseLong(SHIPPED);
        assertEquals(4 * 46, lines.rowCount());
        assertEquals(4, lines.stringColumn("series").unique().size());
    }

    @Test
    void theRevisedReadmesPairTablesHoldTheIntellectControl() {
        Table t = SionicRevised.modelPairs(SHIPPED);
        assertEquals(12, t.rowCount());
        Table intellect = t.where(t.stringColumn("model A").isEqualTo("GLM").and(t.stringColumn("model B").isEqualTo("INTELLECT")));
        assertEquals(2, intellect.rowCount());
        assertEquals(List.of(1.0, 1.0), intellect.doubleColumn("Pearson r").asList());
        assertEquals("Derived (SFT)", intellect.stringColumn("their reading").get(0));
        Table solarGlm = t.where(t.stringColumn("model A").isEqualTo("Solar").and(t.stringColumn("model B").isEqualTo("GLM")));
        assertEquals(List.of(0.01, 0.01), solarGlm.doubleColumn("Pearson r").asList());
    }

    @Test
    void aClaimsTableNeedsRows() {
        assertThrows(IllegalStateException.class, () -> ClaimTable.named("claims", "what the files show").table());
        Source s = Source.published("sionic", "ff47427453d5b975b5f35caaaa49e60cd67553ac");
        Source r = Source.published("rebuttal", "6ce4da8856877c53fdd40cc4038fe2a1eb932ed3");
        Table t = ClaimTable.named("claims", "what the files show").row("c", s, "b", s, "no").row("c2", r, "b2", List.of(s, r), "yes").table();
        assertEquals(List.of("published claim", "who (commit)", "what the files show", "source", "supported?"), t.columnNames());
        assertEquals("published sionic@ff47427", t.stringColumn("who (commit)").get(0));
        assertEquals("published sionic@ff47427; published rebuttal@6ce4da8", t.stringColumn("source").get(1));
        assertThrows(IllegalArgumentException.class, () -> ClaimTable.named("claims", "x").row("c", s, "b", List.of(), "no"));
    }
}

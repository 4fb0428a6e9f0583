package org.provenancelab.forensics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.metrics.Cka;
import org.provenancelab.metrics.Metric;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.tensor.Tensor;

/**
 * The forensics on planted models whose relations the test knows: a fine-tune of A (A plus small
 * noise, norm outliers kept), a layer-dropped child (every second layer of a deeper parent), a
 * router with its experts permuted, a sliced q_proj, and an independent model.
 */
class ForensicsTest {
    @Test
    void aShuffleP_atItsFloorIsWrittenAsTheFractionItIs() {
        assertEquals("1/20, floor (19 draws)", RowAlignment.pWithDraws(1.0 / 20, 19));
        assertEquals("1/200, floor (199 draws)", RowAlignment.pWithDraws(1.0 / 200, 199));
        assertEquals("0.350 (19 draws)", RowAlignment.pWithDraws(7.0 / 20, 19));
        String p = RowAlignment.independentGaussian(8, 64, 19, 3).table().stringColumn("p (draws)").get(0);
        assertTrue(p.endsWith("(19 draws)"), p);
    }

    static final String K = "model.layers.{i}.self_attn.k_proj.weight";
    static final String NORM = "model.layers.{i}.input_layernorm.weight";
    static final String GATE = "model.layers.{i}.mlp.gate.weight";

    @TempDir
    Path cache;
    LocalHub hub;
    Map<String, Tensor> base;
    SafetensorsModel a;
    SafetensorsModel tuned;
    SafetensorsModel other;

    @BeforeEach
    void publish() throws Exception {
        hub = LocalHub.start();
        base = PlantedRepos.model(10);
        // outliers planted in every norm of A, so the fingerprint has something to find
        for (int l = 0; l < PlantedRepos.LAYERS; l++) {
            String n = "model.layers." + l + ".input_layernorm.weight";
            float[] v = base.get(n).floats();
            v[7 + l] = 6f;
            v[100 + 3 * l] = -3f;
            v[200 - l] = 4.5f;
            base.put(n, PlantedRepos.bf16(n, base.get(n).shape(), v));
        }
        PlantedRepos.publish(hub, "lab-test/base", base, PlantedRepos.LAYERS);
        PlantedRepos.publish(hub, "lab-test/tuned", fineTune(base, 11), PlantedRepos.LAYERS);
        PlantedRepos.publish(hub, "lab-test/other", PlantedRepos.model(12), PlantedRepos.LAYERS);
        a = PlantedRepos.open(hub, cache, "lab-test/base");
        tuned = PlantedRepos.open(hub, cache, "lab-test/tuned");
        other = PlantedRepos.open(hub, cache, "lab-test/other");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** A + small noise on every element but the three largest outliers of each norm. */
    static Map<String, Tensor> fineTune(Map<String, Tensor> m, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (Tensor t : m.values()) {
            float[] v = t.floats();
            java.util.Set<Integer> keep = new java.util.HashSet<>();
            if (t.name().endsWith("layernorm.weight")) {
                for (int i : org.provenancelab.metrics.OutlierFingerprint.top(t, 3)) {
                    keep.add(i);
                }
            }
            for (int i = 0; i < v.length; i++) {
                if (!keep.contains(i)) {
                    v[i] += (float) (0.3 * Math.abs(v[i]) * r.nextGaussian() + 0.002 * r.nextGaussian());
                }
            }
            out.put(t.name(), PlantedRepos.bf16(t.name(), t.shape(), v));
        }
        return out;
    }

    @Test
    void outlierFingerprintHoldsInTheFineTuneAndSitsAtChanceOtherwise() throws Exception {
        OutlierScan kept = OutlierScan.scan(a, tuned, NORM, 3);
        assertEquals(12, kept.totalOutliers());
        assertEquals(12, kept.totalMatches());
        assertTrue(kept.totalExpected() < 0.5, "outlier values are rare in the other vector: " + kept.totalExpected());
        assertTrue(kept.totalP() < 1e-10, "p " + kept.totalP());
        OutlierScan chance = OutlierScan.scan(a, other, NORM, 3);
        assertTrue(chance.totalMatches() <= 2, chance.toString());
        assertTrue(chance.totalP() > 0.01, chance.toString());
        assertEquals(PlantedRepos.LAYERS + 1, kept.table().rowCount());
    }

    @Test
    void poissonBinomialTailMatchesTheBinomial() {
        // four fair coins: P(X >= 2) = 11/16
        assertEquals(11.0 / 16, OutlierScan.upperTail(new double[] {0.5, 0.5, 0.5, 0.5}, 2), 1e-15);
        assertEquals(1.0, OutlierScan.upperTail(new double[] {0.1}, 0), 0);
        assertEquals(0.1 * 0.2, OutlierScan.upperTail(new double[] {0.1, 0.2}, 2), 1e-15);
    }

    @Test
    void informativeTensorsSeparateTheFineTuneFromTheBaselines() throws Exception {
        Sampling s = new Sampling(4, 1024, 1);
        Informative ft = Informative.compare(a, tuned, K, Metric.PEARSON, s);
        Informative ind = Informative.compare(a, other, K, Metric.PEARSON, s);
        for (double v : ft.sameIndex()) {
            assertTrue(v > 0.9, "fine-tune same index " + v);
        }
        for (double v : ind.sameIndex()) {
            assertTrue(Math.abs(v) < 0.1, "independent same index " + v);
        }
        var baselines = ft.baselines();
        assertEquals(4, baselines.rowCount(), baselines.print());
        double within = baselines.where(baselines.stringColumn("group").isEqualTo("within lab-test/base")).doubleColumn("max").get(0);
        assertTrue(within < 0.1, "different layers of one model are unrelated: " + within);
        // k_proj is 64 × 256 = 16,384 elements: 4 windows of 1,024 read from each layer
        assertEquals(4096, ft.seriesA().layer(0).length);
    }

    @Test
    void routerRowsAreMatchedThroughAPermutation() throws Exception {
        // B's router: A's rows in another order, plus noise
        Tensor gate = base.get("model.layers.2.mlp.gate.weight");
        int rows = PlantedRepos.EXPERTS, cols = PlantedRepos.HIDDEN;
        double[][] x = new double[rows][], y = new double[rows][];
        int[] perm = {3, 7, 0, 5, 1, 6, 2, 4};
        Random r = new Random(3);
        for (int i = 0; i < rows; i++) {
            x[i] = gate.row(i);
        }
        for (int i = 0; i < rows; i++) {
            y[perm[i]] = x[i].clone();
            for (int c = 0; c < cols; c++) {
                y[perm[i]][c] += 0.005 * r.nextGaussian();
            }
        }
        RowAlignment.Layer l = RowAlignment.match(2, "a", "b", x, y, 99, 5);
        assertArrayEquals(perm, l.matchOfRow());
        assertTrue(l.assigned() > 0.9 && l.nullMean() < 0.3, l.toString());
        assertEquals(0.01, l.p(), 1e-12); // nothing in 99 draws reaches it: the smallest p this design allows
        assertTrue(Math.abs(l.sameIndex()) < 0.2, "same-index rows are unrelated after the permutation: " + l.sameIndex());
        // through the hub: the fine-tune's routers keep their order
        RowAlignment hubbed = RowAlignment.family(a, tuned, GATE, new int[] {0, 3}, 19, 7);
        for (RowAlignment.Layer h : hubbed.layers()) {
            assertEquals("100.00 %", ByteScan.percent(h.sameIndexShare()));
            assertEquals(0.05, h.p(), 1e-12);
        }
        RowAlignment gauss = RowAlignment.independentGaussian(8, 256, 19, 1);
        assertTrue(gauss.layers().get(0).p() > 0.05, gauss.table().print());
    }

    @Test
    void truncationFindsAPlantedSliceAndNothingInAnUnrelatedMatrix() throws Exception {
        Truncation.Matrix big = Truncation.Matrix.of(a, "model.layers.1.self_attn.q_proj.weight"); // 128 × 256
        double[][] rows = big.read(32, 96);
        double[][] slice = new double[64][];
        for (int i = 0; i < 64; i++) {
            slice[i] = java.util.Arrays.copyOfRange(rows[i], 16, 16 + 200);
        }
        Truncation t = Truncation.test(Truncation.Matrix.of("slice", org.provenancelab.provenance.Source.computed("test slice"), slice), big, 16, 8, 16, 4);
        assertEquals(32, t.best().rowOffset());
        assertEquals(16, t.best().colOffset());
        assertEquals(1.0, t.best().pearson(), 1e-12);
        assertEquals(1.0, t.best().equalShare(), 0);
        assertTrue(Math.abs(t.others()[0]) < 0.05, t.toString());
        Truncation none = Truncation.test(Truncation.Matrix.of(other, "model.layers.1.self_attn.k_proj.weight"), big, 16, 1, 16, 4);
        assertTrue(none.best().pearson() < 0.4, none.toString());
        assertThrows(IllegalArgumentException.class, () -> Truncation.test(Truncation.Matrix.of("wide", org.provenancelab.provenance.Source.computed("x"), new double[4][300]),
                Truncation.Matrix.of("tall", org.provenancelab.provenance.Source.computed("x"), new double[8][200]), 1, 1, 2, 1));
    }

    @Test
    void gramCkaEqualsTheDirectFormula() {
        Random r = new Random(2);
        double[][] x = new double[20][35], y = new double[20][50];
        for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
        for (double[] row : y) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian() + row.length % 3;
        assertEquals(Cka.linear(x, y), StreamingCka.cka(StreamingCka.gram(x), StreamingCka.gram(y)), 1e-12);
    }

    @Test
    void ckaAssignmentRecoversTheLayersAChildKept() throws Exception {
        // parent with 8 layers; the child keeps layers 1, 3, 5, 7 (fine-tuned a little)
        Map<String, Tensor> parent = new java.util.LinkedHashMap<>(), child = new java.util.LinkedHashMap<>();
        Random r = new Random(21);
        for (int l = 0; l < 8; l++) {
            Tensor k = PlantedRepos.bf16("model.layers." + l + ".self_attn.k_proj.weight", new long[] {64, 128}, r, false);
            parent.put(k.name(), k);
        }
        for (int l = 0; l < 4; l++) {
            Tensor k = parent.get("model.layers." + (2 * l + 1) + ".self_attn.k_proj.weight");
            child.put("model.layers." + l + ".self_attn.k_proj.weight", PlantedRepos.renamed(k, "model.layers." + l + ".self_attn.k_proj.weight"));
        }
        child = fineTune(child, 5);
        PlantedRepos.publish(hub, "lab-test/parent", parent, 8);
        PlantedRepos.publish(hub, "lab-test/child", child, 4);
        StreamingCka cka = StreamingCka.compute(PlantedRepos.open(hub, cache, "lab-test/child"), PlantedRepos.open(hub, cache, "lab-test/parent"),
                K, 48, 9);
        assertArrayEquals(new int[] {1, 3, 5, 7}, cka.assignment().columnOfRow(4));
        int[] kept = {1, 3, 5, 7};
        double[] nul = cka.rowShuffleNull(kept, 199, 3);
        // with fewer rows than columns the Gram diagonals make even unrelated rows look alike
        // (CKA about 0.7 here): the shuffle null measures that, and the kept layers clear it
        assertTrue(cka.meanAt(kept) > 0.9 && cka.meanAt(kept) > nul[1] + 0.1, cka.meanAt(kept) + " vs null " + nul[0] + ", 95th " + nul[1]);
        assertEquals(1.0 / 200, nul[2], 1e-12);
        assertEquals(48, cka.rows());
        assertEquals(4, cka.table().rowCount());
    }

    @Test
    void stdCurvesCompareShapesAcrossDepthsAndWidths() throws Exception {
        StdCurves.Curve c = StdCurves.of("m", "k", org.provenancelab.provenance.Source.computed("test"), StdCurves.Stat.STD, new double[] {1, 2, 3, 2, 1});
        StdCurves.Curve scaled = StdCurves.of("n", "k", org.provenancelab.provenance.Source.computed("test"), StdCurves.Stat.STD, new double[] {10, 20, 30, 30, 20, 10});
        StdCurves.Comparison same = StdCurves.compare(c, c);
        assertEquals(0.0, same.dtw(), 1e-15);
        assertEquals(1.0, same.pearson(), 1e-12);
        StdCurves.Comparison inserted = StdCurves.compare(c, scaled);
        StdCurves.Curve unrelated = StdCurves.of("u", "k", org.provenancelab.provenance.Source.computed("test"), StdCurves.Stat.STD, new double[] {3, 1, 2, 1, 3});
        assertTrue(inserted.dtw() < StdCurves.compare(c, unrelated).dtw() / 3, "one repeated layer costs little under DTW: " + inserted.dtw());
        assertEquals(6, inserted.points());
        // from the hub: std of k_proj per layer, read through sampled windows
        StdCurves.Curve ka = StdCurves.of(a, K, StdCurves.Stat.STD, new Sampling(2, 512, 3));
        assertEquals(PlantedRepos.LAYERS, ka.layers());
        assertEquals(0.02, ka.values()[0], 0.002);
        List<StdCurves.Comparison> list = new ArrayList<>();
        list.add(StdCurves.compare(ka, StdCurves.of(tuned, K, StdCurves.Stat.STD, new Sampling(2, 512, 3))));
        assertEquals(1, StdCurves.table("t", list).rowCount());
    }
}

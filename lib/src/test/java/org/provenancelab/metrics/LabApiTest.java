package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

/** Series, matrices and alignments carry their sources, check their inputs, and read alignments right. */
class LabApiTest {
    static final Source PARENT = Source.toy("fam", "parent", 1), CHILD = Source.toy("fam", "child", 1),
            OTHER = Source.toy("fam", "independent", 2);

    static List<double[]> vectors(int layers, int width, long seed) {
        Random r = new Random(seed);
        List<double[]> v = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            double[] x = new double[width];
            for (int k = 0; k < width; k++) {
                x[k] = 1 + 0.1 * r.nextGaussian();
            }
            v.add(x);
        }
        return v;
    }

    /** A child keeping layers 1, 3, 5, … of its parent, slightly changed. */
    static List<double[]> everySecond(List<double[]> parent, long seed) {
        Random r = new Random(seed);
        List<double[]> c = new ArrayList<>();
        for (int i = 1; i < parent.size(); i += 2) {
            double[] x = parent.get(i).clone();
            for (int k = 0; k < x.length; k++) {
                x[k] += 0.01 * r.nextGaussian();
            }
            c.add(x);
        }
        return c;
    }

    @Test
    void seriesAndMatricesCarryTheirSourcesIntoTheirTables() {
        LayerSeries p = LayerSeries.of(PARENT, "h.{i}.ln_1.weight", vectors(4, 16, 1));
        assertEquals("h.2.ln_1.weight", p.tensor(2));
        assertEquals("h.{i}.ln_1.weight (toy fam/parent@1): 4 layers, width 16", p.toString());
        Table st = p.table();
        assertEquals("toy fam/parent@1", st.stringColumn("source").get(3));
        LayerSeries o = LayerSeries.of(OTHER, "h.{i}.ln_1.weight", vectors(3, 16, 2));
        LayerMatrix m = LayerMatrix.across(p, o, Metric.PEARSON);
        Table t = m.table();
        assertEquals(m.name(), t.name());
        assertTrue(t.name().contains("pearson") && t.name().contains("h.{i}.ln_1.weight") && t.name().contains("fam/independent"),
                t.name());
        assertEquals("toy fam/parent@1; toy fam/independent@2", t.stringColumn("source").get(0));
        assertEquals(4, t.rowCount());
        assertEquals(m.get(2, 1), t.doubleColumn("1").get(2));
        Table pairs = Baselines.pairs(p, o, Metric.COSINE);
        assertEquals("toy fam/parent@1; toy fam/independent@2", pairs.stringColumn("source").get(0));
        Table s = Baselines.summary(pairs, Baselines.Options.excluding(Baselines.Exclude.LAYER0));
        assertTrue(s.name().endsWith(", without layer 0"), s.name());
        assertEquals("toy fam/parent@1; toy fam/independent@2", s.stringColumn("source").get(0));
    }

    @Test
    void widthMismatchFailsFirstNamingModelLayerAndTensor() {
        LayerSeries a = LayerSeries.of(PARENT, "l.{i}.norm", vectors(3, 384, 1));
        List<double[]> mixed = vectors(3, 384, 2);
        mixed.set(2, new double[512]);
        LayerSeries b = LayerSeries.of(OTHER, "l.{i}.norm", mixed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerMatrix.across(a, b, Metric.COSINE));
        assertTrue(e.getMessage().contains("toy fam/independent@2 layer 2 (l.2.norm) has 512")
                && e.getMessage().contains("toy fam/parent@1 layer 0 (l.0.norm) has 384"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Baselines.pairs(a, b, Metric.PEARSON));
    }

    @Test
    void cosinesOfParallelVectorsAreClampedToOne() {
        int seen = 0;
        Random r = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            double[] x = new double[2 + r.nextInt(64)];
            for (int k = 0; k < x.length; k++) {
                x[k] = r.nextGaussian() + 1;
            }
            double dot = 0;
            for (double v : x) {
                dot += v * v;
            }
            if (dot / (Math.sqrt(dot) * Math.sqrt(dot)) > 1) {
                seen++; // rounding past 1: what the clamp is for
            }
            assertTrue(VectorMetrics.cosine(x, x) <= 1.0 && VectorMetrics.cosine(x, x) > 1 - 1e-12);
            assertTrue(VectorMetrics.centeredCosine(x, x) <= 1.0);
            double[] neg = java.util.Arrays.stream(x).map(v -> -v).toArray();
            assertTrue(VectorMetrics.cosine(x, neg) >= -1.0);
        }
        assertTrue(seen > 0, "the trials must include a vector whose unclamped cosine with itself exceeds 1");
    }

    @Test
    void diagonalAndOffDiagonalSummaries() {
        LayerSeries a = LayerSeries.of(PARENT, "n.{i}", vectors(4, 16, 1));
        LayerMatrix w = LayerMatrix.within(a, Metric.COSINE);
        assertEquals(1.0, w.diagonal().get(2));
        Summary off = w.offDiagonal();
        assertEquals(6, off.n(), "within one model each unordered pair once");
        assertEquals(w.get(0, 3), off.values()[2]);
        LayerSeries b = LayerSeries.of(OTHER, "n.{i}", vectors(3, 16, 2));
        LayerMatrix x = LayerMatrix.across(a, b, Metric.COSINE);
        assertEquals(3, x.diagonal().size());
        assertEquals(4 * 3 - 3, x.offDiagonal().n());
        assertEquals("toy fam/parent@1; toy fam/independent@2", x.diagonal().table().stringColumn("source").get(0));
    }

    @Test
    void alignmentFindsAChildsLayersInItsParentAndStaysSilentOnAnIndependentModel() {
        List<double[]> parent = vectors(12, 64, 1);
        LayerSeries p = LayerSeries.of(PARENT, "l.{i}.norm", parent);
        LayerSeries c = LayerSeries.of(CHILD, "l.{i}.norm", everySecond(parent, 3));
        AlignmentResult r = LayerMatrix.across(c, p, Metric.PEARSON).alignment(Mapping.everyKth(2, 1), 999, 5);
        assertArrayEquals(new int[] {1, 3, 5, 7, 9, 11}, r.expected());
        assertEquals(6, r.hits());
        assertEquals(1.0, r.rate());
        assertEquals(1.0 / 1000, r.rateP(), 1e-12, "no shuffle reaches 6 of 6");
        assertEquals(r.smallestP(), r.marginP(), 1e-12);
        assertEquals(6, r.assignmentAgrees());
        assertArrayEquals(r.expected(), r.assignment());
        assertArrayEquals(r.expected(), r.argmax());
        assertTrue(r.expectedMargin() > 0.5);
        assertEquals(6, r.table().rowCount());
        assertEquals("toy fam/child@1; toy fam/parent@1", r.summary().stringColumn("source").get(0));
        assertTrue(r.toString().contains("6 of 6"), r.toString());
        // the same seed gives the same null
        AlignmentResult again = LayerMatrix.across(c, p, Metric.PEARSON).alignment(Mapping.everyKth(2, 1), 999, 5);
        assertEquals(r.marginP(), again.marginP());

        LayerSeries o = LayerSeries.of(OTHER, "l.{i}.norm", vectors(6, 64, 9));
        AlignmentResult none = LayerMatrix.across(o, p, Metric.PEARSON).alignment(Mapping.everyKth(2, 1), 999, 5);
        assertTrue(none.hits() <= 2, "an independent model hits by chance only: " + none);
        assertTrue(none.rateP() > 0.05 && none.marginP() > 0.05, none.toString());
        assertFalse(none.expectedMargin() > 0);

        tech.tablesaw.api.Table both = AlignmentResult.summaries("two", r, none);
        assertEquals("two", both.name());
        assertEquals(2, both.rowCount());
        assertEquals("matrix", both.column(0).name());
        assertEquals(r.matrix().measure() + ": " + r.matrix().rowModel() + " × " + r.matrix().colModel(), both.stringColumn(0).get(0));
        assertEquals(r.summary().columnCount() + 1, both.columnCount());
    }

    @Test
    void mappingsBeyondTheOtherModelExpectNothing() {
        LayerSeries a = LayerSeries.of(PARENT, "n.{i}", vectors(4, 8, 1));
        LayerSeries b = LayerSeries.of(OTHER, "n.{i}", vectors(3, 8, 2));
        LayerMatrix m = LayerMatrix.across(a, b, Metric.COSINE);
        assertArrayEquals(new int[] {0, 1, 2, -1}, Mapping.identity().expected(m));
        assertArrayEquals(new int[] {1, 2, -1, -1}, Mapping.offset(1).expected(m));
        assertArrayEquals(new int[] {0, 2, -1, -1}, Mapping.everyKth(2).expected(m));
        assertArrayEquals(m.assignment().columnOfRow(4), Mapping.assignment().expected(m));
        assertThrows(IllegalArgumentException.class, () -> Mapping.of("bad", 0, 5, 1, 2).expected(m));
        assertThrows(IllegalArgumentException.class, () -> Mapping.everyKth(0));
    }
}

package org.provenancelab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.provenancelab.metrics.Baselines;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

class BaselineTestsTest {
    static LayerSeries series(String name, long seed, List<double[]> base, double noise) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (double[] b : base) {
            double[] v = new double[b.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = b[i] + noise * r.nextGaussian();
            }
            out.add(v);
        }
        return LayerSeries.of(Source.toy("t", name, seed), "l.{i}.w", out);
    }

    @Test
    void derivedPairIsSignificantIndependentIsNot() {
        Random r = new Random(1);
        List<double[]> base = new ArrayList<>(), other = new ArrayList<>();
        for (int l = 0; l < 6; l++) {
            double[] a = new double[64], b = new double[64];
            for (int i = 0; i < 64; i++) {
                a[i] = 1 + 0.05 * r.nextGaussian();
                b[i] = 1 + 0.05 * r.nextGaussian();
            }
            base.add(a);
            other.add(b);
        }
        LayerSeries parent = series("p", 2, base, 0), child = series("c", 3, base, 0.01), stranger = series("s", 4, other, 0);
        var t = BaselineTests.table("tests");
        BaselineTests.add(t, child, parent, Metric.PEARSON, Baselines.Options.all(), 0);
        BaselineTests.add(t, stranger, parent, Metric.PEARSON, Baselines.Options.all(), 0);
        assertEquals(4, t.rowCount());
        assertEquals(1.0 / 720, t.doubleColumn("p").get(0), 1e-15, "6 columns: exact over 720 orders, only the identity");
        assertEquals(1.0 / 720, t.doubleColumn("smallest p possible").get(0), 1e-15);
        assertTrue(t.doubleColumn("p").get(2) > 0.05, "independent: " + t.doubleColumn("p").get(2));
        assertTrue(t.doubleColumn("95% interval low").get(0) > 0.5);
        assertEquals(6, t.intColumn("n x").get(0));
        assertEquals(30, t.intColumn("n y").get(0));
        assertEquals(15, t.intColumn("n y").get(1), "within-model pairs of 6 layers");
        // without layer 0: one layer fewer on each side
        BaselineTests.add(t, child, parent, Metric.PEARSON, Baselines.Options.excluding(Baselines.Exclude.LAYER0), 0);
        assertEquals(5, t.intColumn("n x").get(4));
        assertEquals(1.0 / 120, t.doubleColumn("p").get(4), 1e-15);

        Table shown = BaselineTests.readable(t);
        assertEquals("1/720 (floor)", shown.stringColumn("p").get(0), "not 0.00138889");
        assertEquals("1/720", shown.stringColumn("smallest p possible").get(0));
        assertTrue(!shown.stringColumn("p").get(2).contains("floor"), shown.stringColumn("p").get(2));
        assertEquals(1.0 / 720, t.doubleColumn("p").get(0), 1e-15, "the numbers stay in the original table");
    }
}

package org.provenancelab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.provenancelab.stats.PermutationTest.Alternative;

class PermutationTestTest {
    @Test
    void fourVersusFourCannotGoBelowOneInSeventy() {
        // the shape of the original claim: 4 within-model values, all above 4 cross-model values
        double[] within = {0.99, 0.995, 0.998, 0.999};
        double[] cross = {0.90, 0.91, 0.92, 0.93};
        TestResult r = PermutationTest.meanDifference(within, cross, Alternative.GREATER, 10_000, 1);
        assertTrue(r.exact());
        assertEquals(70, r.permutations());
        assertEquals(1.0 / 70, r.p(), 0);
        assertEquals(1.0 / 70, r.smallestPossibleP(), 0);
        assertEquals(1.0, r.superiority());
        assertEquals(2.0 / 70, PermutationTest.meanDifference(within, cross, Alternative.TWO_SIDED, 1, 1).p(), 1e-15);
        assertEquals(1.0, PermutationTest.meanDifference(within, cross, Alternative.LESS, 1, 1).p(), 0);
    }

    @Test
    void identicalSamplesGiveNoEvidence() {
        double[] x = {1, 2, 3, 4, 5};
        TestResult r = PermutationTest.meanDifference(x, x.clone(), Alternative.GREATER, 1000, 1);
        assertEquals(0.0, r.statistic());
        assertTrue(r.p() > 0.5, "p " + r.p());
        assertEquals(1.0, PermutationTest.meanDifference(x, x.clone(), Alternative.TWO_SIDED, 1000, 1).p());
        assertEquals(0.5, r.superiority());
        assertEquals(0.0, r.cohensD());
    }

    @Test
    void oneValueAgainstABaselineIsItsRank() {
        double[] baseline = new double[99];
        for (int i = 0; i < 99; i++) {
            baseline[i] = i;
        }
        // 95 is beaten or equalled by 4 of the 99 baseline values (95..98) plus itself
        TestResult r = PermutationTest.meanDifference(new double[] {95}, baseline, Alternative.GREATER, 1, 1);
        assertEquals(5.0 / 100, r.p(), 1e-15);
    }

    @Test
    void independentNoiseGivesUniformPValues() {
        Random rnd = new Random(2026);
        int below = 0, runs = 400;
        for (int run = 0; run < runs; run++) {
            double[] x = new double[6], y = new double[6];
            for (int i = 0; i < 6; i++) {
                x[i] = rnd.nextGaussian();
                y[i] = rnd.nextGaussian();
            }
            if (PermutationTest.meanDifference(x, y, Alternative.GREATER, 1, 1).p() <= 0.05) {
                below++;
            }
        }
        // expected 20 of 400; binomial sd ≈ 4.4
        assertTrue(below >= 8 && below <= 34, "p <= 0.05 in " + below + " of " + runs);
    }

    @Test
    void sampledTestsAreReproducibleWithTheirSeed() {
        Random rnd = new Random(3);
        double[] x = new double[30], y = new double[30];
        for (int i = 0; i < 30; i++) {
            x[i] = rnd.nextGaussian() + 0.3;
            y[i] = rnd.nextGaussian();
        }
        TestResult a = PermutationTest.meanDifference(x, y, Alternative.GREATER, 5000, 11);
        assertFalse(a.exact());
        assertEquals(5000, a.permutations());
        assertEquals(11L, a.seed());
        assertEquals(a, PermutationTest.meanDifference(x, y, Alternative.GREATER, 5000, 11));
        assertNotEquals(a.p(), PermutationTest.meanDifference(x, y, Alternative.GREATER, 5000, 12).p());
        assertTrue(a.p() >= 1.0 / 5001);
    }

    @Test
    void badSamplesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PermutationTest.meanDifference(new double[] {1, Double.NaN}, new double[] {1}, Alternative.GREATER, 10, 1));
        assertTrue(e.getMessage().contains("sample x"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PermutationTest.meanDifference(new double[0], new double[] {1}, Alternative.GREATER, 10, 1));
    }
}

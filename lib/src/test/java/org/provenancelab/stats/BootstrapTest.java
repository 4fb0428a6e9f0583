package org.provenancelab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    @Test
    void constantSamplesGiveAPointInterval() {
        var ci = Bootstrap.meanDifference(new double[] {0.7, 0.7, 0.7}, new double[] {0.2, 0.2}, 0.95, 1000, 1);
        assertEquals(0.5, ci.estimate(), 1e-15);
        assertEquals(0.5, ci.low(), 1e-15);
        assertEquals(0.5, ci.high(), 1e-15);
    }

    @Test
    void intervalsCoverTheTrueMeanAtAboutTheirLevel() {
        Random rnd = new Random(99);
        int covered = 0, runs = 200;
        for (int run = 0; run < runs; run++) {
            double[] x = new double[40];
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 + rnd.nextGaussian();
            }
            if (Bootstrap.mean(x, 0.9, 1000, run).contains(3)) {
                covered++;
            }
        }
        // nominal 90%: 180 of 200 (sd ≈ 4.2); the percentile method runs slightly under
        assertTrue(covered >= 160 && covered <= 195, covered + " of " + runs);
    }

    @Test
    void independentNoiseGivesAnIntervalAroundZero() {
        Random rnd = new Random(4);
        double[] x = new double[200], y = new double[200];
        for (int i = 0; i < 200; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = rnd.nextGaussian();
        }
        var ci = Bootstrap.meanDifference(x, y, 0.95, 2000, 5);
        assertTrue(ci.contains(0), ci.toString());
        assertTrue(ci.high() - ci.low() < 0.5, ci.toString());
    }

    @Test
    void reproducibleWithTheSeed() {
        double[] x = {1, 4, 2, 8, 5, 7}, y = {0, 1, 3, 2};
        var a = Bootstrap.meanDifference(x, y, 0.95, 500, 21);
        assertEquals(a, Bootstrap.meanDifference(x, y, 0.95, 500, 21));
        assertNotEquals(a, Bootstrap.meanDifference(x, y, 0.95, 500, 22));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.mean(new double[] {1}, 1.0, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.mean(new double[] {1}, 0.95, 10, 1));
    }
}

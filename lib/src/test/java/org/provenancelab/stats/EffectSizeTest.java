package org.provenancelab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EffectSizeTest {
    @Test
    void cohensDWithPopulationAndSampleSpread() {
        double[] x = {1, 2, 3, 4};
        double[] y = {2, 3, 4, 5};
        // variances 1.25 (ddof 0) and 5/3 (ddof 1) in both groups; difference of means 1
        assertEquals(1 / Math.sqrt(1.25), EffectSize.cohensD(x, y, 0), 1e-15);
        assertEquals(1 / Math.sqrt(5.0 / 3), EffectSize.cohensD(x, y, 1), 1e-15);
        assertEquals(-1 / Math.sqrt(1.25), EffectSize.cohensD(y, x, 0), 1e-15);
    }

    @Test
    void refusesWhatCannotBeComputed() {
        assertThrows(IllegalArgumentException.class, () -> EffectSize.cohensD(new double[] {1}, new double[] {2, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> EffectSize.cohensD(new double[] {1, 2}, new double[] {2, 3}, 2));
    }
}

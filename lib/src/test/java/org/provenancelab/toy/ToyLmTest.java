package org.provenancelab.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every parameter kind's gradient against central finite differences. */
class ToyLmTest {
    private static final ToyConfig SMALL = new ToyConfig(11, 8, 2, 12, 2, 6);

    private static int[][] batch(long seed, int b, int len, int vocab) {
        Random r = new Random(seed);
        int[][] out = new int[b][len];
        for (int[] s : out) {
            for (int i = 0; i < len; i++) {
                s[i] = r.nextInt(vocab);
            }
        }
        return out;
    }

    private static void check(ToyParams.GainInit gains) {
        ToyParams p = ToyParams.init(SMALL, 7, gains);
        // move gains away from exactly one so their gradient is not a special case
        Random r = new Random(3);
        for (String n : p.names()) {
            if (p.isGain(n)) {
                double[] g = p.get(n);
                for (int i = 0; i < g.length; i++) {
                    g[i] += 0.3 * r.nextGaussian();
                }
            }
        }
        int[][] batch = batch(5, 3, 6, SMALL.vocab()); // T = 5 < context: positions partly unused
        ToyParams grad = ToyParams.zeros(SMALL);
        double loss = ToyLm.lossAndGradient(p, batch, grad);
        assertEquals(loss, ToyLm.loss(p, batch), 0.0, "loss with and without gradient");
        double h = 1e-5;
        int checked = 0;
        double worst = 0;
        for (String n : p.names()) {
            double[] a = p.get(n);
            double[] ga = grad.get(n);
            for (int i = 0; i < a.length; i++) {
                double keep = a[i];
                a[i] = keep + h;
                double up = ToyLm.loss(p, batch);
                a[i] = keep - h;
                double down = ToyLm.loss(p, batch);
                a[i] = keep;
                double numeric = (up - down) / (2 * h);
                double err = Math.abs(numeric - ga[i]) / Math.max(1e-6, Math.abs(numeric) + Math.abs(ga[i]));
                worst = Math.max(worst, err);
                assertTrue(err < 1e-5 || Math.abs(numeric - ga[i]) < 1e-9,
                        n + "[" + i + "]: analytic " + ga[i] + " vs numeric " + numeric);
                checked++;
            }
        }
        assertEquals(SMALL.parameterCount(), checked, "every parameter checked");
        System.out.println("toy gradient check (" + gains + "): " + checked + " parameters, worst relative error " + worst);
    }

    @Test
    void everyGradientMatchesFiniteDifferencesOnesInit() {
        check(ToyParams.GainInit.ONES);
    }

    @Test
    void everyGradientMatchesFiniteDifferencesRandomInit() {
        check(ToyParams.GainInit.RANDOM);
    }

    @Test
    void unusedPositionsAndTokensGetZeroGradient() {
        ToyParams p = ToyParams.init(SMALL, 1, ToyParams.GainInit.ONES);
        int[][] batch = {{1, 2, 3}};
        ToyParams grad = ToyParams.zeros(SMALL);
        ToyLm.lossAndGradient(p, batch, grad);
        double[] dP = grad.get(ToyParams.POSITIONS);
        for (int i = 2 * SMALL.width(); i < dP.length; i++) {
            assertEquals(0.0, dP[i], "position " + i / SMALL.width() + " is not used by a 2-token input");
        }
    }
}

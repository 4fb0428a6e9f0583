package org.provenancelab.toy;

/** Adam (Kingma &amp; Ba) without weight decay, with global-norm gradient clipping. */
final class Adam {
    static final double BETA1 = 0.9, BETA2 = 0.99, EPS = 1e-8, CLIP = 1.0;
    private final ToyParams m, v;
    private int step;

    Adam(ToyConfig c) {
        m = ToyParams.zeros(c);
        v = ToyParams.zeros(c);
    }

    /** One update of {@code p} with gradient {@code g} at learning rate {@code lr}; returns the gradient norm. */
    double step(ToyParams p, ToyParams g, double lr) {
        double ss = 0;
        for (String n : p.names()) {
            for (double x : g.get(n)) {
                ss += x * x;
            }
        }
        double norm = Math.sqrt(ss);
        double clip = norm > CLIP ? CLIP / norm : 1.0;
        step++;
        double c1 = 1 - StrictMath.pow(BETA1, step), c2 = 1 - StrictMath.pow(BETA2, step);
        for (String n : p.names()) {
            double[] w = p.get(n), gr = g.get(n), mm = m.get(n), vv = v.get(n);
            for (int i = 0; i < w.length; i++) {
                double gi = gr[i] * clip;
                mm[i] = BETA1 * mm[i] + (1 - BETA1) * gi;
                vv[i] = BETA2 * vv[i] + (1 - BETA2) * gi * gi;
                w[i] -= lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + EPS);
            }
        }
        return norm;
    }
}

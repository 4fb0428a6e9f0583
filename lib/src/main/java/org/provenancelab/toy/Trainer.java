package org.provenancelab.toy;

import java.util.Random;

/**
 * The training loop: Adam on random windows of a corpus, linear warm-up then cosine decay to a
 * tenth of the peak rate. One thread per run, so a run's result depends only on its inputs.
 */
public final class Trainer {
    /**
     * How to train.
     *
     * @param steps    optimizer steps
     * @param batch    windows per step
     * @param window   tokens per window (inputs; one more is read for the last target)
     * @param lr       peak learning rate
     * @param warmup   warm-up steps
     * @param dataSeed seed of the window positions (the data order)
     */
    public record Plan(int steps, int batch, int window, double lr, int warmup, long dataSeed) {
        public Plan {
            if (steps < 1 || batch < 1 || window < 1 || lr <= 0 || warmup < 0) {
                throw new IllegalArgumentException("bad training plan: " + this);
            }
        }

        double rate(int step) {
            if (step < warmup) {
                return lr * (step + 1) / warmup;
            }
            double progress = steps <= warmup ? 1 : (double) (step - warmup) / (steps - warmup);
            return lr * (0.1 + 0.9 * 0.5 * (1 + StrictMath.cos(Math.PI * progress)));
        }
    }

    private Trainer() {}

    /** Trains {@code p} in place; returns the training loss of every step (nats per character). */
    public static double[] train(ToyParams p, Corpus corpus, Plan plan) {
        if (plan.window() > p.config().context()) {
            throw new IllegalArgumentException("window " + plan.window() + " exceeds the model's context " + p.config().context());
        }
        Random rng = new Random(plan.dataSeed());
        Adam adam = new Adam(p.config());
        double[] losses = new double[plan.steps()];
        for (int s = 0; s < plan.steps(); s++) {
            int[][] batch = corpus.sample(rng, plan.batch(), plan.window() + 1);
            ToyParams grad = ToyParams.zeros(p.config());
            losses[s] = ToyLm.lossAndGradient(p, batch, grad);
            adam.step(p, grad, plan.rate(s));
        }
        return losses;
    }
}

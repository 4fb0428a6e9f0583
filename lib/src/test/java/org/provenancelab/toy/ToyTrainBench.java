package org.provenancelab.toy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("bench")
class ToyTrainBench {
    @Test
    void bench() throws Exception {
        int layers = Integer.getInteger("toy.layers", 8), width = Integer.getInteger("toy.width", 128);
        int hidden = Integer.getInteger("toy.hidden", 256), window = Integer.getInteger("toy.window", 32);
        int batch = Integer.getInteger("toy.batch", 4), steps = Integer.getInteger("toy.steps", 50);
        ToyConfig c = new ToyConfig(Corpus.VOCAB, width, 4, hidden, layers, window);
        Corpus corpus = Corpus.licenses("gpl", Corpus.DEBIAN_LICENSES, List.of("GPL-3", "GPL-2", "LGPL-2.1"));
        ToyParams p = ToyParams.init(c, 1, ToyParams.GainInit.ONES);
        long t0 = System.nanoTime();
        double[] l = Trainer.train(p, corpus, new Trainer.Plan(steps, batch, window, 3e-3, 20, 1));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("steps=%d time=%.2fs per-step=%.1fms loss first=%.3f last=%.3f%n", steps, s, 1000 * s / steps, l[0], l[steps - 1]);
    }
}

package org.provenancelab.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.provenancelab.claims.Published;

class PublishedScoresTest {
    /** Golden values: the same means computed with Python's csv and json modules from the shipped files. */
    @Test
    void theShippedFilesGiveTheSidesNumbersInTheMethodsUnits() {
        List<PairScore> s = PublishedScores.of(new Published(Path.of("..", "notebooks", "data", "published")));
        assertEquals(0.9675629673913042, value(s, "norm.cosine", PublishedScores.STUDY), 1e-12);
        assertEquals(0.005364858695652174, value(s, "norm.pearson", PublishedScores.STUDY), 1e-12);
        assertEquals(0.029266488888888893, value(s, "rows.assignment", PublishedScores.STUDY), 1e-12);
        assertEquals(-2.3519406639746987e-05, value(s, "attn.kv_cosine", PublishedScores.STUDY), 1e-15);
        assertEquals(0.0, value(s, "byte.identical_tensors", PublishedScores.STUDY));
        assertEquals(1.5322962800661724, value(s, "norm.rel_l2", PublishedScores.STUDY_3), 1e-12);
        assertEquals(0.4942646920681, value(s, "norm.rel_l2", PublishedScores.CONTROL), 1e-12);
        assertEquals(0.9905105729897817, value(s, "norm.cosine", PublishedScores.STUDY_3), 1e-12);
        assertEquals(0.9919765194257101, value(s, "norm.cosine", PublishedScores.CONTROL), 1e-12);
        assertEquals(0.011079058594380816, value(s, "norm.pearson", PublishedScores.STUDY_3), 1e-12);
        assertEquals(0.0054150383997087674, value(s, "norm.pearson", PublishedScores.CONTROL), 1e-12);
        assertEquals(11, s.size());
        for (PairScore p : s) {
            assertNull(p.relation(), "the published pairs have no known relation");
            assertEquals("published", p.set());
        }
        assertEquals("published sionic@ff47427", s.get(0).sourceLabel());
    }

    static double value(List<PairScore> s, String method, String pair) {
        return s.stream().filter(p -> p.method().equals(method) && p.pair().equals(pair)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " on " + pair + " missing")).value();
    }
}

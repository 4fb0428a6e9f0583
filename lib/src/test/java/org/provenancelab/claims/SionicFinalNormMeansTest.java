package org.provenancelab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** SionicFinal.normMeansWithoutLayer0 on the shipped per-layer file, and on a file too short to average. */
class SionicFinalNormMeansTest {
    @Test
    void theShippedFileWithAndWithoutLayer0() {
        Table t = SionicFinal.normMeansWithoutLayer0(ShippedClaimsTest.SHIPPED);
        assertEquals(List.of("norm_pre", "norm_pre", "norm_post", "norm_post"), t.stringColumn("norm").asList());
        assertEquals(List.of("all (0–45)", "without layer 0", "all (0–45)", "without layer 0"), t.stringColumn("layers").asList());
        assertEquals(List.of(46, 45, 46, 45), t.intColumn("n").asList());
        // expected means computed from the CSV with Python's csv module, independently of Tablesaw
        double[] cos = {0.9487432173913044, 0.9669986888888891, 0.9863827173913045, 0.9893276444444447};
        double[] pearson = {0.012601978260869564, 0.013177311111111109, -0.0018722608695652182, -0.0017128666666666665};
        for (int i = 0; i < 4; i++) {
            assertEquals(cos[i], t.doubleColumn("cosine mean").get(i), 1e-12);
            assertEquals(pearson[i], t.doubleColumn("pearson mean").get(i), 1e-12);
        }
        assertTrue(t.stringColumn("source").asList().stream().allMatch("published sionic@ff47427"::equals));
    }

    @Test
    void aFileWithoutNormRowsIsNamed(@TempDir Path root) throws Exception {
        Path side = root.resolve("sionic");
        Files.createDirectories(side.resolve("out_solar_vs_glm45"));
        Files.writeString(side.resolve("SOURCE_COMMIT"), "ff47427" + "0".repeat(33) + "\n");
        Files.writeString(side.resolve(SionicFinal.LAYERWISE), "category,layer_A,cosine,pearson\nnorm_pre,0,0.5,0.1\nnorm_post,0,0.5,0.1\nnorm_post,1,0.5,0.1\n");
        var e = assertThrows(IllegalStateException.class, () -> SionicFinal.normMeansWithoutLayer0(new Published(root)));
        assertTrue(e.getMessage().contains("norm_pre") && e.getMessage().contains(SionicFinal.LAYERWISE), e.getMessage());
    }
}

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

/** Sionic's tokenizer figures as the lab ships them, and a file with a field missing. */
class SionicTokenizersTest {
    static final Published SHIPPED = ShippedClaimsTest.SHIPPED;

    @Test
    void theShippedFilesGiveOneRowPerStatisticWithItsFileAndSource() {
        Table t = SionicTokenizers.figures(SHIPPED);
        assertEquals(9, t.rowCount());
        assertEquals(List.of("statistic", "value", "file", "source"), t.columnNames());
        assertEquals("196608 / 151329", value(t, "vocabulary A / B"));
        assertEquals("80339 (0.300; 0.531)", value(t, "shared token texts (Jaccard; share of the smaller)"));
        assertEquals("1 of 151329", value(t, "same text at the same id"));
        assertEquals("-4096 (97 ASCII tokens)", value(t, "most frequent offset (ASCII tokens) and its count"));
        assertEquals("256 tokens from A id 4096", value(t, "longest run at that offset"));
        assertEquals("80339; 150", value(t, "B tokens found in A; with the same or a close id"));
        assertEquals("4096 (262 tokens)", value(t, "most common position difference and its count"));
        assertEquals("76729; 0", value(t, "merges shared; first 1000 merges equal"));
        assertEquals(6, t.stringColumn("file").countOccurrences("01_tokenizer_compare.json"));
        assertEquals(3, t.stringColumn("file").countOccurrences("tokenizer_expansion_analysis.json"));
        assertTrue(t.stringColumn("source").asList().stream().allMatch("published sionic@ff47427"::equals));
    }

    @Test
    void aMissingFieldIsNamed(@TempDir Path root) throws Exception {
        Path side = root.resolve("sionic");
        Files.createDirectories(side.resolve("out_solar_vs_glm45"));
        Files.createDirectories(side.resolve("out_with_control_v2"));
        Files.writeString(side.resolve("SOURCE_COMMIT"), "ff47427" + "0".repeat(33) + "\n");
        Files.writeString(side.resolve(SionicTokenizers.COMPARE), "{\"A_fingerprint\": {\"vocab_size\": 10}}");
        Files.writeString(side.resolve(SionicTokenizers.EXPANSION), "{}");
        var e = assertThrows(IllegalStateException.class, () -> SionicTokenizers.figures(new Published(root)));
        assertTrue(e.getMessage().contains("/B_fingerprint/vocab_size"), e.getMessage());
    }

    private static String value(Table t, String statistic) {
        return t.stringColumn("value").get(t.stringColumn("statistic").indexOf(statistic));
    }
}

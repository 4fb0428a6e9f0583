package org.provenancelab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

class PublishedTest {
    static final String SHA = "6ce4da8856877c53fdd40cc4038fe2a1eb932ed3";
    @TempDir
    Path root;
    Published published;

    @BeforeEach
    void setUp() throws Exception {
        Path side = root.resolve("rebuttal");
        Files.createDirectories(side.resolve("sub"));
        Files.writeString(side.resolve("SOURCE_COMMIT"), SHA + "\n");
        Files.writeString(side.resolve("sub/m.json"), "{\"mats\": {\"x\": [[1.0, 0.5], [0.5, 1.0]]}}");
        Files.writeString(side.resolve("t.csv"), "layer,cosine\n0,0.25\n1,0.75\n");
        Files.writeString(side.resolve("broken.json"), "{\"mats\": [1, 2");
        published = new Published(root);
        Provenance.reset();
    }

    @Test
    void readsJsonAndCsvAndRecordsTheSource() {
        assertEquals(0.5, published.json(Side.REBUTTAL, "sub/m.json").get("mats").get("x").get(0).get(1).asDouble());
        Table t = published.csv(Side.REBUTTAL, "t.csv");
        assertEquals(2, t.rowCount());
        assertEquals(0.75, t.doubleColumn("cosine").get(1));
        assertEquals(java.util.List.of(Source.published("rebuttal", SHA)), Provenance.sources());
        assertEquals("published rebuttal@6ce4da8", published.source(Side.REBUTTAL).label());
    }

    @Test
    void errorsNameTheFileAndTheProblemWithoutAbsolutePaths() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> published.json(Side.REBUTTAL, "nope.json"));
        assertTrue(missing.getMessage().contains("published/rebuttal/nope.json"), missing.getMessage());
        assertFalse(missing.getMessage().contains(root.toString()), "no absolute path: " + missing.getMessage());

        IllegalStateException broken = assertThrows(IllegalStateException.class,
                () -> published.json(Side.REBUTTAL, "broken.json"));
        assertTrue(broken.getMessage().contains("broken.json") && broken.getMessage().contains("not valid JSON"),
                broken.getMessage());

        IllegalArgumentException escape = assertThrows(IllegalArgumentException.class,
                () -> published.json(Side.REBUTTAL, "../../etc/passwd"));
        assertTrue(escape.getMessage().contains("leaves the rebuttal folder"), escape.getMessage());
        assertTrue(Provenance.sources().isEmpty(), "failed reads record nothing");
    }

    @Test
    void aSourceCommitThatIsNotAShaIsRejected() throws Exception {
        Files.writeString(root.resolve("rebuttal/SOURCE_COMMIT"), "main\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> published.commit(Side.REBUTTAL));
        assertTrue(e.getMessage().contains("40-hex") && e.getMessage().contains("'main'"), e.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> published.commit(Side.SIONIC));
    }
}

package org.provenancelab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FooterTest {
    static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @AfterEach
    void forget() {
        Provenance.reset();
    }

    @Test
    void plotlyIsNamedOnlyOnPagesThatDrewAFigure() {
        List<String> without = Provenance.footerLines(WHEN, SHA, Lab.TreeState.CLEAN, false);
        assertTrue(without.stream().noneMatch(l -> l.contains("plotly")), without.toString());
        assertTrue(without.contains("Java " + Runtime.version().feature()), without.toString());
        List<String> with = Provenance.footerLines(WHEN, SHA, Lab.TreeState.CLEAN, true);
        assertEquals(1, with.stream().filter(l -> l.startsWith("plotly.js ") && l.contains(" inlined")).count(), with.toString());
    }

    @Test
    void theCommitLineSaysWhetherTheTreeWasClean() {
        assertTrue(Provenance.footerLines(WHEN, SHA, Lab.TreeState.CLEAN, false).get(0)
                .endsWith("lab commit " + SHA + " (working tree clean)"));
        assertTrue(Provenance.footerLines(WHEN, SHA, Lab.TreeState.DIRTY, false).get(0).contains("working tree DIRTY"));
        assertTrue(Provenance.footerLines(WHEN, SHA, Lab.TreeState.UNKNOWN, false).get(0).contains("not recorded"));
    }

    @Test
    void theRunnersRecordIsParsedIntoCleanDirtyOrUnknown() {
        assertEquals(Lab.TreeState.CLEAN, Lab.treeState(SHA));
        assertEquals(Lab.TreeState.DIRTY, Lab.treeState(SHA + "-dirty"));
        assertEquals(Lab.TreeState.UNKNOWN, Lab.treeState(null));
        assertEquals(Lab.TreeState.UNKNOWN, Lab.treeState("unknown (not a git checkout)"));
        assertEquals(SHA, Lab.stripDirty(SHA + "-dirty"));
    }

    @Test
    void zooSourcesShowTheJarChecksumAndTheirNoteOnlyWhenUsed() {
        String jar = "ab".repeat(32);
        Provenance.noteFor(Source.Kind.ZOO, "why the versions differ");
        Provenance.record(Source.published("sionic", SHA));
        List<String> noZoo = Provenance.footerLines(WHEN, SHA, Lab.TreeState.CLEAN, false);
        assertTrue(noZoo.stream().noneMatch(l -> l.startsWith("Note:")), noZoo.toString());

        Provenance.record(Source.zoo("bge-small-en", "dev.langchain4j:langchain4j-embeddings-bge-small-en:1.11.0-beta19", jar));
        List<String> lines = Provenance.footerLines(WHEN, SHA, Lab.TreeState.CLEAN, false);
        assertTrue(lines.contains("Source: zoo bge-small-en (dev.langchain4j:langchain4j-embeddings-bge-small-en:1.11.0-beta19, jar sha256 "
                + jar + ")"), lines.toString());
        assertTrue(lines.contains("Note: why the versions differ"), lines.toString());
        assertEquals("zoo bge-small-en", Source.zoo("bge-small-en", "c", jar).label());
        assertThrows(IllegalArgumentException.class, () -> Source.zoo("bge-small-en", "c", "not-a-sha"));
        assertThrows(IllegalArgumentException.class, () -> Provenance.noteFor(Source.Kind.ZOO, " "));
    }
}

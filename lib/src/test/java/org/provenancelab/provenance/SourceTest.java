package org.provenancelab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTest {
    static final String SHA = "ff47427453d5b975b5f35caaaa49e60cd67553ac";

    @Test
    void labelsFollowTheThreeForms() {
        assertEquals("live upstage/Solar-Open-100B@ff47427", Source.live("upstage/Solar-Open-100B", SHA).label());
        assertEquals("zoo all-minilm-l6-v2", Source.zoo("all-minilm-l6-v2", "dev.langchain4j:x:1").label());
        assertEquals("published sionic@ff47427", Source.published("sionic", SHA).label());
        assertEquals("published sionic at commit " + SHA, Source.published("sionic", SHA).fullLabel());
        String sha256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";
        assertEquals("reference Apache License 2.0 text, sha256 cfc7749", Source.reference("Apache License 2.0 text", sha256).label());
        assertEquals("reference Apache License 2.0 text, file sha256 " + sha256, Source.reference("Apache License 2.0 text", sha256).fullLabel());
        assertThrows(IllegalArgumentException.class, () -> Source.reference("a text", SHA)); // a commit is not a file hash
        assertEquals("local synthetic/solar-like@ff47427", Source.local("synthetic/solar-like", SHA).label());
        assertEquals("toy norms/ones-a@1", Source.toy("norms", "ones-a", 1).label());
        assertEquals("computed (C(8,4) splits)", Source.computed("C(8,4) splits").label());
    }

    @Test
    void liveAndPublishedNumbersNeedACommit() {
        assertThrows(IllegalArgumentException.class, () -> Source.live("a/b", ""));
        assertThrows(IllegalArgumentException.class, () -> Source.published("sionic", null));
        assertThrows(IllegalArgumentException.class, () -> Source.zoo(" ", ""));
        assertThrows(IllegalArgumentException.class, () -> Source.local("a/b", ""));
    }

    @Test
    void footerListsEveryRecordedSourceOnce() {
        Provenance.reset();
        Provenance.record(Source.published("sionic", SHA));
        Provenance.record(Source.published("sionic", SHA));
        Provenance.record(Source.live("zai-org/GLM-4.5-Air", "a".repeat(40)));
        List<String> lines = Provenance.footerLines(ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        assertEquals(1, lines.stream().filter(l -> l.equals("Source: published sionic at commit " + SHA)).count(), lines.toString());
        assertTrue(lines.contains("Source: live zai-org/GLM-4.5-Air at commit " + "a".repeat(40)), lines.toString());
        assertTrue(lines.contains("Run at 2026-01-02T03:04:05Z"), lines.toString());
        assertTrue(lines.get(0).startsWith("Provenance Lab library "), lines.toString());
        Provenance.reset();
    }

    @Test
    void footerListsTheParametersInDeclarationOrderAndMarksOverrides() {
        Provenance.reset();
        Provenance.parameter("modelA", "zoo/e5-small-v2", true);
        Provenance.parameter("modelB", "zai-org/GLM-4.5-Air", false);
        List<String> lines = Provenance.footerLines(ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        assertTrue(lines.contains("Parameters: modelA = zoo/e5-small-v2 (set with --set); modelB = zai-org/GLM-4.5-Air"),
                lines.toString());
        Provenance.reset();
        assertTrue(Provenance.footerLines(ZonedDateTime.now(ZoneOffset.UTC)).stream().noneMatch(l -> l.startsWith("Parameters")));
    }

    @Test
    void profileParsesBothNamesAndRejectsOthers() {
        assertEquals(Profile.OFFLINE, Profile.parse(null));
        assertEquals(Profile.ONLINE, Profile.parse(" Online "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.parse("cloud"));
        assertTrue(e.getMessage().contains("'cloud'") && e.getMessage().contains(Profile.ENV), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void tablesGetASourceColumnOnEveryRow() {
        var t = tech.tablesaw.api.Table.create("counts", tech.tablesaw.api.IntColumn.create("n", new int[] {1, 2, 3}));
        Source s = Source.zoo("all-minilm-l6-v2", "dev.langchain4j:x:1");
        var labelled = s.withSourceColumn(t);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("zoo all-minilm-l6-v2", "zoo all-minilm-l6-v2", "zoo all-minilm-l6-v2"),
                labelled.stringColumn("source").asList());
        org.junit.jupiter.api.Assertions.assertEquals(1, t.columnCount(), "the original is unchanged");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.withSourceColumn(labelled));
    }
}

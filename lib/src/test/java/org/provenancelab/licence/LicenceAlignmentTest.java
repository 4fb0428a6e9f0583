package org.provenancelab.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.provenancelab.diff.TextDiff;
import org.provenancelab.hub.SyntheticFiles;
import org.provenancelab.provenance.Source;

class LicenceAlignmentTest {
    static final Source SRC = Source.computed("test text");

    @Test
    void apacheHasNineNumberedSectionsAndItsFrame() {
        LicenceText a = LicenceText.apache2();
        assertEquals(List.of("title", "terms", "§1", "§2", "§3", "§4", "§5", "§6", "§7", "§8", "§9", "end", "appendix"),
                a.sections().stream().map(LicenceText.Section::key).toList());
        assertEquals("Definitions", a.section("§1").heading());
        assertEquals("Grant of Copyright License", a.section("§2").heading());
        assertEquals("Accepting Warranty or Additional Liability", a.section("§9").heading());
        assertEquals("Apache License", a.firstLine());
        // the sections hold the whole text, nothing lost or repeated
        assertEquals(a.text().length() + 1, a.sections().stream().mapToInt(s -> s.text().length()).sum());
    }

    @Test
    void identicalTextsAlignAsSame() {
        LicenceText a = LicenceText.apache2();
        LicenceAlignment al = LicenceAlignment.align(a, LicenceText.parse(a.text(), "copy", SRC));
        assertTrue(al.rows().stream().allMatch(r -> r.status() == LicenceAlignment.Status.SAME));
        assertEquals(1.0, al.referenceWordsKept(), 0);
    }

    @Test
    void markdownFormattingIsNotAChange() {
        LicenceText a = LicenceText.apache2();
        String md = a.text().replace("   1. Definitions.", "# 1\\. Definitions.").replace("   TERMS AND CONDITIONS", "## TERMS AND CONDITIONS");
        LicenceAlignment al = LicenceAlignment.align(a, LicenceText.parse(md, "markdown", SRC));
        assertEquals(LicenceAlignment.Status.SAME, al.row("§1").status(), al.row("§1").toString());
        assertEquals(LicenceAlignment.Status.SAME, al.row("terms").status());
    }

    /** The synthetic licence: renamed, a preamble, condition 4(e), section 10 added: each found where it is. */
    @Test
    void theSyntheticLicenceDifferencesAreFoundWhereTheyAre() {
        LicenceText a = LicenceText.apache2();
        LicenceText s = LicenceText.parse(SyntheticFiles.licence(false), "synthetic", SRC);
        LicenceAlignment al = LicenceAlignment.align(a, s);
        assertEquals(LicenceAlignment.Status.CHANGED, al.row("title").status());
        assertEquals(LicenceAlignment.Status.CHANGED, al.row("§4").status());
        assertEquals(LicenceAlignment.Status.ADDED, al.row("§10").status());
        assertEquals("Synthetic Restriction", al.row("§10").headingOther());
        for (String k : List.of("§1", "§2", "§3", "§5", "§6", "§7", "§8", "§9", "appendix")) {
            assertEquals(LicenceAlignment.Status.SAME, al.row(k).status(), k);
        }
        var r4 = al.row("§4");
        assertEquals(0, r4.wordsRemoved());
        assertEquals(TextDiff.words("(e) Synthetic condition: a Derivative Work must carry the word \"Synthetic\" at the start of its name.").size(),
                r4.wordsAdded());
        assertTrue(al.sectionHtml("§4", 5).contains("<ins style=\"color:#070\">(e) Synthetic condition"), al.sectionHtml("§4", 5));
        assertTrue(al.sectionHtml("§10", 5).startsWith("<ins"));
        assertEquals(13 + 1, al.table().rowCount());
        assertThrows(IllegalArgumentException.class, () -> al.row("§99"));
    }

    @Test
    void aTextWithoutNumberedSectionsIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> LicenceText.parse("MIT License\n\nPermission is hereby granted", "mit-ish", SRC));
        assertTrue(e.getMessage().startsWith("mit-ish:"), e.getMessage());
    }

    @Test
    void textDiffCounts() {
        TextDiff d = TextDiff.words("a b c d e", "a x c d e f");
        assertEquals(2, d.added());
        assertEquals(1, d.removed());
        assertEquals(4, d.unchanged());
        assertEquals(8.0 / 11, d.similarity(), 1e-12);
        assertEquals(List.of("- b", "+ x", "+ f"), d.changes());
        TextDiff l = TextDiff.lines("one\ntwo\nthree", "one\n2\nthree");
        assertEquals("--- a\n+++ b\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three", l.unified("a", "b", 1));
        assertTrue(TextDiff.lines("same", "same").identical());
        String many = String.join(" ", java.util.Collections.nCopies(50, "w"));
        String html = TextDiff.words(many + " old " + many, many + " new " + many).markedHtml(3);
        assertTrue(html.contains("[… 47 words unchanged …]") && html.contains("<del style=\"color:#b00\">old</del>"), html);
    }
}

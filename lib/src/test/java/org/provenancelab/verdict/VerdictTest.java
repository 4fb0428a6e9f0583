package org.provenancelab.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.calibration.CalibrationReport;
import org.provenancelab.calibration.Direction;
import org.provenancelab.calibration.EvidenceKind;
import org.provenancelab.calibration.Method;
import org.provenancelab.calibration.PairScore;
import org.provenancelab.calibration.KnownRelation;
import org.provenancelab.calibration.ResultItem;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

class VerdictTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIONIC = "ff47427453d5b975b5f35caaaa49e60cd67553ac";

    static final Method BYTES = new Method("byte.identical_tensors", "byte-identical tensors", "09",
            Direction.HIGHER_MEANS_RELATED, EvidenceKind.BYTE_IDENTITY, "whole tensors with equal SHA-256", Method.TENSORS);
    static final Method ALIGN = new Method("align.kv_rate", "k/v layer alignment rate", "08",
            Direction.HIGHER_MEANS_RELATED, EvidenceKind.INFORMATIVE_TENSORS, "share of layers whose argmax is the mapped layer", "fraction");
    static final Method ROUTER = new Method("router.assignment", "router rows after assignment", "10",
            Direction.HIGHER_MEANS_RELATED, EvidenceKind.INFORMATIVE_TENSORS, "mean cosine of assigned rows", "similarity");
    static final Method COSINE = new Method("norm.cosine", "raw cosine of norm gains", "07",
            Direction.HIGHER_MEANS_RELATED, EvidenceKind.NORM_RAW, "mean raw cosine, same layer", "similarity");

    static PairScore toy(Method m, String pair, KnownRelation r, double v) {
        return new PairScore(m.key(), pair, "toy", r, v, List.of(Source.toy("toyfam", pair, 7)));
    }

    static final String SOLAR = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    /** The lab's own measurement of the pair (online). */
    static final Source MEASURED = Source.live("upstage/Solar-Open-100B", SOLAR);
    /** A side's published figure. */
    static final Source PUBLISHED = Source.published("sionic", SIONIC);

    static PairScore study(Method m, String pair, double v, Source src) {
        return new PairScore(m.key(), pair, src.kind() == Source.Kind.PUBLISHED ? "published" : "live", null, v, List.of(src));
    }

    static void writeTwelve(Path dir) throws IOException {
        writeTwelve(dir, MEASURED);
    }

    /** Notebook 12's file: four methods calibrated on a toy family, Solar vs GLM and Phi vs GLM scored from {@code src}. */
    static void writeTwelve(Path dir, Source src) throws IOException {
        List<PairScore> s = new ArrayList<>();
        for (Method m : List.of(BYTES, ALIGN, ROUTER, COSINE)) {
            boolean cos = m == COSINE;
            s.add(toy(m, "a vs b", KnownRelation.INDEPENDENT, cos ? 0.995 : m == BYTES ? 0 : 0.1));
            s.add(toy(m, "a vs c", KnownRelation.INDEPENDENT, cos ? 0.993 : m == BYTES ? 0 : 0.2));
            s.add(toy(m, "a vs a-copy", KnownRelation.EXACT_COPY, m == BYTES ? 36 : 1.0));
            s.add(toy(m, "a vs a-ft", KnownRelation.SHORT_FINETUNE, m == BYTES ? 0 : cos ? 0.999 : 0.9));
        }
        s.add(study(BYTES, "Solar vs GLM", 0, src));
        s.add(study(ALIGN, "Solar vs GLM", 0.15, src));
        s.add(study(ROUTER, "Solar vs GLM", 0.12, src));
        s.add(study(COSINE, "Solar vs GLM", 0.9976, src));
        s.add(study(COSINE, "Phi vs GLM", 0.9981, src));
        s.add(study(ALIGN, "Phi vs GLM", 0.1, src));
        CalibrationReport r = CalibrationReport.of(List.of(BYTES, ALIGN, ROUTER, COSINE), "toy", s);
        write(dir.resolve("12_method_validation.results.json"), "12_method_validation",
                r.resultItems(List.of(Source.toy("toyfam", "all members", 7)), "Solar vs GLM", Set.of("Phi vs GLM")));
    }

    static void write(Path file, String notebook, List<ResultItem> items) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("notebook", notebook).put("profile", "offline").put("lab_commit", "0123456789abcdef0123456789abcdef01234567");
        root.putObject("parameters").put("modelA", "upstage/Solar-Open-100B").put("modelB", "zai-org/GLM-4.5-Air");
        ArrayNode results = root.putArray("results");
        for (ResultItem i : items) {
            ObjectNode e = results.addObject();
            e.put("key", i.key());
            if (i.value() == null) {
                e.putNull("value");
            } else {
                e.put("value", i.value());
            }
            if (i.text() == null) {
                e.putNull("text");
            } else {
                e.put("text", i.text());
            }
            e.put("source", i.sources().stream().map(Source::label).distinct().reduce((a, b) -> a + "; " + b).orElseThrow());
            e.put("source_full", i.sources().stream().map(Source::fullLabel).distinct().reduce((a, b) -> a + "; " + b).orElseThrow());
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** Notebook 09's file: a byte-identity scan of the pair, with {@code identical} whole tensors equal. */
    static void writeNine(Path dir, int identical) throws IOException {
        writeNine(dir, identical, MEASURED);
    }

    static void writeNine(Path dir, int identical, Source src) throws IOException {
        write(dir.resolve("09_byte_identity.results.json"), "09_byte_identity", List.of(
                ResultItem.number("solar_glm.identical_tensors", identical, List.of(src)),
                ResultItem.text("solar_glm.identical_tensors.pair", "Solar vs GLM", List.of(src)),
                ResultItem.number("solar_glm.tensors_compared", 212.0, List.of(src))));
    }

    static final List<Probe> PROBES = List.of(Probe.study("09", "solar_glm.identical_tensors", "byte.identical_tensors"));

    @Test
    void plantingAByteIdenticalTensorFamilyTurnsTheVerdict(@TempDir Path dir) throws IOException {
        writeTwelve(dir);
        writeNine(dir, 0);
        Verdict before = Rubric.apply(Rubric.gather(dir, PROBES));
        assertEquals(Conclusion.NOT_SUPPORTED, before.conclusion(), before.rulesTable().printAll());
        assertFalse(before.rule("D1").holds());
        assertTrue(before.rule("N1").holds());
        // Raw cosine is beyond its toy threshold, and so is the control's: the trap, noted, not decisive.
        assertTrue(before.rule("W1").holds());
        assertTrue(before.rule("W1").because().contains("controls are beyond the same thresholds"), before.rule("W1").because());
        Table evidence = before.evidenceTable();
        int row = evidence.stringColumn("notebook").indexOf("09");
        assertEquals("byte.identical_tensors", evidence.stringColumn("method").get(row));
        assertEquals("0", evidence.stringColumn("value").get(row), "a count of tensors is a whole number");
        assertEquals("live upstage/Solar-Open-100B@a1b2c3d", evidence.stringColumn("source").get(row));
        assertEquals("live upstage/Solar-Open-100B at commit " + SOLAR, evidence.stringColumn("source (full)").get(row));
        assertTrue(evidence.stringColumn("calibration").get(row).contains("detected 1 of 2 derived pairs; missed: short fine-tune 0/1"), evidence.printAll());

        Table changes = before.changes();
        int bytesRow = changes.stringColumn("finding").indexOf("notebook 09: byte.identical_tensors > 0 on at least 2 tensors");
        assertTrue(bytesRow >= 0, changes.printAll());
        assertEquals("high confidence: derived / reused weights", changes.stringColumn("would make the verdict").get(bytesRow));
        int cosRow = changes.stringColumn("finding").indexOf("notebook 12: norm.cosine > 0.997");
        assertTrue(changes.stringColumn("would make the verdict").get(cosRow).startsWith("nothing by itself"), changes.printAll());

        // Plant a family of byte-identical tensors (say all 46 input_layernorm vectors) in 09's results.
        writeNine(dir, 46);
        Verdict after = Rubric.apply(Rubric.gather(dir, PROBES));
        assertEquals(Conclusion.DERIVED, after.conclusion());
        assertTrue(after.rule("D1").holds());
        assertTrue(after.rule("D1").because().contains("notebook 09, byte.identical_tensors = 46 [live upstage/Solar-Open-100B@a1b2c3d]"),
                after.rule("D1").because());
        assertFalse(after.rule("N1").holds());
        assertTrue(after.headline().startsWith("high confidence: derived"), after.headline());
        assertTrue(!before.rulesTable().printAll().equals(after.rulesTable().printAll()));
        Table undo = after.changes();
        assertEquals("no longer derived by D1", undo.stringColumn("would make the verdict")
                .get(undo.stringColumn("finding").indexOf("notebook 09: byte.identical_tensors falling back to 0 or below")));

        // One identical tensor is a single match, not a repeated one.
        writeNine(dir, 1);
        Verdict single = Rubric.apply(Rubric.gather(dir, PROBES));
        assertFalse(single.rule("D1").holds());
        assertTrue(single.rule("D1").because().startsWith("one byte-level signal"), single.rule("D1").because());
        assertEquals(Conclusion.INCONCLUSIVE, single.conclusion());
    }

    @Test
    void publishedFiguresAreReadBesideTheRulesButNeverDecide(@TempDir Path dir) throws IOException {
        writeTwelve(dir, PUBLISHED);
        writeNine(dir, 0, PUBLISHED);
        Verdict offline = Rubric.apply(Rubric.gather(dir, PROBES));
        // Nothing measured by the lab: no rule holds on measurements, whatever the published figures say.
        assertEquals(Conclusion.INCONCLUSIVE, offline.conclusion(), offline.rulesTable().printAll());
        assertFalse(offline.measuredPair());
        assertTrue(offline.rule("N1").because().contains("measured by the lab"), offline.rule("N1").because());
        // The same rules on the published figures alone: not supported, and the headline says it is their reading.
        assertEquals(Conclusion.NOT_SUPPORTED, offline.publishedReading());
        assertTrue(offline.headline().contains("published figures") && offline.headline().contains(Conclusion.NOT_SUPPORTED.publishedLabel()),
                offline.headline());
        assertTrue(offline.rulesTable().stringColumn("on the published figures alone").get(2).startsWith("would hold"),
                offline.rulesTable().printAll());
        // A published byte-identical family changes the published reading, not the lab's verdict.
        writeNine(dir, 46, PUBLISHED);
        Verdict claimed = Rubric.apply(Rubric.gather(dir, PROBES));
        assertEquals(Conclusion.INCONCLUSIVE, claimed.conclusion());
        assertEquals(Conclusion.DERIVED, claimed.publishedReading());
        // Two notebooks citing the same published method give one finding.
        Table changes = claimed.changes();
        assertEquals(1, changes.stringColumn("finding").countOccurrences("notebook 12: byte.identical_tensors > 0 on at least 2 tensors")
                + changes.stringColumn("finding").countOccurrences("notebook 09: byte.identical_tensors > 0 on at least 2 tensors")
                + changes.stringColumn("finding").countOccurrences("notebook 09: byte.identical_tensors falling back to 0 or below")
                + changes.stringColumn("finding").countOccurrences("notebook 12: byte.identical_tensors falling back to 0 or below"),
                changes.printAll());
    }

    @Test
    void answersSayWhenAFigureIsPublishedOrALayoutAndWhatIsMissing(@TempDir Path dir) throws IOException {
        write(dir.resolve("04_tokenizers.results.json"), "04_tokenizers", List.of(
                ResultItem.number("published.tokenizer.same_id", 1.0, List.of(PUBLISHED)),
                ResultItem.number("published.tokenizer.same_id_of", 151329.0, List.of(PUBLISHED)),
                ResultItem.number("pair.embedding_pearson", 0.0123, List.of(MEASURED))));
        write(dir.resolve("03_architecture.results.json"), "03_architecture", List.of(
                ResultItem.number("A.params.total", 102651799552.0, List.of(Source.local("synthetic/solar-like", SOLAR)))));
        Map<String, ResultsFile> files = Map.of("03", ResultsFile.require(dir, "03"), "04", ResultsFile.require(dir, "04"));
        Table t = Rubric.answers(files, List.of(new Question("same id", "04", "pair.tokenizer.same_id", "published.tokenizer.same_id"),
                new Question("embeddings", "04", "pair.embedding_pearson"), new Question("total", "03", "A.params.total"),
                new Question("licence", "05", "licence.words")),
                new Verdict(Conclusion.INCONCLUSIVE, List.of(), List.of(), Conclusion.NOT_SUPPORTED, List.of()));
        assertEquals("1 of 151,329 (as published)", t.stringColumn("answer").get(0));
        assertEquals("0.012", t.stringColumn("answer").get(1));
        assertEquals("102,651,799,552 (a layout built from the published config, not the real files)", t.stringColumn("answer").get(2));
        assertEquals("not answered in this run: needs notebook 05, which is not in this checkout", t.stringColumn("answer").get(3));
        assertEquals("published sionic@ff47427", t.stringColumn("source").get(0));
        // the last row is the verdict; with nothing measured it also gives the published reading
        assertEquals(5, t.rowCount());
        assertEquals("upstage/Solar-Open-100B derived from zai-org/GLM-4.5-Air's weights?", t.stringColumn("question").get(4));
        assertEquals(Conclusion.INCONCLUSIVE.label() + "; read by the same rules, " + Conclusion.NOT_SUPPORTED.publishedLabel(),
                t.stringColumn("answer").get(4));
    }

    @Test
    void aProbeReadIfPresentIsSkippedWhenAProfileDidNotMeasureIt(@TempDir Path dir) throws IOException {
        writeTwelve(dir);
        writeNine(dir, 0);
        List<Probe> probes = List.of(Probe.study("09", "solar_glm.identical_tensors", "byte.identical_tensors"),
                Probe.studyIfPresent("09", "byte_scan.live.disputed.identical_tensors", "byte.identical_tensors", "Solar vs GLM (scan)"));
        List<EvidenceLine> lines = Rubric.gather(dir, probes);
        assertTrue(lines.stream().noneMatch(l -> l.probe().key().startsWith("byte_scan.")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.probe().key().equals("solar_glm.identical_tensors") && !l.probe().control()));
        // the same key, required, stops the verdict
        assertThrows(IllegalStateException.class, () -> Rubric.gather(dir,
                List.of(Probe.study("09", "byte_scan.live.disputed.identical_tensors", "byte.identical_tensors"))));
    }

    @Test
    void aMissingResultsFileStopsTheVerdictNamingIt(@TempDir Path dir) throws IOException {
        writeTwelve(dir);
        var e = assertThrows(MissingResultsException.class, () -> Rubric.gather(dir, PROBES));
        assertEquals("09", e.notebook());
        assertTrue(e.getMessage().contains("09_*.results.json"), e.getMessage());
        var twelve = assertThrows(MissingResultsException.class, () -> Rubric.gather(dir.resolve("nowhere"), List.of()));
        assertTrue(twelve.getMessage().contains("notebook 12"), twelve.getMessage());
        writeNine(dir, 0);
        var key = assertThrows(IllegalStateException.class,
                () -> Rubric.gather(dir, List.of(Probe.study("09", "solar_glm.no_such_key", "byte.identical_tensors"))));
        assertTrue(key.getMessage().contains("no_such_key") && key.getMessage().contains("09_byte_identity.results.json"),
                key.getMessage());
        var method = assertThrows(IllegalStateException.class,
                () -> Rubric.gather(dir, List.of(Probe.study("09", "solar_glm.identical_tensors", "cka.mean"))));
        assertTrue(method.getMessage().contains("cka.mean"), method.getMessage());
    }

    @Test
    void alignmentCountsOnlyWhereTheControlStaysSilent(@TempDir Path dir) throws IOException {
        writeTwelve(dir);
        writeNine(dir, 0);
        List<EvidenceLine> lines = new ArrayList<>(Rubric.gather(dir, PROBES));
        CalibrationSummary align = lines.stream().filter(l -> l.probe().method().equals("align.kv_rate")).findFirst()
                .orElseThrow().calibration();
        assertEquals(0.55, align.threshold(), 1e-12);
        assertEquals("toy toyfam/all members@7", align.source());
        // Replace the studied alignment score by one beyond threshold: the control (0.1) stays silent, so D2 holds.
        lines.removeIf(l -> l.probe().method().equals("align.kv_rate") && !l.probe().control());
        ResultEntry high = new ResultEntry("12", "study.align.kv_rate", 0.95, "", "live x@1234567", "live x at commit 1234567");
        List<EvidenceLine> withHigh = new ArrayList<>(lines);
        withHigh.add(new EvidenceLine(Probe.study("12", high.key(), "align.kv_rate"), high, align));
        Verdict v = Rubric.apply(withHigh);
        assertEquals(Conclusion.DERIVED, v.conclusion());
        assertTrue(v.rule("D2").holds());
        // Without the control, the same score decides nothing.
        withHigh.removeIf(l -> l.probe().control() && l.probe().method().equals("align.kv_rate"));
        Verdict noControl = Rubric.apply(withHigh);
        assertFalse(noControl.rule("D2").holds());
        assertTrue(noControl.rule("D2").because().contains("no control pair"), noControl.rule("D2").because());
        assertEquals(Conclusion.INCONCLUSIVE, noControl.conclusion());
    }

    @Test
    void aScoreBelowEveryIndependentPairDoesNotWidenTheSuite(@TempDir Path dir) throws IOException {
        writeTwelve(dir);
        writeNine(dir, 0);
        List<EvidenceLine> lines = new ArrayList<>(Rubric.gather(dir, PROBES));
        assertEquals(Conclusion.NOT_SUPPORTED, Rubric.apply(lines).conclusion());
        // The router score moved below every independent toy pair (0.1): outside the calibrated range, another scale.
        CalibrationSummary router = lines.stream().filter(l -> l.probe().method().equals("router.assignment")).findFirst()
                .orElseThrow().calibration();
        lines.removeIf(l -> l.probe().method().equals("router.assignment") && !l.probe().control());
        ResultEntry low = new ResultEntry("10", "router.low", 0.01, "", "live x@1234567", "live x at commit 1234567");
        lines.add(new EvidenceLine(Probe.study("10", low.key(), "router.assignment"), low, router));
        Verdict v = Rubric.apply(lines);
        assertFalse(lines.get(lines.size() - 1).inCalibratedRange());
        assertEquals(Conclusion.INCONCLUSIVE, v.conclusion(), v.rulesTable().printAll());
        assertTrue(v.rule("N1").because().contains("1 informative-tensor method(s) measured by the lab inside the calibrated range"),
                v.rule("N1").because());
    }

    @Test
    void onlyTheCosineTrapIsWeakEvidence(@TempDir Path dir) throws IOException {
        writeTwelve(dir);
        List<EvidenceLine> lines = Rubric.gather(dir, List.of());
        // Without 09's scan and with the router line dropped, the suite is narrow: raw cosine alone fires.
        List<EvidenceLine> narrow = lines.stream()
                .filter(l -> !l.probe().method().equals("router.assignment") && !l.probe().method().equals("byte.identical_tensors"))
                .toList();
        Verdict v = Rubric.apply(narrow);
        assertEquals(Conclusion.INCONCLUSIVE, v.conclusion());
        assertTrue(v.rule("W1").holds());
        assertTrue(v.rule("W1").because().contains("controls are beyond the same thresholds"), v.rule("W1").because());
        assertTrue(v.rule("N1").because().contains("not broad enough"), v.rule("N1").because());
    }

    @Test
    void malformedResultsFilesAreRefusedByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("12_method_validation.results.json"), "{\"notebook\": \"12_method_validation\"}");
        var e = assertThrows(IllegalStateException.class, () -> Rubric.gather(dir, List.of()));
        assertTrue(e.getMessage().contains("12_method_validation.results.json") && e.getMessage().contains("results"),
                e.getMessage());
        Files.writeString(dir.resolve("12_method_validation.results.json"), "not json");
        var j = assertThrows(IllegalStateException.class, () -> Rubric.gather(dir, List.of()));
        assertTrue(j.getMessage().contains("cannot be read as JSON"), j.getMessage());
    }
}

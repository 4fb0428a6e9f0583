package org.provenancelab.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;

class CalibrationTest {
    static final Method PEARSON = new Method("norm.pearson", "Pearson of norm gains", "07",
            Direction.HIGHER_MEANS_RELATED, EvidenceKind.NORM_CENTRED, "mean Pearson over same-index layers", "similarity");
    static final Method REL_L2 = new Method("norm.rel_l2", "relative L2 distance", "07",
            Direction.LOWER_MEANS_RELATED, EvidenceKind.NORM_CENTRED, "mean rel_l2 over same-index layers", "distance");

    static PairScore score(Method m, String pair, String set, KnownRelation r, double v) {
        return new PairScore(m.key(), pair, set, r, v, List.of(Source.toy("fam", pair, 1)));
    }

    @Test
    void clopperPearsonMatchesTheClosedForms() {
        // k = 0: upper bound is 1 - (alpha/2)^(1/n); k = n: lower bound is (alpha/2)^(1/n).
        Rate none = Rate.clopperPearson(0, 10, 0.95);
        assertEquals(0.0, none.low());
        assertEquals(1 - Math.pow(0.025, 0.1), none.high(), 1e-9);
        Rate all = Rate.clopperPearson(10, 10, 0.95);
        assertEquals(Math.pow(0.025, 0.1), all.low(), 1e-9);
        assertEquals(1.0, all.high());
        // 5 of 10: the textbook interval 0.1871-0.8129 (also scipy's binomtest(5, 10).proportion_ci('exact')).
        Rate half = Rate.clopperPearson(5, 10, 0.95);
        assertEquals(0.18709, half.low(), 1e-5);
        assertEquals(0.81291, half.high(), 1e-5);
        assertEquals(0.5, half.estimate());
        assertEquals("5/10 = 50.0% (95% CI 18.7–81.3%)", half.toString());
        assertThrows(IllegalArgumentException.class, () -> Rate.clopperPearson(3, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Rate.clopperPearson(1, 2, 1.5));
    }

    @Test
    void separatedScoresGiveTheMidpoint() {
        Threshold t = Threshold.fit(Direction.HIGHER_MEANS_RELATED, new double[] {0.01, -0.05, 0.12}, new double[] {0.9, 0.99, 1.0});
        assertTrue(t.separated());
        assertEquals((0.12 + 0.9) / 2, t.value(), 1e-12);
        assertTrue(t.fires(0.52));
        assertFalse(t.fires(0.50));
        assertEquals("> 0.510", t.toString());
        assertEquals("midpoint: independent ≤ 0.120, derived ≥ 0.900", t.rule());
    }

    @Test
    void overlappingScoresKeepEveryIndependentPairSilent() {
        Threshold t = Threshold.fit(Direction.HIGHER_MEANS_RELATED, new double[] {0.1, 0.6}, new double[] {0.4, 0.95});
        assertFalse(t.separated());
        assertEquals(0.6, t.value());
        assertFalse(t.fires(0.6), "a score equal to the highest independent one does not fire");
        assertFalse(t.fires(0.4), "the weak derived pair is missed");
        assertTrue(t.fires(0.95));
    }

    @Test
    void distancesPointTheOtherWay() {
        Threshold t = Threshold.fit(Direction.LOWER_MEANS_RELATED, new double[] {1.2, 1.4}, new double[] {0.0, 0.2});
        assertTrue(t.separated());
        assertEquals(0.7, t.value(), 1e-12);
        assertTrue(t.fires(0.5));
        assertFalse(t.fires(1.0));
        assertEquals("< 0.700", t.toString());
        assertEquals(1.2, t.worstIndependent());
        assertEquals(0.2, t.weakestDerived());
        assertThrows(IllegalArgumentException.class, () -> Threshold.fit(Direction.LOWER_MEANS_RELATED, new double[0], new double[] {1}));
    }

    @Test
    void falsePositivesAreCountedOutOfSample() {
        List<PairScore> s = new ArrayList<>();
        double[] indep = {0.01, 0.02, 0.03, 0.04, 0.45};
        for (int i = 0; i < indep.length; i++) {
            s.add(score(PEARSON, "i" + i, "toy", KnownRelation.INDEPENDENT, indep[i]));
        }
        s.add(score(PEARSON, "ft", "toy", KnownRelation.SHORT_FINETUNE, 0.97));
        s.add(score(PEARSON, "copy", "toy", KnownRelation.EXACT_COPY, 1.0));
        Calibration c = Calibration.fit(PEARSON, "toy", s);
        assertEquals((0.45 + 0.97) / 2, c.threshold().value(), 1e-12);
        // In sample nothing fires; left out, the 0.45 pair meets a threshold of (0.04+0.97)/2 = 0.505: silent.
        assertEquals(0, c.leaveOneOutFalsePositives().k());
        assertEquals(5, c.leaveOneOutFalsePositives().n());
        // Held-out independent pairs meet the threshold unchanged: 0.8 fires, 0.3 does not.
        List<PairScore> held = List.of(score(PEARSON, "z1", "zoo", KnownRelation.INDEPENDENT, 0.8),
                score(PEARSON, "z2", "zoo", KnownRelation.INDEPENDENT, 0.3),
                score(PEARSON, "z3", "zoo", KnownRelation.LAYER_DROPPED, 0.2));
        Rate fp = c.falsePositives(held);
        assertEquals(1, fp.k());
        assertEquals(7, fp.n());
        Map<KnownRelation, Rate> det = c.detections(held);
        assertEquals(0, det.get(KnownRelation.LAYER_DROPPED).k());
        assertEquals(1, det.get(KnownRelation.INDEPENDENT).k());
    }

    @Test
    void leaveOneOutCatchesAnOutlierTheRuleHidInSample() {
        List<PairScore> s = new ArrayList<>();
        s.add(score(PEARSON, "i0", "toy", KnownRelation.INDEPENDENT, 0.0));
        s.add(score(PEARSON, "i1", "toy", KnownRelation.INDEPENDENT, 0.1));
        s.add(score(PEARSON, "i2", "toy", KnownRelation.INDEPENDENT, 0.8));
        s.add(score(PEARSON, "d", "toy", KnownRelation.LONG_FINETUNE, 0.9));
        Calibration c = Calibration.fit(PEARSON, "toy", s);
        // Without i2 the threshold is 0.5 and i2 (0.8) fires: one false positive of three.
        assertEquals(1, c.leaveOneOutFalsePositives().k());
        assertEquals(3, c.leaveOneOutFalsePositives().n());
    }

    @Test
    void calibrationPairsAreDetectedOnlyAgainstAThresholdChosenWithoutThem() {
        List<PairScore> s = List.of(score(PEARSON, "i0", "toy", KnownRelation.INDEPENDENT, 0.0),
                score(PEARSON, "i1", "toy", KnownRelation.INDEPENDENT, 0.2),
                score(PEARSON, "d0", "toy", KnownRelation.SHORT_FINETUNE, 0.3),
                score(PEARSON, "d1", "toy", KnownRelation.EXACT_COPY, 1.0));
        Calibration c = Calibration.fit(PEARSON, "toy", s);
        // In sample the threshold (0.25) sits between i1 and d0, so d0 would count as caught by construction;
        // chosen without d0, the threshold is 0.6 and d0 (0.3) is missed.
        assertTrue(c.detects(0.3));
        assertEquals(0, c.detections(s).get(KnownRelation.SHORT_FINETUNE).k());
        assertEquals(1, c.detections(s).get(KnownRelation.EXACT_COPY).k());
        // A held-out pair of the same score is judged against the threshold as it is.
        PairScore held = score(PEARSON, "z", "zoo", KnownRelation.SHORT_FINETUNE, 0.3);
        assertEquals(1, c.detections(List.of(held)).get(KnownRelation.SHORT_FINETUNE).k());
    }

    @Test
    void placementSaysWhereANewPairFalls() {
        List<PairScore> s = List.of(score(PEARSON, "i0", "toy", KnownRelation.INDEPENDENT, 0.0),
                score(PEARSON, "i1", "toy", KnownRelation.INDEPENDENT, 0.2),
                score(PEARSON, "d0", "toy", KnownRelation.LONG_FINETUNE, 0.7),
                score(PEARSON, "d1", "toy", KnownRelation.EXACT_COPY, 1.0));
        Calibration c = Calibration.fit(PEARSON, "toy", s);
        Placement low = c.place(0.01);
        assertEquals(Placement.AMONG_INDEPENDENT, low.region());
        assertEquals(1, low.independentAtLeast());
        assertEquals(50.0, low.independentPercentile());
        assertEquals(2.0 / 3, low.independentTail(), 1e-12);
        assertFalse(low.detected());
        // Less related than every independent pair: outside what the calibration saw.
        assertEquals(Placement.BELOW_INDEPENDENT, c.place(-0.3).region());
        Placement mid = c.place(0.5);
        assertEquals(Placement.BETWEEN, mid.region());
        assertTrue(mid.detected());
        assertEquals(0, mid.derivedAtMost());
        Placement high = c.place(0.8);
        assertEquals(Placement.AMONG_DERIVED, high.region());
        assertEquals(1, high.derivedAtMost());
        assertEquals(50.0, high.derivedPercentile());
        Calibration overlap = Calibration.fit(PEARSON, "toy", List.of(score(PEARSON, "i", "toy", KnownRelation.INDEPENDENT, 0.6),
                score(PEARSON, "d", "toy", KnownRelation.LAYER_DROPPED, 0.3)));
        assertEquals(Placement.OVERLAP, overlap.place(0.5).region());
    }

    @Test
    void fitRefusesScoresThatCannotCalibrate() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.fit(PEARSON, "toy",
                List.of(score(PEARSON, "i", "zoo", KnownRelation.INDEPENDENT, 0.1), score(PEARSON, "d", "toy", KnownRelation.EXACT_COPY, 1))));
        assertThrows(IllegalArgumentException.class, () -> Calibration.fit(PEARSON, "toy",
                List.of(score(REL_L2, "i", "toy", KnownRelation.INDEPENDENT, 0.1))));
        var e = assertThrows(IllegalArgumentException.class, () -> Calibration.fit(PEARSON, "toy",
                List.of(score(PEARSON, "i", "toy", KnownRelation.INDEPENDENT, 0.1))));
        assertTrue(e.getMessage().contains("0 derived"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> score(PEARSON, "x", "toy", KnownRelation.INDEPENDENT, Double.NaN));
    }

    @Test
    void reportAppliesToyThresholdsUnchangedToTheZooAndPlacesTheStudiedPair() {
        List<PairScore> s = new ArrayList<>();
        s.add(score(PEARSON, "a vs b", "toy", KnownRelation.INDEPENDENT, 0.02));
        s.add(score(PEARSON, "a vs c", "toy", KnownRelation.INDEPENDENT, -0.03));
        s.add(score(PEARSON, "a vs a-ft", "toy", KnownRelation.SHORT_FINETUNE, 0.98));
        s.add(score(REL_L2, "a vs b", "toy", KnownRelation.INDEPENDENT, 1.3));
        s.add(score(REL_L2, "a vs c", "toy", KnownRelation.INDEPENDENT, 1.1));
        s.add(score(REL_L2, "a vs a-ft", "toy", KnownRelation.SHORT_FINETUNE, 0.05));
        s.add(new PairScore(PEARSON.key(), "minilm vs minilm-q", "zoo", KnownRelation.QUANTIZED_COPY, 0.999,
                List.of(Source.zoo("all-minilm-l6-v2", "g:a:1"), Source.zoo("all-minilm-l6-v2-q", "g:a:1"))));
        s.add(new PairScore(PEARSON.key(), "Solar vs GLM", "published", null, 0.005,
                List.of(Source.published("sionic", "ff47427453d5b975b5f35caaaa49e60cd67553ac"))));
        CalibrationReport r = CalibrationReport.of(List.of(PEARSON, REL_L2), "toy", s);
        assertEquals(0.5, r.calibration("norm.pearson").threshold().value(), 1e-12);
        assertEquals(1, r.heldOut().size());

        Table scores = r.scoresTable();
        assertEquals(7, scores.rowCount(), "every known-relation score, none of the studied pair");
        int zoo = scores.stringColumn("pair").indexOf("minilm vs minilm-q");
        assertEquals("yes", scores.stringColumn("detected").get(zoo));
        assertEquals("zoo (held out)", scores.stringColumn("set").get(zoo));
        assertEquals("zoo all-minilm-l6-v2; zoo all-minilm-l6-v2-q", scores.stringColumn("source").get(zoo));

        Table summary = r.summaryTable();
        assertEquals(2, summary.rowCount());
        assertEquals("1/1", summary.stringColumn("quantized copy detected").get(0));
        assertEquals("not run", summary.stringColumn("quantized copy detected").get(1));
        assertEquals(2, summary.intColumn("independent pairs n").get(0));

        Table place = r.placementTable();
        assertEquals(1, place.rowCount());
        assertEquals("no", place.stringColumn("detected").get(0));
        assertEquals("1 of 2", place.stringColumn("independent pairs beaten").get(0));
        assertEquals(Placement.AMONG_INDEPENDENT, place.stringColumn("falls").get(0));
        assertEquals("published sionic@ff47427", place.stringColumn("source").get(0));

        assertEquals("0 of 1", place.stringColumn("derived pairs reached").get(0));

        // a score tied with the independent pairs reaches only derived pairs that are tied with them too
        List<PairScore> b = new ArrayList<>();
        b.add(score(Methods.BYTES, "a vs b", "toy", KnownRelation.INDEPENDENT, 0));
        b.add(score(Methods.BYTES, "a vs c", "toy", KnownRelation.INDEPENDENT, 0));
        b.add(score(Methods.BYTES, "a vs a-copy", "toy", KnownRelation.EXACT_COPY, 36));
        b.add(score(Methods.BYTES, "a vs a-ft", "toy", KnownRelation.SHORT_FINETUNE, 0));
        b.add(new PairScore(Methods.BYTES.key(), "Solar vs GLM", "published", null, 0,
                List.of(Source.published("sionic", "ff47427453d5b975b5f35caaaa49e60cd67553ac"))));
        Table tie = CalibrationReport.of(List.of(Methods.BYTES), "toy", b).placementTable();
        assertEquals(Placement.OVERLAP, tie.stringColumn("falls").get(0));
        assertEquals("1 of 2, all no more related than an independent pair", tie.stringColumn("derived pairs reached").get(0));
        CalibrationReport tied = CalibrationReport.of(List.of(Methods.BYTES), "toy", b);
        assertEquals("0, where independent and derived pairs overlap", tied.placed("Solar vs GLM", "byte.identical_tensors"));
        assertEquals("not scored in this run", tied.placed("Phi vs GLM", "byte.identical_tensors"));

        String js = r.scoresFigure().asJavascript("d");
        assertTrue(js.contains("\"x0\":0.5"), "the threshold line is drawn at the threshold");
        assertTrue(js.contains("Solar vs GLM"));
        String heat = r.detectionFigure().asJavascript("d");
        assertTrue(heat.contains("\"1/1\""), heat);
        assertThrows(IllegalArgumentException.class, () -> r.calibration("nope"));
        assertThrows(IllegalArgumentException.class, () -> CalibrationReport.of(List.of(PEARSON), "toy", s));
    }

    @Test
    void standingSortsTheMethodsAndTheSentencesSayWhereAPairFalls() {
        Method cosine = new Method("norm.cosine", "raw cosine of norm gains", "06", Direction.HIGHER_MEANS_RELATED,
                EvidenceKind.NORM_RAW, "mean cosine over same-index layers", "similarity");
        List<PairScore> s = new ArrayList<>();
        // Pearson: every derived pair caught, independent pairs silent
        s.add(score(PEARSON, "a vs b", "toy", KnownRelation.INDEPENDENT, 0.02));
        s.add(score(PEARSON, "a vs c", "toy", KnownRelation.INDEPENDENT, -0.03));
        s.add(score(PEARSON, "a vs a-ft", "toy", KnownRelation.SHORT_FINETUNE, 0.98));
        s.add(score(PEARSON, "a vs a-copy", "toy", KnownRelation.EXACT_COPY, 1.0));
        // identical tensors: the copy only
        s.add(score(Methods.BYTES, "a vs b", "toy", KnownRelation.INDEPENDENT, 0));
        s.add(score(Methods.BYTES, "a vs c", "toy", KnownRelation.INDEPENDENT, 0));
        s.add(score(Methods.BYTES, "a vs a-ft", "toy", KnownRelation.SHORT_FINETUNE, 0));
        s.add(score(Methods.BYTES, "a vs a-copy", "toy", KnownRelation.EXACT_COPY, 36));
        // raw cosine: an independent pair the rule hid in sample fires once left out
        s.add(score(cosine, "a vs b", "toy", KnownRelation.INDEPENDENT, 0.0));
        s.add(score(cosine, "a vs c", "toy", KnownRelation.INDEPENDENT, 0.1));
        s.add(score(cosine, "b vs c", "toy", KnownRelation.INDEPENDENT, 0.8));
        s.add(score(cosine, "a vs a-ft", "toy", KnownRelation.LONG_FINETUNE, 0.9));
        // rel_l2: the fine-tune caught, the layer-dropped child missed (farther than any independent pair)
        // (left out, the child's 0.9 is short of the midpoint between 1.1 and the fine-tune's 0.05)
        s.add(score(REL_L2, "a vs b", "toy", KnownRelation.INDEPENDENT, 1.3));
        s.add(score(REL_L2, "a vs c", "toy", KnownRelation.INDEPENDENT, 1.1));
        s.add(score(REL_L2, "b vs c", "toy", KnownRelation.INDEPENDENT, 1.15));
        s.add(score(REL_L2, "a vs a-ft", "toy", KnownRelation.SHORT_FINETUNE, 0.05));
        s.add(score(REL_L2, "a vs a-half", "toy", KnownRelation.LAYER_DROPPED, 0.9));
        List<Source> pub = List.of(Source.published("sionic", "ff47427453d5b975b5f35caaaa49e60cd67553ac"));
        s.add(new PairScore(PEARSON.key(), "Solar vs GLM", "published", null, 0.005, pub));
        s.add(new PairScore(Methods.BYTES.key(), "Solar vs GLM", "published", null, 0, pub));
        s.add(new PairScore(cosine.key(), "Solar vs GLM", "published", null, 0.95, pub));
        s.add(new PairScore(REL_L2.key(), "Solar vs GLM", "published", null, 9.0, pub));
        CalibrationReport r = CalibrationReport.of(List.of(PEARSON, Methods.BYTES, cosine, REL_L2), "toy", s);

        var st = r.standing();
        assertEquals(List.of("norm.pearson"), st.clean());
        assertEquals(List.of("byte.identical_tensors"), st.copiesOnly());
        assertEquals(List.of("norm.cosine"), st.falseAlarms());
        assertEquals(List.of("norm.rel_l2"), st.partial());
        assertEquals("`norm.cosine` 1 of 3", r.falseAlarmCounts());
        assertEquals("`norm.pearson`, `norm.rel_l2`", CalibrationReport.keys(List.of("norm.pearson", "norm.rel_l2")));
        assertEquals("none", CalibrationReport.keys(List.of()));

        // a method that scored no pair of the relation is not counted as catching it
        assertEquals(List.of("norm.pearson", "norm.rel_l2"), r.catchingEvery(KnownRelation.SHORT_FINETUNE));
        assertEquals(List.of("norm.pearson", "byte.identical_tensors"), r.catchingEvery(KnownRelation.EXACT_COPY));
        assertEquals("`norm.rel_l2` (0 of 1 caught)", r.missing(KnownRelation.LAYER_DROPPED));
        assertEquals("`byte.identical_tensors` (0 of 1 caught)", r.missing(KnownRelation.SHORT_FINETUNE));
        assertEquals("none", r.missing(KnownRelation.EXACT_COPY));

        String where = r.where("Solar vs GLM");
        assertTrue(where.startsWith(Placement.AMONG_INDEPENDENT + ": `norm.pearson` "), where);
        assertTrue(where.contains(Placement.OVERLAP + ": `byte.identical_tensors` 0"), where);
        assertTrue(where.contains(Placement.BELOW_INDEPENDENT + ": `norm.rel_l2` "), where);
        assertEquals("no method scored it in this run", r.where("Phi vs GLM"));
        assertEquals(List.of(), r.unscored("Solar vs GLM"));
        assertEquals(List.of("norm.pearson", "byte.identical_tensors", "norm.cosine", "norm.rel_l2"), r.unscored("Phi vs GLM"));

        // raw cosine is not counted, whatever its region; rel_l2's 9.0 is beyond every independent pair's distance
        var reading = r.reading("Solar vs GLM");
        assertEquals(new CalibrationReport.Reading(1, 2, "`byte.identical_tensors` (where independent and derived pairs overlap)", 1),
                reading);
        assertEquals("31 %", Calibration.cleanRecordBound(10));   // 1 − 0.025^(1/10), the closed form above
        assertEquals("10 %", Calibration.cleanRecordBound(36));
    }
}

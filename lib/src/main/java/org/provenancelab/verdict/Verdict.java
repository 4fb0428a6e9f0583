package org.provenancelab.verdict;

import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The rubric's outcome, with every rule and every line of evidence it read.
 *
 * @param conclusion        one of the three rubric outcomes, decided on the lab's own measurements
 * @param rules             D1, D2, N1, W1 as applied to those measurements
 * @param lines             every number read, study pair and controls, measured and published
 * @param publishedReading  what the same rules give on the sides' published figures alone
 * @param publishedRules    the rules as applied to those figures
 */
public record Verdict(Conclusion conclusion, List<RuleOutcome> rules, List<EvidenceLine> lines,
                      Conclusion publishedReading, List<RuleOutcome> publishedRules) {
    public Verdict {
        rules = List.copyOf(rules);
        lines = List.copyOf(lines);
        publishedRules = List.copyOf(publishedRules);
    }

    /** True if the lab measured at least one number on the pair under study in this run. */
    public boolean measuredPair() {
        return lines.stream().anyMatch(l -> l.measured() && !l.probe().control());
    }

    /** True if a side published at least one number on the pair that the rules could read. */
    public boolean publishedPair() {
        return lines.stream().anyMatch(l -> !l.measured() && !l.probe().control());
    }

    public RuleOutcome rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + id));
    }

    /**
     * The conclusion and the rules that decided it, in one sentence; when the lab measured nothing
     * on the pair, also what the published figures alone give under the same rules.
     */
    public String headline() {
        if (!measuredPair() && publishedPair()) {
            return conclusion.label() + " (no rule can be decided: the lab measured none of the pair's weights in this run). "
                    + "Read by the same rules, " + publishedReading.publishedLabel()
                    + " (" + decided(publishedReading, publishedRules) + " on them)";
        }
        return conclusion.label() + " (" + decided(conclusion, rules) + ")";
    }

    /** The verdict as the answers table gives it: the conclusion, and the published reading when the lab measured nothing. */
    public String answer() {
        return conclusion.label() + (measuredPair() ? "" : "; read by the same rules, " + publishedReading.publishedLabel());
    }

    /**
     * The verdict in three or four bullets (markdown): the conclusion, which methods were read on
     * the pair (measured by the lab, published by a side) and which lie beyond their thresholds,
     * the published reading, and where to look for what would change it.
     */
    public String summary() {
        List<EvidenceLine> onPair = lines.stream().filter(l -> !l.probe().control()).toList();
        return "- **" + conclusion.label() + "** (*The rules*)"
                + (measuredPair() ? "." : ": the lab measured none of the pair's weights in this profile.") + "\n"
                + "- Methods read on the pair: measured by the lab — " + methods(onPair.stream().filter(EvidenceLine::measured))
                + "; published by a side — " + methods(onPair.stream().filter(l -> !l.measured())) + ". Beyond their thresholds: "
                + methods(onPair.stream().filter(EvidenceLine::fires)) + " (*The evidence*).\n"
                + (publishedPair() ? "- Read by the same rules, **" + publishedReading.publishedLabel() + "** (*The rules*, last column).\n" : "")
                + "- What would have to be found for another verdict is listed under *What would change the verdict*.";
    }

    private static String methods(java.util.stream.Stream<EvidenceLine> lines) {
        String s = lines.map(l -> l.probe().method()).distinct().collect(java.util.stream.Collectors.joining(", "));
        return s.isEmpty() ? "none" : s;
    }

    private static String decided(Conclusion c, List<RuleOutcome> rules) {
        return switch (c) {
            case DERIVED -> rules.stream().filter(r -> r.holds() && r.id().startsWith("D")).map(RuleOutcome::id)
                    .reduce((a, b) -> a + " and " + b).orElse("") + " hold";
            case NOT_SUPPORTED -> "N1 holds and neither D1 nor D2 does";
            case INCONCLUSIVE -> "neither D1, D2 nor N1 holds"
                    + (rules.stream().anyMatch(r -> r.id().equals("W1") && r.holds()) ? "; W1 holds" : "");
        };
    }

    /** Every line read: notebook, method, evidence kind, pair, value, threshold, beyond it?, calibration, sources. */
    public Table evidenceTable() {
        Table t = Table.create("evidence read from the results files, against each method's calibration (notebook 12)",
                StringColumn.create("notebook"), StringColumn.create("method"), StringColumn.create("evidence"),
                StringColumn.create("pair"), StringColumn.create("value"), StringColumn.create("threshold"),
                StringColumn.create("beyond threshold"), StringColumn.create("calibration"),
                StringColumn.create("source"), StringColumn.create("source (full)"));
        for (EvidenceLine l : lines) {
            CalibrationSummary c = l.calibration();
            t.stringColumn("notebook").append(l.probe().notebook());
            t.stringColumn("method").append(l.probe().method());
            t.stringColumn("evidence").append(c.kind().label());
            t.stringColumn("pair").append((l.probe().control() ? "control: " : "studied: ") + l.pairName());
            t.stringColumn("value").append(c.format(l.value()));
            t.stringColumn("threshold").append(c.direction().symbol() + " " + c.format(c.threshold()));
            t.stringColumn("beyond threshold").append(l.fires() ? "yes" : "no");
            t.stringColumn("calibration").append("false positives " + c.falsePositiveText() + "; " + c.detectionsText());
            t.stringColumn("source").append(l.entry().source());
            t.stringColumn("source (full)").append(l.entry().sourceFull());
        }
        return t;
    }

    /** The rules: id, the rubric's words, holds or not, and why (citing notebook, method, value, source). */
    public Table rulesTable() {
        Table t = Table.create("the decision rubric (PLAN section 7), rule by rule: decided on the lab's measurements, "
                        + "the published figures read beside them", StringColumn.create("rule"),
                StringColumn.create("the rubric says"), StringColumn.create("holds on the lab's measurements"),
                StringColumn.create("because"), StringColumn.create("on the published figures alone"));
        for (int i = 0; i < rules.size(); i++) {
            RuleOutcome r = rules.get(i), p = publishedRules.get(i);
            t.stringColumn("rule").append(r.id());
            t.stringColumn("the rubric says").append(r.rule());
            boolean decided = measuredPair();
            t.stringColumn("holds on the lab's measurements").append(!decided ? "not decided" : r.holds() ? "yes" : "no");
            t.stringColumn("because").append(decided ? r.because() : "the lab measured nothing of the pair in this run");
            t.stringColumn("on the published figures alone").append((p.holds() ? "would hold: " : "would not hold: ") + p.because());
        }
        return t;
    }

    /**
     * What would change the conclusion, line by line: for each byte-level or informative-tensor
     * score on the pair under study, the value that would make it count (and, for D2, the control
     * that must stay below); for a suite too narrow for N1, what is missing. Soft methods are
     * listed as unable to change the conclusion alone.
     */
    public Table changes() {
        Table t = Table.create("what finding would change the verdict", StringColumn.create("finding"),
                StringColumn.create("rule"), StringColumn.create("would make the verdict"), StringColumn.create("now"),
                StringColumn.create("source"));
        java.util.Set<String> publishedSeen = new java.util.HashSet<>();
        for (EvidenceLine l : lines) {
            if (l.probe().control() || (!l.measured() && !publishedSeen.add(l.probe().method()))) {
                continue; // a published figure cited by two notebooks is one finding
            }
            CalibrationSummary c = l.calibration();
            String target = c.direction().symbol() + " " + c.format(c.threshold());
            String now = c.format(l.value()) + (l.fires() ? " (beyond threshold)"
                    : l.region() != null ? " (" + l.region().replaceAll(" \\(.*", "") + ")"
                    : l.inCalibratedRange() ? " (not beyond the threshold)" : " (below every independent pair)")
                    + (l.measured() ? "" : ", published by a side: the rules need the lab's own measurement");
            String finding, rule, outcome;
            switch (c.kind()) {
                case BYTE_IDENTITY -> {
                    rule = "D1";
                    if (l.fires()) {
                        finding = "notebook " + l.probe().notebook() + ": " + l.probe().method() + " falling back to "
                                + c.format(c.threshold()) + " or below";
                        outcome = conclusion == Conclusion.DERIVED && rule("D2").holds() ? Conclusion.DERIVED.label()
                                : "no longer derived by D1";
                    } else {
                        finding = "notebook " + l.probe().notebook() + ": " + l.probe().method() + " " + target
                                + (c.unit().equals(org.provenancelab.calibration.Method.TENSORS)
                                        ? " on at least " + Rubric.REPEATED + " tensors" : ", with a second byte-level method beyond its own");
                        outcome = Conclusion.DERIVED.label();
                    }
                }
                case INFORMATIVE_TENSORS -> {
                    rule = "D2";
                    finding = "notebook " + l.probe().notebook() + ": " + l.probe().method() + " " + target
                            + " on the pair, with a control pair measured and not beyond it";
                    outcome = l.fires() && rule("D2").holds() ? "already counted" : Conclusion.DERIVED.label();
                }
                default -> {
                    rule = "W1";
                    finding = "notebook " + l.probe().notebook() + ": " + l.probe().method() + " " + target;
                    outcome = "nothing by itself: " + c.kind().label() + " is supporting evidence only";
                }
            }
            t.stringColumn("finding").append(finding);
            t.stringColumn("rule").append(rule);
            t.stringColumn("would make the verdict").append(outcome);
            t.stringColumn("now").append(now);
            t.stringColumn("source").append(l.entry().source());
        }
        if (!rule("N1").holds() && conclusion == Conclusion.INCONCLUSIVE && rule("N1").because().startsWith("the suite")) {
            t.stringColumn("finding").append("a broader suite on the pair: " + rule("N1").because().substring("the suite is not broad enough: ".length()));
            t.stringColumn("rule").append("N1");
            t.stringColumn("would make the verdict").append(Conclusion.NOT_SUPPORTED.label() + ", if nothing hard is beyond its threshold");
            t.stringColumn("now").append("not measured");
            t.stringColumn("source").append("");
        }
        return t;
    }
}

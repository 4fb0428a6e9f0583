package org.provenancelab.verdict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.provenancelab.calibration.CalibrationReport;
import org.provenancelab.calibration.EvidenceKind;

/**
 * The decision rubric of PLAN section 7 as explicit rules over results-file entries, each
 * read against its method's calibration from notebook 12:
 * <ul>
 * <li><b>D1</b> repeated byte-level matches across multiple tensors: a byte-identity score on the
 *     pair under study beyond its threshold, counting at least {@value #REPEATED} whole tensors
 *     (or two byte-level methods beyond their thresholds);</li>
 * <li><b>D2</b> alignment on informative tensors (attention, FFN or router matrices) beyond its
 *     threshold on the pair under study, measured on a control pair and not beyond it there;</li>
 * <li><b>N1</b> no byte-level score and no informative-tensor score beyond its threshold (or
 *     only where a control is beyond it too), over a broad suite: at least one byte-level method
 *     and at least {@value #BROAD} informative-tensor methods measured on the pair;</li>
 * <li><b>W1</b> only norm or curve similarities are beyond their thresholds: weak evidence.</li>
 * </ul>
 * D1 or D2 gives {@link Conclusion#DERIVED}; otherwise N1 gives {@link Conclusion#NOT_SUPPORTED};
 * otherwise {@link Conclusion#INCONCLUSIVE}.
 */
public final class Rubric {
    /** Whole tensors that must match for "repeated" byte-level matches. */
    public static final int REPEATED = 2;
    /** Informative-tensor methods that must have been measured for a "broad suite". */
    public static final int BROAD = 2;
    /** The notebook that calibrates every method. */
    public static final String CALIBRATION_NOTEBOOK = "12";

    private Rubric() {}

    /**
     * The folder the runner writes results files to in this run: that of {@code LAB_RESULTS}
     * (as {@code Results.read} looks), else {@code exports/} of the checkout.
     */
    public static Path resultsDirectory() {
        String env = System.getenv(org.provenancelab.provenance.Results.ENV);
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath().getParent()
                : org.provenancelab.provenance.Lab.home().resolve("exports");
    }

    /**
     * The results files of the series' notebooks {@code numbers} in this run, for those present in
     * this checkout's {@code notebooks/} (a notebook not yet written has no file to read). Stops
     * with the file's name if a present notebook wrote none, and if one ran with other parameters
     * than {@code parameters} (a series must be read at one pair of models).
     */
    public static Map<String, ResultsFile> readSeries(List<String> numbers, Map<String, String> parameters) {
        Map<String, ResultsFile> files = new LinkedHashMap<>();
        for (String nb : numbers) {
            if (inCheckout(nb)) {
                ResultsFile f = ResultsFile.require(resultsDirectory(), nb);
                parameters.forEach((k, v) -> {
                    String ran = f.parameters().get(k);
                    if (ran != null && !ran.equals(v)) {
                        throw new IllegalStateException("notebook " + nb + " ran with " + k + " = " + ran + ", not " + v
                                + " (" + f.path().getFileName() + "): run the series with the same parameters");
                    }
                });
                files.put(nb, f);
            }
        }
        return files;
    }

    /** The series as read: each notebook's results file, its profile and entry count, or why it has none. */
    public static tech.tablesaw.api.Table seriesTable(Map<String, ResultsFile> files, List<String> numbers) {
        var t = tech.tablesaw.api.Table.create("Results files of the series in this run",
                tech.tablesaw.api.StringColumn.create("notebook"), tech.tablesaw.api.StringColumn.create("state"),
                tech.tablesaw.api.StringColumn.create("profile"), tech.tablesaw.api.StringColumn.create("entries"));
        for (String nb : numbers) {
            ResultsFile f = files.get(nb);
            t.stringColumn(0).append(nb);
            t.stringColumn(1).append(f == null ? "not in this checkout: its evidence is not available" : f.path().getFileName().toString());
            t.stringColumn(2).append(f == null ? "" : f.profile());
            t.stringColumn(3).append(f == null ? "" : Integer.toString(f.entries().size()));
        }
        return t;
    }

    /**
     * The user's questions answered from the series' results files: each answer says when it is
     * a published figure or a layout rather than the lab's measurement, and where a notebook
     * wrote no answer in this run, says what would give one. The last row is the verdict itself.
     */
    public static tech.tablesaw.api.Table answers(Map<String, ResultsFile> files, List<Question> questions, Verdict verdict) {
        var t = tech.tablesaw.api.Table.create("The questions asked at the start, answered from this run's results files",
                tech.tablesaw.api.StringColumn.create("question"), tech.tablesaw.api.StringColumn.create("answer"),
                tech.tablesaw.api.StringColumn.create("notebook"), tech.tablesaw.api.StringColumn.create("source"));
        for (Question q : questions) {
            ResultsFile f = files.get(q.notebook());
            Optional<ResultEntry> e = f == null ? Optional.empty() : f.findOr(q.key(), q.standIn());
            t.stringColumn(0).append(q.question());
            // a count the notebook wrote out of a whole (<key>_of) is answered as "k of n"
            t.stringColumn(1).append(e.map(x -> x.answer(f.find(x.key() + "_of").map(ResultEntry::value).orElse(null))).orElse("not answered in this run: needs notebook " + q.notebook()
                    + (f == null ? ", which is not in this checkout" : " on the online profile")));
            t.stringColumn(2).append(q.notebook());
            t.stringColumn(3).append(e.map(ResultEntry::source).orElse(""));
        }
        // readSeries has checked that every file names the same pair
        Map<String, String> pair = files.values().stream().map(ResultsFile::parameters).filter(p -> p.containsKey("modelB"))
                .findFirst().orElse(Map.of());
        t.stringColumn(0).append(pair.getOrDefault("modelA", "model A") + " derived from " + pair.getOrDefault("modelB", "model B")
                + "'s weights?");
        t.stringColumn(1).append(verdict.answer());
        t.stringColumn(2).append("13");
        t.stringColumn(3).append("the evidence table above");
        return t;
    }

    private static boolean inCheckout(String nb) {
        try (var s = java.nio.file.Files.list(org.provenancelab.provenance.Lab.home().resolve("notebooks"))) {
            return s.anyMatch(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(nb) + "_.*\\.ipynb"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the notebooks of this checkout", e);
        }
    }

    /** {@link #gather(Path, List)} in this run's results folder. */
    public static List<EvidenceLine> gather(List<Probe> extra) {
        return gather(resultsDirectory(), extra);
    }

    /**
     * Reads every line the verdict uses from the results files in {@code dir}: notebook 12's
     * score of the pair under study and of its controls for every calibrated method, then the
     * {@code extra} probes into other notebooks. A missing file stops with its name; a missing
     * required entry stops with its key.
     */
    public static List<EvidenceLine> gather(Path dir, List<Probe> extra) {
        Map<String, ResultsFile> files = new LinkedHashMap<>();
        ResultsFile twelve = files.computeIfAbsent(CALIBRATION_NOTEBOOK, n -> ResultsFile.require(dir, n));
        Map<String, CalibrationSummary> cal = new LinkedHashMap<>();
        for (String m : CalibrationSummary.methods(twelve)) {
            cal.put(m, CalibrationSummary.from(twelve, m));
        }
        List<EvidenceLine> lines = new ArrayList<>();
        for (String m : cal.keySet()) {
            twelve.find(CalibrationReport.STUDY + m).ifPresent(e ->
                    lines.add(new EvidenceLine(Probe.study(CALIBRATION_NOTEBOOK, e.key(), m), e, cal.get(m), pairOf(twelve, e),
                            regionOf(twelve, e))));
            for (ResultEntry e : twelve.withPrefix(CalibrationReport.CONTROL + m + ".")) {
                if (e.value() != null) {
                    lines.add(new EvidenceLine(Probe.control(CALIBRATION_NOTEBOOK, e.key(), m), e, cal.get(m), pairOf(twelve, e),
                            regionOf(twelve, e)));
                }
            }
        }
        for (Probe p : extra) {
            CalibrationSummary c = cal.get(p.method());
            if (c == null) {
                throw new IllegalStateException("probe " + p.notebook() + "/" + p.key() + " names method '" + p.method()
                        + "', which notebook 12 did not calibrate; calibrated: " + cal.keySet());
            }
            ResultsFile f = files.computeIfAbsent(p.notebook(), n -> ResultsFile.require(dir, n));
            Optional<ResultEntry> e = f.find(p.key());
            if (e.isEmpty()) {
                if (p.required()) {
                    f.get(p.key()); // throws, naming file and key
                }
                continue;
            }
            lines.add(new EvidenceLine(p, e.get(), c, p.pair() != null ? p.pair() : pairOf(f, e.get())));
        }
        return lines;
    }

    private static String regionOf(ResultsFile f, ResultEntry e) {
        return f.find(e.key() + ".region").map(ResultEntry::text).orElse(null);
    }

    private static String pairOf(ResultsFile f, ResultEntry e) {
        return f.find(e.key() + ".pair").map(ResultEntry::text).orElse(null);
    }

    /**
     * Applies the rules to the lines. The rules decide on the lab's own measurements only; the
     * disputing sides' published figures are read by the same rules separately and reported
     * beside them ({@link Verdict#publishedReading()}), so a published number can neither convict
     * nor acquit on its own. The sources of every line are recorded for the export's footer.
     */
    public static Verdict apply(List<EvidenceLine> lines) {
        lines.forEach(l -> l.entry().sources().forEach(org.provenancelab.provenance.Provenance::record));
        Decision lab = decide(lines.stream().filter(EvidenceLine::measured).toList(), "the lab");
        Decision published = decide(lines.stream().filter(l -> !l.measured()).toList(), "a side");
        return new Verdict(lab.conclusion(), lab.rules(), lines, published.conclusion(), published.rules());
    }

    private record Decision(Conclusion conclusion, List<RuleOutcome> rules) {}

    private static Decision decide(List<EvidenceLine> lines, String who) {
        List<EvidenceLine> study = lines.stream().filter(l -> !l.probe().control()).toList();
        List<EvidenceLine> controls = lines.stream().filter(l -> l.probe().control()).toList();

        // D1: byte-level matches, repeated.
        List<EvidenceLine> byteFiring = of(study, EvidenceKind.BYTE_IDENTITY).stream().filter(EvidenceLine::fires).toList();
        List<EvidenceLine> repeated = byteFiring.stream().filter(l -> l.tensorCount() >= REPEATED).toList();
        long byteMethods = byteFiring.stream().map(l -> l.probe().method()).distinct().count();
        boolean d1 = !repeated.isEmpty() || byteMethods >= 2;
        String d1Why;
        if (byteFiring.isEmpty()) {
            d1Why = of(study, EvidenceKind.BYTE_IDENTITY).isEmpty() ? "no byte-level method was measured on the pair by " + who
                    : "no byte-level score is beyond its threshold: " + cites(of(study, EvidenceKind.BYTE_IDENTITY));
        } else if (d1) {
            d1Why = "beyond threshold: " + cites(repeated.isEmpty() ? byteFiring : repeated);
        } else {
            d1Why = "one byte-level signal, not repeated: " + cites(byteFiring);
        }
        RuleOutcome r1 = new RuleOutcome("D1", "repeated byte-level matches across multiple tensors", d1, d1Why,
                byteFiring.isEmpty() ? of(study, EvidenceKind.BYTE_IDENTITY) : byteFiring);

        // D2: alignment on informative tensors that the controls do not show.
        List<EvidenceLine> informative = of(study, EvidenceKind.INFORMATIVE_TENSORS);
        List<EvidenceLine> beyondControls = new ArrayList<>();
        List<String> d2Notes = new ArrayList<>();
        for (EvidenceLine l : informative) {
            if (!l.fires()) {
                continue;
            }
            List<EvidenceLine> ctl = controls.stream().filter(c -> c.probe().method().equals(l.probe().method())).toList();
            if (ctl.isEmpty()) {
                d2Notes.add(l.cite() + " is beyond its threshold, but no control pair was measured with this method");
            } else if (ctl.stream().anyMatch(EvidenceLine::fires)) {
                d2Notes.add(l.cite() + " is beyond its threshold, and so is a control: "
                        + cites(ctl.stream().filter(EvidenceLine::fires).toList()));
            } else {
                beyondControls.add(l);
            }
        }
        boolean d2 = !beyondControls.isEmpty();
        String d2Why = d2 ? "beyond threshold, controls below: " + cites(beyondControls)
                : informative.isEmpty() ? "no informative-tensor method was measured on the pair by " + who
                : d2Notes.isEmpty() ? "no informative-tensor score is beyond its threshold: " + cites(informative)
                : String.join("; ", d2Notes);
        RuleOutcome r2 = new RuleOutcome("D2",
                "strong alignment on higher-dimensional tensors that does not appear for control models", d2, d2Why,
                d2 ? beyondControls : informative);

        // N1: nothing hard beyond the controls, over a broad suite of scores inside the calibrated range.
        long informativeMethods = informative.stream().filter(EvidenceLine::inCalibratedRange).map(l -> l.probe().method()).distinct().count();
        boolean anyByte = !of(study, EvidenceKind.BYTE_IDENTITY).isEmpty();
        boolean unresolved = d2Notes.stream().anyMatch(s -> s.contains("no control pair"));
        boolean n1 = byteFiring.isEmpty() && !d2 && !unresolved && anyByte && informativeMethods >= BROAD;
        String n1Why;
        if (n1) {
            n1Why = "no byte-level or informative-tensor score beyond its threshold (or only where a control is too), over "
                    + of(study, EvidenceKind.BYTE_IDENTITY).stream().map(l -> l.probe().method()).distinct().count()
                    + " byte-level and " + informativeMethods + " informative-tensor methods";
        } else if (!byteFiring.isEmpty() || d2) {
            n1Why = "hard evidence is beyond its threshold (D1 or D2)";
        } else if (unresolved) {
            n1Why = "an informative-tensor score is beyond its threshold with no control measured";
        } else {
            n1Why = "the suite is not broad enough: " + (anyByte ? "" : "no byte-level method measured by " + who + "; ")
                    + informativeMethods + " informative-tensor method(s) measured by " + who + " inside the calibrated range, " + BROAD + " needed";
        }
        RuleOutcome r3 = new RuleOutcome("N1",
                "no meaningful alignment beyond controls and no byte identity, across a broad tensor suite", n1, n1Why,
                lines.stream().filter(l -> !l.probe().control() && l.calibration().kind().hard()).toList());

        // W1: only soft signals.
        List<EvidenceLine> soft = study.stream().filter(l -> !l.calibration().kind().hard() && l.fires()).toList();
        boolean w1 = !soft.isEmpty() && byteFiring.isEmpty() && informative.stream().noneMatch(EvidenceLine::fires);
        String w1Why = soft.isEmpty() ? "no norm or curve similarity is beyond its threshold"
                : (w1 ? "only soft signals are beyond their thresholds: " : "soft signals beyond threshold, beside harder ones: ")
                + cites(soft) + softControls(soft, controls);
        RuleOutcome r4 = new RuleOutcome("W1",
                "only norm similarities or curve similarities are high, without harder signals (weak evidence)", w1, w1Why,
                soft);

        Conclusion c = d1 || d2 ? Conclusion.DERIVED : n1 ? Conclusion.NOT_SUPPORTED : Conclusion.INCONCLUSIVE;
        return new Decision(c, List.of(r1, r2, r3, r4));
    }

    private static String softControls(List<EvidenceLine> soft, List<EvidenceLine> controls) {
        List<EvidenceLine> same = controls.stream()
                .filter(c -> soft.stream().anyMatch(s -> s.probe().method().equals(c.probe().method())) && c.fires())
                .toList();
        return same.isEmpty() ? "" : "; controls are beyond the same thresholds: " + cites(same);
    }

    private static List<EvidenceLine> of(List<EvidenceLine> lines, EvidenceKind kind) {
        return lines.stream().filter(l -> l.calibration().kind() == kind).toList();
    }

    private static String cites(List<EvidenceLine> lines) {
        return lines.stream().map(EvidenceLine::cite).collect(Collectors.joining("; "));
    }
}

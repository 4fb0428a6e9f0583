package org.provenancelab.calibration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Every method calibrated at once: thresholds chosen on one set of known relations (the toy
 * family), applied unchanged to every other scored pair, and the tables and figures that show
 * it. Scores of pairs with no known relation (the pair under study, published or live) are
 * placed against each calibration, never used to choose anything.
 */
public final class CalibrationReport {
    private final String calibrationSet;
    private final Map<String, Calibration> calibrations = new LinkedHashMap<>();
    private final List<PairScore> scores;

    private CalibrationReport(String calibrationSet, List<PairScore> scores) {
        this.calibrationSet = calibrationSet;
        this.scores = List.copyOf(scores);
    }

    /**
     * Calibrates every method on the scores of {@code calibrationSet}; scores of the other sets
     * are kept as held-out pairs. Every score must belong to one of the methods.
     */
    public static CalibrationReport of(List<Method> methods, String calibrationSet, List<PairScore> scores) {
        Objects.requireNonNull(calibrationSet, "calibrationSet");
        CalibrationReport r = new CalibrationReport(calibrationSet, scores);
        Map<String, Method> byKey = new LinkedHashMap<>();
        for (Method m : methods) {
            if (byKey.put(m.key(), m) != null) {
                throw new IllegalArgumentException("method " + m.key() + " is listed twice");
            }
        }
        for (PairScore s : scores) {
            if (!byKey.containsKey(s.method())) {
                throw new IllegalArgumentException("score on " + s.pair() + " names method '" + s.method()
                        + "', which is not in the list " + byKey.keySet());
            }
        }
        for (Method m : methods) {
            List<PairScore> own = scores.stream()
                    .filter(s -> s.method().equals(m.key()) && s.set().equals(calibrationSet) && s.relation() != null)
                    .toList();
            r.calibrations.put(m.key(), Calibration.fit(m, calibrationSet, own));
        }
        return r;
    }

    public String calibrationSet() {
        return calibrationSet;
    }

    public List<Calibration> calibrations() {
        return List.copyOf(calibrations.values());
    }

    public Calibration calibration(String methodKey) {
        Calibration c = calibrations.get(methodKey);
        if (c == null) {
            throw new IllegalArgumentException("no calibration for method '" + methodKey + "'; calibrated: "
                    + calibrations.keySet());
        }
        return c;
    }

    public List<PairScore> scores() {
        return scores;
    }

    /** Scores on pairs outside the calibration set (the held-out known relations). */
    public List<PairScore> heldOut() {
        return scores.stream().filter(s -> !s.set().equals(calibrationSet) && s.relation() != null).toList();
    }

    /** A method's false-positive rate on independent pairs: leave-one-out on the calibration set plus the held-out ones. */
    public Rate falsePositives(String methodKey) {
        return calibration(methodKey).falsePositives(heldOut());
    }

    /** A method's detections per known relation, over every set. */
    public Map<KnownRelation, Rate> detections(String methodKey) {
        return calibration(methodKey).detections(scores);
    }

    /** Where the named pair (of unknown relation) falls, method by method, for the methods that scored it. */
    public Map<String, Placement> placements(String pair) {
        Map<String, Placement> out = new LinkedHashMap<>();
        for (PairScore s : scores) {
            if (s.relation() == null && s.pair().equals(pair)) {
                out.put(s.method(), calibration(s.method()).place(s.value()));
            }
        }
        return out;
    }

    /** Every known-relation score with the threshold applied: method, pair, set, relation, score, threshold, detected, source. */
    public Table scoresTable() {
        Table t = Table.create("every method on every known relation (thresholds chosen on the " + calibrationSet
                        + " set, applied unchanged elsewhere)",
                StringColumn.create("method"), StringColumn.create("pair"), StringColumn.create("set"),
                StringColumn.create("relation"), StringColumn.create("score"), StringColumn.create("threshold"),
                StringColumn.create("detected"), StringColumn.create("source"));
        for (PairScore s : scores) {
            if (s.relation() == null) {
                continue;
            }
            Calibration c = calibration(s.method());
            t.stringColumn("method").append(s.method());
            t.stringColumn("pair").append(s.pair());
            t.stringColumn("set").append(s.set().equals(calibrationSet) ? s.set() + " (chose the threshold)" : s.set() + " (held out)");
            t.stringColumn("relation").append(s.relation().label());
            t.stringColumn("score").append(c.format(s.value()));
            t.stringColumn("threshold").append(c.thresholdText());
            t.stringColumn("detected").append(c.detects(s.value()) ? "yes" : "no");
            t.stringColumn("source").append(s.sourceLabel());
        }
        return t;
    }

    /**
     * One row per method: threshold and rule, false-positive rate on independent pairs
     * (leave-one-out on the calibration set plus held-out independent pairs) with its exact
     * interval, and detections per derived relation over all sets.
     */
    public Table summaryTable() {
        List<KnownRelation> derived = presentRelations(true);
        Table t = Table.create("per method: threshold, false-positive rate on independent pairs, detections per relation (toy pairs judged against a threshold chosen without them; zoo pairs held out)",
                StringColumn.create("method"), StringColumn.create("notebook"), StringColumn.create("evidence"),
                StringColumn.create("threshold"), StringColumn.create("rule (chosen on " + calibrationSet + ")"),
                IntColumn.create("independent pairs n"), IntColumn.create("false positives"),
                StringColumn.create("false-positive rate (95% CI)"));
        for (KnownRelation r : derived) {
            t.addColumns(StringColumn.create(r.label() + " detected"));
        }
        t.addColumns(StringColumn.create("source"));
        for (Calibration c : calibrations.values()) {
            Rate fp = c.falsePositives(heldOut());
            Map<KnownRelation, Rate> det = c.detections(scores);
            t.stringColumn("method").append(c.method().key());
            t.stringColumn("notebook").append(c.method().notebook());
            t.stringColumn("evidence").append(c.method().kind().label());
            t.stringColumn("threshold").append(c.thresholdText());
            t.stringColumn("rule (chosen on " + calibrationSet + ")").append(c.ruleText());
            t.intColumn("independent pairs n").append(fp.n());
            t.intColumn("false positives").append(fp.k());
            t.stringColumn("false-positive rate (95% CI)").append(ratePercent(fp));
            for (KnownRelation r : derived) {
                Rate d = det.get(r);
                t.stringColumn(r.label() + " detected").append(d == null ? "not run" : d.k() + "/" + d.n());
            }
            t.stringColumn("source").append(sourcesOf(c.method().key(), true));
        }
        return t;
    }

    /**
     * A pair's score on one method and where it falls, in words ({@code "0.968, below every
     * independent pair"}), or {@code "not scored in this run"}.
     */
    public String placed(String pair, String method) {
        Placement p = placements(pair).get(method);
        return p == null ? "not scored in this run" : calibration(method).format(p.score()) + ", " + shortRegion(p.region());
    }

    /**
     * The methods sorted by their record on the known relations: {@code clean} catch every
     * derived relation with no false alarm; {@code copiesOnly} fire on copies but on no trained
     * relative (fine-tune, layer-dropped child, sibling), with no false alarm; {@code falseAlarms}
     * fire on at least one independent pair; {@code partial} are the rest (no false alarm, some
     * derived pairs missed). Each list holds method keys in the report's order.
     */
    public record Standing(List<String> clean, List<String> copiesOnly, List<String> falseAlarms, List<String> partial) {}

    /** Relations reached by training from a shared start, not by copying bytes. */
    private static final java.util.Set<KnownRelation> TRAINED = java.util.EnumSet.of(KnownRelation.SHORT_FINETUNE,
            KnownRelation.LONG_FINETUNE, KnownRelation.LAYER_DROPPED, KnownRelation.SHARED_ANCESTOR);

    public Standing standing() {
        List<String> clean = new ArrayList<>(), copies = new ArrayList<>(), alarms = new ArrayList<>(), partial = new ArrayList<>();
        for (String m : calibrations.keySet()) {
            Map<KnownRelation, Rate> d = detections(m);
            boolean alarm = falsePositives(m).k() > 0;
            boolean every = d.entrySet().stream().allMatch(e -> !e.getKey().derived() || e.getValue().k() == e.getValue().n());
            boolean noTrained = d.entrySet().stream().allMatch(e -> !TRAINED.contains(e.getKey()) || e.getValue().k() == 0);
            (alarm ? alarms : every ? clean : noTrained ? copies : partial).add(m);
        }
        return new Standing(List.copyOf(clean), List.copyOf(copies), List.copyOf(alarms), List.copyOf(partial));
    }

    /** Method keys as code in a sentence ({@code `a`, `b`}), or "none". */
    public static String keys(java.util.Collection<String> methodKeys) {
        return methodKeys.isEmpty() ? "none" : methodKeys.stream().map(k -> "`" + k + "`").collect(java.util.stream.Collectors.joining(", "));
    }

    /** The methods that scored pairs of one relation and caught every one, in the report's order. */
    public List<String> catchingEvery(KnownRelation relation) {
        return calibrations.keySet().stream().filter(m -> {
            Rate r = detections(m).get(relation);
            return r != null && r.n() > 0 && r.k() == r.n();
        }).toList();
    }

    /** The methods that miss some pair of one relation, each with its count: {@code `m` (3 of 4 caught)}, or "none". */
    public String missing(KnownRelation relation) {
        List<String> out = new ArrayList<>();
        for (String m : calibrations.keySet()) {
            Rate r = detections(m).get(relation);
            if (r != null && r.k() < r.n()) {
                out.add("`" + m + "` (" + r.k() + " of " + r.n() + " caught)");
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    /**
     * Where a pair of unknown relation falls, grouped by region: {@code region: `m` score, `m`
     * score; region: …}, or "no method scored it in this run".
     */
    public String where(String pair) {
        Map<String, List<String>> byRegion = new LinkedHashMap<>();
        placements(pair).forEach((m, p) -> byRegion.computeIfAbsent(p.region(), r -> new ArrayList<>())
                .add("`" + m + "` " + calibration(m).format(p.score())));
        if (byRegion.isEmpty()) {
            return "no method scored it in this run";
        }
        List<String> parts = new ArrayList<>();
        byRegion.forEach((r, l) -> parts.add(r + ": " + String.join(", ", l)));
        return String.join("; ", parts);
    }

    /** The methods that gave the pair no score in this run. */
    public List<String> unscored(String pair) {
        Map<String, Placement> p = placements(pair);
        return calibrations.keySet().stream().filter(m -> !p.containsKey(m)).toList();
    }

    /**
     * A pair's placements as counted in a summary: raw cosine left out (its scale is set by how
     * the gains started, so the toy scale does not transfer), and scores below every independent
     * pair set apart (outside the calibrated range).
     *
     * @param among   counted methods that place it among the independent pairs
     * @param counted methods counted
     * @param beyond  the counted methods that place it elsewhere, each with its region, or ""
     * @param below   methods whose score is below every independent pair
     */
    public record Reading(int among, int counted, String beyond, int below) {}

    public Reading reading(String pair) {
        int among = 0, counted = 0, below = 0;
        List<String> beyond = new ArrayList<>();
        for (var e : placements(pair).entrySet()) {
            String region = e.getValue().region();
            if (region.equals(Placement.BELOW_INDEPENDENT)) {
                below++;
            } else if (!e.getKey().equals(Methods.NORM_COSINE.key())) {
                counted++;
                if (region.equals(Placement.AMONG_INDEPENDENT)) {
                    among++;
                } else {
                    beyond.add("`" + e.getKey() + "` (" + shortRegion(region) + ")");
                }
            }
        }
        return new Reading(among, counted, String.join(", ", beyond), below);
    }

    /** The false alarms of each method that has any: {@code `m` 2 of 31}, or "". */
    public String falseAlarmCounts() {
        return calibrations.keySet().stream().filter(m -> falsePositives(m).k() > 0)
                .map(m -> "`" + m + "` " + falsePositives(m).k() + " of " + falsePositives(m).n())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A region without its parenthesis: "among the independent pairs". */
    private static String shortRegion(String region) {
        return region.replaceAll(" \\(.*", "");
    }

    /** Where each scored pair of unknown relation falls, method by method. */
    public Table placementTable() {
        Table t = Table.create("pairs of unknown relation (the pair under study and its control first, then the zoo's undocumented pairs), read against each method's calibration",
                StringColumn.create("method"), StringColumn.create("pair"), StringColumn.create("score"),
                StringColumn.create("threshold"), StringColumn.create("detected"),
                StringColumn.create("independent pairs beaten"), StringColumn.create("derived pairs reached"),
                StringColumn.create("falls"), StringColumn.create("source"));
        for (PairScore s : unknownFirstStudied()) {
            Calibration c = calibration(s.method());
            Placement p = c.place(s.value());
            t.stringColumn("method").append(s.method());
            t.stringColumn("pair").append(s.pair());
            t.stringColumn("score").append(c.format(s.value()));
            t.stringColumn("threshold").append(c.thresholdText());
            t.stringColumn("detected").append(p.detected() ? "yes" : "no");
            t.stringColumn("independent pairs beaten").append((p.independent() - p.independentAtLeast()) + " of " + p.independent());
            // a tie with independent pairs (0 identical tensors, say) reaches derived pairs that show nothing either
            t.stringColumn("derived pairs reached").append(p.derivedAtMost() + " of " + p.derived()
                    + (p.region().equals(Placement.OVERLAP) ? ", all no more related than an independent pair" : ""));
            t.stringColumn("falls").append(p.region());
            t.stringColumn("source").append(s.sourceLabel());
        }
        return t;
    }

    /** Scores of unknown relation: the study pair and its controls first, then zoo and toy pairs. */
    private List<PairScore> unknownFirstStudied() {
        return scores.stream().filter(s -> s.relation() == null)
                .sorted(java.util.Comparator.comparing((PairScore s) -> s.set().startsWith("zoo") || s.set().startsWith("toy")))
                .toList();
    }

    static String ratePercent(Rate r) {
        if (r.n() == 0) {
            return "no independent pairs";
        }
        return String.format(Locale.ROOT, "%.0f%% (%.0f–%.0f%%)", 100 * r.estimate(), 100 * r.low(), 100 * r.high());
    }

    private List<KnownRelation> presentRelations(boolean derived) {
        List<KnownRelation> out = new ArrayList<>();
        for (KnownRelation r : KnownRelation.values()) {
            if (r.derived() == derived && scores.stream().anyMatch(s -> s.relation() == r)) {
                out.add(r);
            }
        }
        return out;
    }

    private String sourcesOf(String method, boolean knownOnly) {
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (PairScore s : scores) {
            if (s.method().equals(method) && (!knownOnly || s.relation() != null)) {
                s.sources().forEach(src -> kinds.add(src.kind().name().toLowerCase(Locale.ROOT) + " " + familyOf(src)));
            }
        }
        return String.join("; ", kinds);
    }

    /** A short name for a group of sources in a summary (the toy family, the zoo). */
    private static String familyOf(org.provenancelab.provenance.Source s) {
        return switch (s.kind()) {
            case TOY -> s.subject().contains("/") ? s.subject().substring(0, s.subject().indexOf('/')) : s.subject();
            case ZOO -> "models";
            default -> s.subject();
        };
    }

    /**
     * The detection matrix: one row per method, one column per relation; each cell is the share
     * of that relation's pairs the method fires on, written in the cell as {@code k/n}. For
     * derived relations a full cell is a detection; in the independent column it is a false alarm.
     */
    public Figure detectionFigure() {
        List<KnownRelation> rels = new ArrayList<>(presentRelations(true));
        rels.addAll(presentRelations(false));
        List<String> methods = new ArrayList<>(calibrations.keySet());
        ArrayNode z = JSON.createArrayNode();
        ArrayNode text = JSON.createArrayNode();
        for (String m : methods) {
            Calibration c = calibrations.get(m);
            Map<KnownRelation, Rate> det = c.detections(scores);
            ArrayNode zr = z.addArray();
            ArrayNode tr = text.addArray();
            for (KnownRelation r : rels) {
                Rate d = det.get(r);
                if (d == null || d.n() == 0) {
                    zr.addNull();
                    tr.add("–");
                } else {
                    zr.add(d.estimate());
                    tr.add(d.k() + "/" + d.n());
                }
            }
        }
        ObjectNode trace = JSON.createObjectNode();
        trace.put("type", "heatmap");
        ArrayNode x = trace.putArray("x");
        rels.forEach(r -> x.add(r.label()));
        ArrayNode y = trace.putArray("y");
        methods.forEach(y::add);
        trace.set("z", z);
        trace.set("text", text);
        trace.put("texttemplate", "%{text}");
        trace.put("hovertemplate", "%{y} on %{x}: fired on %{text}<extra></extra>");
        trace.put("zmin", 0).put("zmax", 1);
        ArrayNode scale = trace.putArray("colorscale");
        scale.addArray().add(0).add("#f7f7f7");
        scale.addArray().add(1).add("#2166ac");
        trace.putObject("colorbar").put("title", "share of pairs<br>the method fires on");
        ArrayNode data = JSON.createArrayNode().add(trace);
        ObjectNode layout = JSON.createObjectNode();
        layout.putObject("title").put("text", "Which methods fire on which known relation (thresholds chosen on the "
                + calibrationSet + " set)");
        layout.putObject("xaxis").put("title", "known relation (derived ones, then independent)").put("side", "bottom");
        layout.putObject("yaxis").put("title", "").put("autorange", "reversed").put("automargin", true);
        layout.put("height", 140 + 34 * methods.size());
        layout.putObject("margin").put("l", 10).put("r", 10).put("t", 50).put("b", 60);
        return figure(data, layout);
    }

    /**
     * One small panel per method: every known-relation score as a dot coloured by relation, the
     * threshold as a dashed line, and each pair of unknown relation as a black diamond. The
     * scores are the method's own units; the threshold line shows which side is "derived".
     */
    public Figure scoresFigure() {
        List<String> methods = new ArrayList<>(calibrations.keySet());
        List<KnownRelation> rels = new ArrayList<>(presentRelations(true));
        rels.addAll(presentRelations(false));
        String[] palette = {"#1b9e77", "#66a61e", "#7570b3", "#e7298a", "#e6ab02", "#a6761d", "#d95f02"};
        ArrayNode data = JSON.createArrayNode();
        ObjectNode layout = JSON.createObjectNode();
        ArrayNode shapes = layout.putArray("shapes");
        List<String> unknown = unknownFirstStudied().stream().map(PairScore::pair).distinct().toList();
        java.util.Set<String> legendShown = new java.util.HashSet<>();
        int n = methods.size();
        double gap = 0.35 / Math.max(1, n);
        double h = (1.0 - gap * (n - 1)) / n;
        for (int i = 0; i < n; i++) {
            String m = methods.get(i);
            Calibration c = calibrations.get(m);
            String xa = i == 0 ? "x" : "x" + (i + 1);
            String ya = i == 0 ? "y" : "y" + (i + 1);
            double top = 1.0 - i * (h + gap);
            ObjectNode xaxis = layout.putObject(i == 0 ? "xaxis" : "xaxis" + (i + 1));
            xaxis.put("anchor", ya).put("zeroline", false);
            ObjectNode yaxis = layout.putObject(i == 0 ? "yaxis" : "yaxis" + (i + 1));
            yaxis.putArray("domain").add(Math.max(0, top - h)).add(top);
            yaxis.put("anchor", xa).put("showticklabels", false).put("showgrid", false).putArray("range").add(-1).add(1);
            yaxis.put("title", "");
            for (int ri = 0; ri < rels.size(); ri++) {
                KnownRelation r = rels.get(ri);
                ObjectNode tr = JSON.createObjectNode();
                tr.put("type", "scatter").put("mode", "markers").put("name", r.label()).put("legendgroup", r.label());
                tr.put("showlegend", i == 0).put("xaxis", xa).put("yaxis", ya);
                ArrayNode xs = tr.putArray("x"), ys = tr.putArray("y"), txt = tr.putArray("text");
                int k = 0;
                for (PairScore s : scores) {
                    if (s.method().equals(m) && s.relation() == r) {
                        xs.add(s.value());
                        ys.add(jitter(ri, k++, rels.size()));
                        txt.add(s.pair() + " (" + s.set() + ")");
                    }
                }
                tr.putObject("marker").put("color", palette[ri % palette.length]).put("size", 8).put("opacity", 0.85);
                tr.put("hovertemplate", "%{text}: %{x:.4g}<extra>" + r.label() + "</extra>");
                data.add(tr);
            }
            // Each pair of unknown relation gets its own open symbol and legend entry, so a zoo pair
            // near 1 is never read as the pair under study (study and controls first, then the zoo).
            for (int j = 0; j < unknown.size(); j++) {
                String pair = unknown.get(j);
                ObjectNode tr = JSON.createObjectNode();
                tr.put("type", "scatter").put("mode", "markers").put("name", pair).put("legendgroup", "unknown " + pair);
                tr.put("xaxis", xa).put("yaxis", ya);
                ArrayNode xs = tr.putArray("x"), ys = tr.putArray("y"), txt = tr.putArray("text");
                for (PairScore s : scores) {
                    if (s.method().equals(m) && s.relation() == null && s.pair().equals(pair)) {
                        xs.add(s.value());
                        ys.add(-0.75 + 1.5 * (j + 0.5) / unknown.size());
                        txt.add(s.pair() + " (" + s.sourceLabel() + ")");
                    }
                }
                tr.put("showlegend", !legendShown.contains(pair) && !xs.isEmpty());
                if (!xs.isEmpty()) {
                    legendShown.add(pair);
                    tr.putObject("marker").put("color", UNKNOWN_COLOURS[j % UNKNOWN_COLOURS.length]).put("size", 12)
                            .put("symbol", UNKNOWN_SYMBOLS[j % UNKNOWN_SYMBOLS.length]).putObject("line").put("width", 2);
                    tr.put("hovertemplate", "%{text}: %{x:.4g}<extra></extra>");
                    data.add(tr);
                }
            }
            ObjectNode line = shapes.addObject();
            line.put("type", "line").put("xref", xa).put("yref", ya + " domain").put("x0", c.threshold().value())
                    .put("x1", c.threshold().value()).put("y0", 0).put("y1", 1);
            line.putObject("line").put("color", "#b2182b").put("width", 1.5).put("dash", "dash");
            ObjectNode ann = layout.withArray("annotations").addObject();
            ann.put("xref", "paper").put("yref", ya + " domain").put("x", 0).put("y", 1).put("xanchor", "left")
                    .put("yanchor", "bottom").put("showarrow", false);
            ann.putObject("font").put("size", 11);
            ann.put("text", m + " (" + c.thresholdText() + " fires; notebook " + c.method().notebook() + ")");
        }
        layout.putObject("title").put("text", "Scores on known relations (filled), threshold dashed; pairs of unknown relation (open symbols)");
        layout.put("height", 120 + 95 * n);
        layout.putObject("legend").put("orientation", "h").put("y", -0.02).put("yanchor", "top");
        layout.putObject("margin").put("l", 10).put("r", 10).put("t", 50).put("b", 40);
        layout.put("hovermode", "closest");
        return figure(data, layout);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static Figure figure(ArrayNode data, ObjectNode layout) {
        List<ObjectNode> traces = new ArrayList<>();
        data.forEach(t -> traces.add((ObjectNode) t));
        return org.provenancelab.view.LabFigure.of(layout, traces, null);
    }

    private static final String[] UNKNOWN_SYMBOLS = {"diamond-open", "square-open", "triangle-up-open", "x-open", "star-open",
            "circle-open"};
    private static final String[] UNKNOWN_COLOURS = {"black", "#555555", "#8c510a", "#01665e", "#762a83", "#b35806"};

    /** Results keys, shared with the verdict (org.provenancelab.verdict.CalibrationSummary). */
    public static final String CALIBRATION = "calibration.";
    public static final String STUDY = "study.";
    public static final String CONTROL = "control.";
    public static final String OTHER = "pair.";

    /**
     * What the calibration notebook writes to its results file (each entry a number or a text,
     * as {@code Results.put} writes them), per method {@code m}: {@code calibration.m.threshold}
     * (number), {@code .rule}, {@code .direction} ({@code higher} or {@code lower}), {@code .kind}
     * (an {@link EvidenceKind} name), {@code .unit}, {@code .notebook} (texts),
     * {@code .false_positives} (k), {@code .independent_pairs} (n), {@code .fp_low} and
     * {@code .fp_high} (the exact interval), {@code .detected.<relation>} and
     * {@code .pairs.<relation>} (k and n per derived relation); and for every scored pair of
     * unknown relation: {@code study.m} for the pair under study, {@code control.m.<pair>} for a
     * control, {@code pair.m.<pair>} for any other, each with its name in {@code <key>.pair}.
     *
     * @param calibrationSources the sources of the calibration set (the toy family's members)
     * @param study              the name of the pair under study (e.g. Solar vs GLM)
     * @param controls           names of the unknown-relation pairs that are controls (e.g. Phi vs GLM)
     */
    public List<ResultItem> resultItems(List<org.provenancelab.provenance.Source> calibrationSources, String study,
                                        java.util.Set<String> controls) {
        List<ResultItem> out = new ArrayList<>();
        List<PairScore> held = heldOut();
        for (Calibration c : calibrations.values()) {
            Method m = c.method();
            String p = CALIBRATION + m.key() + ".";
            Threshold t = c.threshold();
            Rate fp = c.falsePositives(held);
            out.add(ResultItem.number(p + "threshold", t.value(), calibrationSources));
            out.add(ResultItem.number(p + "least_independent", c.leastIndependent(), calibrationSources));
            out.add(ResultItem.text(p + "rule", c.thresholdText() + " (" + c.ruleText() + ", chosen on the " + calibrationSet + " set)",
                    calibrationSources));
            out.add(ResultItem.text(p + "direction", m.direction() == Direction.HIGHER_MEANS_RELATED ? "higher" : "lower",
                    calibrationSources));
            out.add(ResultItem.text(p + "kind", m.kind().name(), calibrationSources));
            out.add(ResultItem.text(p + "unit", m.unit(), calibrationSources));
            out.add(ResultItem.text(p + "notebook", m.notebook(), calibrationSources));
            List<org.provenancelab.provenance.Source> fpSources = new ArrayList<>(calibrationSources);
            held.stream().filter(s -> s.method().equals(m.key()) && !s.relation().derived())
                    .forEach(s -> s.sources().forEach(x -> { if (!fpSources.contains(x)) fpSources.add(x); }));
            out.add(ResultItem.number(p + "false_positives", fp.k(), fpSources));
            out.add(ResultItem.number(p + "independent_pairs", fp.n(), fpSources));
            out.add(ResultItem.number(p + "fp_low", fp.low(), fpSources));
            out.add(ResultItem.number(p + "fp_high", fp.high(), fpSources));
            c.detections(scores).forEach((r, d) -> {
                if (r.derived()) {
                    List<org.provenancelab.provenance.Source> src = new ArrayList<>();
                    scores.stream().filter(s -> s.method().equals(m.key()) && s.relation() == r)
                            .forEach(s -> s.sources().forEach(x -> { if (!src.contains(x)) src.add(x); }));
                    String rel = r.name().toLowerCase(Locale.ROOT);
                    out.add(ResultItem.number(p + "detected." + rel, d.k(), src));
                    out.add(ResultItem.number(p + "pairs." + rel, d.n(), src));
                }
            });
            for (PairScore s : scores) {
                if (!s.method().equals(m.key()) || s.relation() != null) {
                    continue;
                }
                String key = s.pair().equals(study) ? STUDY + m.key()
                        : (controls.contains(s.pair()) ? CONTROL : OTHER) + m.key() + "." + slug(s.pair());
                out.add(ResultItem.number(key, s.value(), s.sources()));
                out.add(ResultItem.text(key + ".pair", s.pair(), s.sources()));
                out.add(ResultItem.text(key + ".region", c.place(s.value()).region(), s.sources()));
            }
        }
        return out;
    }

    /** A pair's name as a key part: lower case, runs of other characters as one underscore. */
    public static String slug(String pair) {
        return pair.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** Deterministic vertical spread so that equal scores do not hide one another. */
    private static double jitter(int relation, int k, int relations) {
        double band = 1.6 / Math.max(1, relations);
        double base = -0.8 + band * (relation + 0.5);
        return base + ((k % 5) - 2) * band / 10;
    }
}

package org.provenancelab.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.provenancelab.calibration.CalibrationReport;
import org.provenancelab.calibration.Direction;
import org.provenancelab.calibration.EvidenceKind;
import org.provenancelab.calibration.KnownRelation;

/**
 * A method's calibration as the calibration notebook (12) wrote it to its results file: the
 * threshold chosen on the toy family, its false-positive rate on independent pairs with n and
 * an exact interval, and what it detected on each known relation.
 */
public record CalibrationSummary(String method, String notebook, EvidenceKind kind, Direction direction, String unit,
                                 double threshold, String thresholdText, int falsePositives, int independentPairs,
                                 double fpLow, double fpHigh, String falsePositiveText, List<String> detections,
                                 String source, double leastIndependent) {
    public CalibrationSummary {
        detections = List.copyOf(detections);
    }

    /** Reads method {@code method}'s calibration from notebook 12's results; fails naming the key if it is absent. */
    public static CalibrationSummary from(ResultsFile calibration, String method) {
        String p = CalibrationReport.CALIBRATION + method + ".";
        ResultEntry t = calibration.get(p + "threshold");
        String dir = calibration.get(p + "direction").text();
        Direction d = switch (dir) {
            case "higher" -> Direction.HIGHER_MEANS_RELATED;
            case "lower" -> Direction.LOWER_MEANS_RELATED;
            default -> throw new IllegalStateException("results of notebook " + calibration.notebook() + ": " + p
                    + "direction is '" + dir + "', expected higher or lower");
        };
        EvidenceKind kind;
        try {
            kind = EvidenceKind.valueOf(calibration.get(p + "kind").text());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("results of notebook " + calibration.notebook() + ": " + p + "kind is '"
                    + calibration.get(p + "kind").text() + "', not an evidence kind", e);
        }
        int k = (int) calibration.get(p + "false_positives").number();
        int n = (int) calibration.get(p + "independent_pairs").number();
        double low = calibration.get(p + "fp_low").number(), high = calibration.get(p + "fp_high").number();
        String fpText = n == 0 ? "0/0 (no independent pairs)"
                : String.format(Locale.ROOT, "%d/%d (95%% CI %.0f–%.0f%%)", k, n, 100 * low, 100 * high);
        List<String> det = new ArrayList<>();
        for (KnownRelation r : KnownRelation.values()) {
            String rel = r.name().toLowerCase(Locale.ROOT);
            calibration.find(p + "detected." + rel).ifPresent(e -> det.add(r.label() + " " + (int) e.number() + "/"
                    + (int) calibration.get(p + "pairs." + rel).number()));
        }
        return new CalibrationSummary(method, calibration.get(p + "notebook").text(), kind, d,
                calibration.get(p + "unit").text(), t.number(), calibration.get(p + "rule").text(), k, n, low, high, fpText,
                det, t.source(), calibration.find(p + "least_independent").map(ResultEntry::number).orElse(Double.NaN));
    }

    /** The methods notebook 12 calibrated, in the order it wrote them. */
    public static List<String> methods(ResultsFile calibration) {
        List<String> out = new ArrayList<>();
        String suffix = ".threshold";
        for (ResultEntry e : calibration.withPrefix(CalibrationReport.CALIBRATION)) {
            if (e.key().endsWith(suffix)) {
                out.add(e.key().substring(CalibrationReport.CALIBRATION.length(), e.key().length() - suffix.length()));
            }
        }
        return out;
    }

    /**
     * The detections in one short phrase: how many derived pairs were caught, and which relations
     * had misses ({@code detected 10 of 12 derived pairs; missed: short fine-tune 0/2}).
     */
    public String detectionsText() {
        int k = 0, n = 0;
        List<String> missed = new ArrayList<>();
        for (String d : detections) {
            var m = java.util.regex.Pattern.compile("(.*) (\\d+)/(\\d+)$").matcher(d);
            if (!m.matches() || m.group(1).equals(KnownRelation.INDEPENDENT.label())) {
                continue;
            }
            int dk = Integer.parseInt(m.group(2)), dn = Integer.parseInt(m.group(3));
            k += dk;
            n += dn;
            if (dk < dn) {
                missed.add(d);
            }
        }
        return "detected " + k + " of " + n + " derived pairs" + (missed.isEmpty() ? "" : "; missed: " + String.join(", ", missed));
    }

    /**
     * True unless {@code score} lies below every independent calibration pair (on the unrelated
     * side): outside the range the calibration saw, so it may be on another scale. Unknown (an
     * older results file) counts as inside.
     */
    public boolean inRange(double score) {
        return Double.isNaN(leastIndependent) || direction.oriented(score) >= direction.oriented(leastIndependent);
    }

    /** True if {@code score} lies strictly beyond the threshold on the related side. */
    public boolean fires(double score) {
        return direction.oriented(score) > direction.oriented(threshold);
    }

    /** One line: threshold, false positives with interval, detections. */
    public String describe() {
        return "fires " + direction.symbol() + " " + format(threshold) + "; false positives on independent pairs "
                + falsePositiveText + "; detected " + String.join(", ", detections);
    }

    /** A score in this method's units as the tables print it (a count of tensors as a whole number). */
    public String format(double v) {
        return org.provenancelab.calibration.Method.format(unit, v);
    }
}

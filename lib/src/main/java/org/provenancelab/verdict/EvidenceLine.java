package org.provenancelab.verdict;

/**
 * One number the verdict uses: read from a results file, read against its method's calibration.
 *
 * @param probe       where it was read
 * @param entry       the entry itself (value, text, source)
 * @param calibration the method's calibration from notebook 12
 * @param pair        the pair's name, or null
 * @param region      where notebook 12 placed the score among its calibration pairs, or null
 */
public record EvidenceLine(Probe probe, ResultEntry entry, CalibrationSummary calibration, String pair, String region) {
    /** A line whose pair is named by the entry {@code <key>.pair} of the same file, or by its key. */
    public EvidenceLine(Probe probe, ResultEntry entry, CalibrationSummary calibration) {
        this(probe, entry, calibration, null, null);
    }

    public EvidenceLine(Probe probe, ResultEntry entry, CalibrationSummary calibration, String pair) {
        this(probe, entry, calibration, pair, null);
    }

    /**
     * True unless notebook 12 placed the score below every independent calibration pair: outside
     * the range the calibration saw (another shape or scale), so it cannot count as a measurement
     * of "no alignment".
     */
    public boolean inCalibratedRange() {
        return region != null ? !region.equals(org.provenancelab.calibration.Placement.BELOW_INDEPENDENT)
                : calibration.inRange(value());
    }

    /** The pair's name: as given, else the key. */
    public String pairName() {
        return pair != null ? pair : probe.key();
    }

    public double value() {
        return entry.number();
    }

    /** Beyond the method's calibrated threshold. */
    public boolean fires() {
        return calibration.fires(value());
    }

    /**
     * True if the lab measured this number itself (from weights, at a pinned source), false if
     * it is a disputing side's published figure. The rubric decides on measurements; published
     * figures are read by the same rules beside them, never in their place.
     */
    public boolean measured() {
        return !entry.published();
    }

    /** For a count of whole tensors: how many matched; otherwise -1. */
    public int tensorCount() {
        return org.provenancelab.calibration.Method.TENSORS.equals(calibration.unit()) ? (int) Math.round(value()) : -1;
    }

    /** notebook NN, method, value: the citation a verdict line carries. */
    public String cite() {
        return "notebook " + probe.notebook() + ", " + probe.method() + " = " + calibration.format(value())
                + " [" + entry.source() + "]";
    }
}

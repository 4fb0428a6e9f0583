package org.provenancelab.calibration;

/**
 * What kind of evidence a method gives, in the terms of the decision rubric (PLAN section 7):
 * byte identity and alignment on informative tensors can establish derivation; norm and curve
 * similarities can only support it.
 */
public enum EvidenceKind {
    /** identical bytes: whole tensors, sampled blocks, bitwise-equal elements, exact outlier values */
    BYTE_IDENTITY("byte identity", true),
    /** layer or row alignment, CKA, row assignment on attention, FFN or router matrices */
    INFORMATIVE_TENSORS("informative tensors", true),
    /** raw cosine of norm gains (the cosine trap) */
    NORM_RAW("norm raw cosine", false),
    /** centred metrics, distances and baseline tests on norm gains */
    NORM_CENTRED("norm centred / distance", false),
    /** per-layer statistics curves (std-curve fingerprints) */
    CURVE("curve similarity", false);

    private final String label;
    private final boolean hard;

    EvidenceKind(String label, boolean hard) {
        this.label = label;
        this.hard = hard;
    }

    public String label() {
        return label;
    }

    /** True for the kinds the rubric accepts as high-confidence evidence of derivation. */
    public boolean hard() {
        return hard;
    }
}

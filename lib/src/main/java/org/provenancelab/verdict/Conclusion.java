package org.provenancelab.verdict;

/** The three outcomes of the decision rubric (PLAN section 7). */
public enum Conclusion {
    DERIVED("high confidence: derived / reused weights"),
    INCONCLUSIVE("inconclusive: weak or insufficient evidence"),
    NOT_SUPPORTED("high confidence: derivation not supported by the weights");

    private final String label;

    Conclusion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

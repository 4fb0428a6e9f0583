package org.provenancelab.verdict;

/** The three outcomes of the decision rubric (PLAN section 7). */
public enum Conclusion {
    DERIVED("high confidence: derived / reused weights", "the published figures show derivation"),
    INCONCLUSIVE("inconclusive: weak or insufficient evidence", "the published figures are inconclusive"),
    NOT_SUPPORTED("high confidence: derivation not supported by the weights", "the published figures do not support derivation");

    private final String label;
    private final String publishedLabel;

    Conclusion(String label, String publishedLabel) {
        this.label = label;
        this.publishedLabel = publishedLabel;
    }

    public String label() {
        return label;
    }

    /** The same outcome said of the sides' published figures, which are not the lab's measurements. */
    public String publishedLabel() {
        return publishedLabel;
    }
}

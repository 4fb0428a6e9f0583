package org.provenancelab.toy;

/** How a toy member came about, relative to its parent (if any). */
public enum Relation {
    INDEPENDENT("independent: own seed, own data or data order"),
    EXACT_COPY("exact copy of the parent's files"),
    BF16_COPY("the parent rounded to bfloat16"),
    FINE_TUNE("the parent trained further on other text"),
    LAYER_DROP("the parent's every second block kept, then trained a little");

    private final String description;

    Relation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Lower-case label for tables, e.g. {@code fine-tune}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public boolean derived() {
        return this != INDEPENDENT;
    }
}

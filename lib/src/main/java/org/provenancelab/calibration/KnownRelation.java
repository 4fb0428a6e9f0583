package org.provenancelab.calibration;

/**
 * How two models of a calibration pair are known to be related. Every relation but
 * {@link #INDEPENDENT} is a kind of derivation a method should detect.
 */
public enum KnownRelation {
    EXACT_COPY("exact copy"),
    QUANTIZED_COPY("quantized copy"),
    SHORT_FINETUNE("short fine-tune"),
    LONG_FINETUNE("long fine-tune"),
    LAYER_DROPPED("layer-dropped child"),
    SHARED_ANCESTOR("shared ancestor"),
    INDEPENDENT("independent");

    private final String label;

    KnownRelation(String label) {
        this.label = label;
    }

    /** How tables and figures name it. */
    public String label() {
        return label;
    }

    /** True for every kind of derivation; false for independent pairs. */
    public boolean derived() {
        return this != INDEPENDENT;
    }

    /** Fine-tunes of at most this many optimizer steps count as short. */
    public static final int SHORT_STEPS = 20;

    /**
     * The relation of a toy family's pair, from the family's own label ({@code independent},
     * {@code exact-copy}, {@code bf16-copy}, {@code fine-tune}, {@code layer-drop}) and the
     * child's own training steps (a fine-tune of at most {@value #SHORT_STEPS} steps is short).
     */
    public static KnownRelation ofToy(String label, int steps) {
        return switch (label) {
            case "independent" -> INDEPENDENT;
            case "exact-copy" -> EXACT_COPY;
            case "bf16-copy" -> QUANTIZED_COPY;
            case "layer-drop" -> LAYER_DROPPED;
            case "fine-tune" -> steps <= SHORT_STEPS ? SHORT_FINETUNE : LONG_FINETUNE;
            default -> throw new IllegalArgumentException("unknown toy relation '" + label + "'");
        };
    }

    /** The relation named by {@code label} or by the constant's name, case-insensitively. */
    public static KnownRelation of(String name) {
        for (KnownRelation r : values()) {
            if (r.label.equalsIgnoreCase(name) || r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown relation '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(KnownRelation::label).toList());
    }
}

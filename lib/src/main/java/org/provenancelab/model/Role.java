package org.provenancelab.model;

/** What a tensor does, across architectures. */
public enum Role {
    EMBEDDING("token embeddings (and position/type embeddings)"),
    EMBEDDING_NORM("norm on the embeddings (BERT)"),
    ATTN_NORM("norm before attention (for post-LN BERT: the norm ending the previous block)"),
    FFN_NORM("norm before the feed-forward block"),
    Q_PROJ("query projection"),
    K_PROJ("key projection"),
    V_PROJ("value projection"),
    O_PROJ("attention output projection"),
    Q_BIAS("query bias"),
    K_BIAS("key bias"),
    V_BIAS("value bias"),
    O_BIAS("attention output bias"),
    ATTN_OTHER("other attention weights (low-rank MLA parts, q/k norms)"),
    ROUTER("MoE router (gate and its score-correction bias)"),
    EXPERT("routed expert weights"),
    SHARED_EXPERT("shared expert weights"),
    DENSE_MLP("dense feed-forward weights"),
    LM_HEAD("output head"),
    FINAL_NORM("final norm"),
    OTHER("anything else (pooler, MTP projections, int8 scales and zero points, unknown names)");

    private final String description;

    Role(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

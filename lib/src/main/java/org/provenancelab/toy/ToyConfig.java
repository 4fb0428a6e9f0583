package org.provenancelab.toy;

/**
 * The shape of a toy language model: a decoder of pre-norm blocks (RMSNorm → causal multi-head
 * attention → residual, RMSNorm → GELU MLP → residual), learned position embeddings, a final
 * RMSNorm and an untied output head. No biases, as in the decoders of the dispute.
 *
 * @param vocab   number of token ids (characters)
 * @param width   residual width d
 * @param heads   attention heads (d must be a multiple)
 * @param hidden  MLP hidden width
 * @param layers  number of blocks
 * @param context sequence length the position embeddings cover
 */
public record ToyConfig(int vocab, int width, int heads, int hidden, int layers, int context) {
    /** RMSNorm's epsilon, as in the Llama-family configs. */
    public static final double EPS = 1e-5;

    public ToyConfig {
        if (vocab < 2 || width < 1 || heads < 1 || hidden < 1 || layers < 1 || context < 2) {
            throw new IllegalArgumentException("toy config has a non-positive size: " + this);
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("toy config: width " + width + " is not a multiple of heads " + heads);
        }
    }

    public int headDim() {
        return width / heads;
    }

    /** The same model with another number of blocks (a layer-dropped child). */
    public ToyConfig withLayers(int n) {
        return new ToyConfig(vocab, width, heads, hidden, n, context);
    }

    /** Total number of parameters. */
    public long parameterCount() {
        long perBlock = 2L * width + 4L * width * width + 2L * width * hidden;
        return (long) vocab * width + (long) context * width + layers * perBlock + width + (long) width * vocab;
    }
}

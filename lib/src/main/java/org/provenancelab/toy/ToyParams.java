package org.provenancelab.toy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * The parameters of a toy model, by their safetensors names (the Llama-family names the lab's
 * {@code Roles} already understand). Matrices are held as {@code in × out} so that the forward
 * pass runs over contiguous rows, and written out as PyTorch's {@code out × in}.
 */
public final class ToyParams {
    /** How norm gains start: all ones (as PyTorch and every model of the dispute) or N(0, 1). */
    public enum GainInit { ONES, RANDOM }

    /** One parameter: internal shape {@code rows × cols}; {@code transposed} if written as {@code cols × rows}. */
    record Spec(String name, int rows, int cols, boolean vector, boolean transposed) {
        int size() {
            return rows * cols;
        }

        long[] exportShape() {
            if (vector) {
                return new long[] {cols};
            }
            return transposed ? new long[] {cols, rows} : new long[] {rows, cols};
        }
    }

    public static final String EMBED = "model.embed_tokens.weight";
    public static final String POSITIONS = "model.embed_positions.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String HEAD = "lm_head.weight";

    private final ToyConfig config;
    private final LinkedHashMap<String, Spec> specs;
    private final LinkedHashMap<String, double[]> values;

    private ToyParams(ToyConfig config, LinkedHashMap<String, Spec> specs, LinkedHashMap<String, double[]> values) {
        this.config = config;
        this.specs = specs;
        this.values = values;
    }

    /** The name of a block's tensor, e.g. {@code layer(3, "input_layernorm")}. */
    public static String layer(int i, String what) {
        return "model.layers." + i + "." + what + ".weight";
    }

    public static final String ATTN_NORM = "input_layernorm";
    public static final String FFN_NORM = "post_attention_layernorm";
    public static final String Q = "self_attn.q_proj";
    public static final String K = "self_attn.k_proj";
    public static final String V = "self_attn.v_proj";
    public static final String O = "self_attn.o_proj";
    public static final String UP = "mlp.up_proj";
    public static final String DOWN = "mlp.down_proj";

    private static LinkedHashMap<String, Spec> specs(ToyConfig c) {
        LinkedHashMap<String, Spec> s = new LinkedHashMap<>();
        int d = c.width();
        put(s, new Spec(EMBED, c.vocab(), d, false, false));
        put(s, new Spec(POSITIONS, c.context(), d, false, false));
        for (int i = 0; i < c.layers(); i++) {
            put(s, new Spec(layer(i, ATTN_NORM), 1, d, true, false));
            for (String m : List.of(Q, K, V, O)) {
                put(s, new Spec(layer(i, m), d, d, false, true));
            }
            put(s, new Spec(layer(i, FFN_NORM), 1, d, true, false));
            put(s, new Spec(layer(i, UP), d, c.hidden(), false, true));
            put(s, new Spec(layer(i, DOWN), c.hidden(), d, false, true));
        }
        put(s, new Spec(FINAL_NORM, 1, d, true, false));
        put(s, new Spec(HEAD, d, c.vocab(), false, true));
        return s;
    }

    private static void put(Map<String, Spec> m, Spec s) {
        m.put(s.name(), s);
    }

    /** All zeros (a gradient buffer, or optimizer state). */
    public static ToyParams zeros(ToyConfig c) {
        LinkedHashMap<String, Spec> s = specs(c);
        LinkedHashMap<String, double[]> v = new LinkedHashMap<>();
        s.forEach((n, sp) -> v.put(n, new double[sp.size()]));
        return new ToyParams(c, s, v);
    }

    /**
     * A fresh model from a seed. Draws come from {@link java.util.Random}, whose algorithm (and
     * that of its {@code nextGaussian}) the Java specification fixes, so a seed means the same
     * numbers on every JVM. Scales are the usual ones: 1/√fan-in, residual outputs further
     * scaled by 1/√(2·layers), small embeddings.
     */
    public static ToyParams init(ToyConfig c, long seed, GainInit gains) {
        ToyParams p = zeros(c);
        Random r = new Random(seed);
        double outScale = 1.0 / Math.sqrt(2.0 * c.layers());
        for (Spec s : p.specs.values()) {
            double[] a = p.values.get(s.name());
            if (s.vector()) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = gains == GainInit.ONES ? 1.0 : r.nextGaussian();
                }
                continue;
            }
            double std;
            if (s.name().equals(EMBED)) {
                std = 0.1;
            } else if (s.name().equals(POSITIONS)) {
                std = 0.02;
            } else {
                std = 1.0 / Math.sqrt(s.rows());
                if (s.name().endsWith(O + ".weight") || s.name().endsWith(DOWN + ".weight")) {
                    std *= outScale;
                }
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = std * r.nextGaussian();
            }
        }
        return p;
    }

    public ToyConfig config() {
        return config;
    }

    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    /** The live array of one parameter (internal layout). */
    public double[] get(String name) {
        double[] a = values.get(name);
        if (a == null) {
            throw new IllegalArgumentException("toy model has no parameter '" + name + "'");
        }
        return a;
    }

    Spec spec(String name) {
        return specs.get(name);
    }

    /** True for norm gains (vectors), which take no weight decay and which the forensics compare. */
    public boolean isGain(String name) {
        return specs.get(name).vector();
    }

    public ToyParams copy() {
        LinkedHashMap<String, double[]> v = new LinkedHashMap<>();
        values.forEach((n, a) -> v.put(n, a.clone()));
        return new ToyParams(config, specs, v);
    }

    public void fill(double x) {
        for (double[] a : values.values()) {
            Arrays.fill(a, x);
        }
    }

    /** A child keeping only the listed blocks, renumbered 0, 1, …, with everything else copied. */
    public ToyParams keepLayers(int... keep) {
        ToyParams child = zeros(config.withLayers(keep.length));
        for (String n : child.names()) {
            String from = n;
            if (n.startsWith("model.layers.")) {
                int dot = n.indexOf('.', "model.layers.".length());
                int i = Integer.parseInt(n.substring("model.layers.".length(), dot));
                if (keep[i] < 0 || keep[i] >= config.layers()) {
                    throw new IllegalArgumentException("no block " + keep[i] + " to keep (the model has " + config.layers() + ")");
                }
                from = "model.layers." + keep[i] + n.substring(dot);
            }
            System.arraycopy(get(from), 0, child.get(n), 0, child.get(n).length);
        }
        return child;
    }

    /** The tensors as written to safetensors, in PyTorch layout, encoded as F32 or BF16. */
    public List<Tensor> tensors(DType dtype) {
        if (dtype != DType.F32 && dtype != DType.BF16) {
            throw new IllegalArgumentException("toy models are written as F32 or BF16, not " + dtype);
        }
        List<Tensor> out = new ArrayList<>();
        for (Spec s : specs.values()) {
            double[] a = values.get(s.name());
            ByteBuffer b = ByteBuffer.allocate(s.size() * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
            boolean t = s.transposed() && !s.vector();
            for (int r = 0; r < (t ? s.cols() : s.rows()); r++) {
                for (int col = 0; col < (t ? s.rows() : s.cols()); col++) {
                    double x = t ? a[col * s.cols() + r] : a[r * s.cols() + col];
                    float f = (float) x;
                    if (dtype == DType.F32) {
                        b.putFloat(f);
                    } else {
                        b.putShort(bf16(f));
                    }
                }
            }
            out.add(new Tensor(s.name(), dtype, s.exportShape(), b.array()));
        }
        return out;
    }

    /** Reads back what {@link #tensors} wrote (values as stored: float or bf16 precision). */
    public static ToyParams fromTensors(ToyConfig c, Map<String, Tensor> tensors) {
        ToyParams p = zeros(c);
        for (Spec s : p.specs.values()) {
            Tensor t = tensors.get(s.name());
            if (t == null) {
                throw new IllegalArgumentException("toy model tensors lack '" + s.name() + "'");
            }
            if (!Arrays.equals(t.shape(), s.exportShape())) {
                throw new IllegalArgumentException("toy tensor '" + s.name() + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(s.exportShape()));
            }
            double[] src = t.doubles();
            double[] a = p.get(s.name());
            boolean tr = s.transposed() && !s.vector();
            for (int r = 0; r < s.rows(); r++) {
                for (int col = 0; col < s.cols(); col++) {
                    a[r * s.cols() + col] = tr ? src[col * s.rows() + r] : src[r * s.cols() + col];
                }
            }
        }
        return p;
    }

    /** Round to nearest even, as PyTorch's {@code .to(torch.bfloat16)} does (NaN kept quiet). */
    static short bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}

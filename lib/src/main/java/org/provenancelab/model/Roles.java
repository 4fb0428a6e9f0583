package org.provenancelab.model;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps tensor names to roles for the architectures of the dispute and the zoo:
 * {@code solar_open}, {@code glm4_moe}, {@code deepseek_v2} and {@code phimoe} (decoder stacks
 * under {@code model.layers.N}), and {@code bert}. Layers at or beyond the config's
 * {@code num_hidden_layers} are MTP layers (GLM-4.5-Air stores one as layer 46).
 */
public final class Roles {
    public static final List<String> KNOWN = List.of("solar_open", "glm4_moe", "deepseek_v2", "phimoe", "bert", "toy_lm");

    private static final Pattern DECODER_LAYER = Pattern.compile("^model\\.layers\\.(\\d+)\\.(.+)$");
    private static final Pattern BERT_LAYER = Pattern.compile("^(?:bert\\.)?encoder\\.layer\\.(\\d+)\\.(.+)$");
    private static final Pattern EXPERT = Pattern.compile("^(?:mlp|block_sparse_moe)\\.experts\\.(\\d+)\\..+$");

    private final String modelType;
    private final int mainLayers;
    private final boolean known;

    /**
     * @param modelType  config.json's {@code model_type}
     * @param mainLayers config.json's {@code num_hidden_layers}; layers at or above are MTP (≤ 0: none)
     */
    public Roles(String modelType, int mainLayers) {
        this.modelType = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
        this.mainLayers = mainLayers;
        this.known = KNOWN.contains(this.modelType);
    }

    public boolean known() {
        return known;
    }

    public String modelType() {
        return modelType;
    }

    /** Why roles may be missing, or "" if the architecture is known. */
    public String note() {
        return known ? "" : "architecture '" + modelType + "' has no role map (known: " + KNOWN
                + "); tensors keep their raw names with role OTHER";
    }

    public TensorRole of(String name) {
        if (!known) {
            return new TensorRole(Role.OTHER, -1, -1, false);
        }
        return modelType.equals("bert") ? bert(name) : decoder(name);
    }

    private TensorRole decoder(String name) {
        switch (name) {
            case "model.embed_tokens.weight":
                return new TensorRole(Role.EMBEDDING, -1, -1, false);
            case "lm_head.weight":
            case "lm_head.bias":
                return new TensorRole(Role.LM_HEAD, -1, -1, false);
            case "model.norm.weight":
            case "model.norm.bias":
                return new TensorRole(Role.FINAL_NORM, -1, -1, false);
            default:
                break;
        }
        Matcher m = DECODER_LAYER.matcher(name);
        if (!m.matches()) {
            return new TensorRole(Role.OTHER, -1, -1, false);
        }
        int layer = Integer.parseInt(m.group(1));
        String rest = m.group(2);
        boolean mtp = mainLayers > 0 && layer >= mainLayers;
        Matcher e = EXPERT.matcher(rest);
        if (e.matches()) {
            return new TensorRole(Role.EXPERT, layer, Integer.parseInt(e.group(1)), mtp);
        }
        return new TensorRole(decoderRole(rest), layer, -1, mtp);
    }

    private static Role decoderRole(String rest) {
        boolean bias = rest.endsWith(".bias");
        if (rest.startsWith("input_layernorm.")) {
            return Role.ATTN_NORM;
        }
        if (rest.startsWith("post_attention_layernorm.")) {
            return Role.FFN_NORM;
        }
        if (rest.startsWith("self_attn.")) {
            String p = rest.substring("self_attn.".length());
            if (p.startsWith("q_proj.")) {
                return bias ? Role.Q_BIAS : Role.Q_PROJ;
            }
            if (p.startsWith("k_proj.")) {
                return bias ? Role.K_BIAS : Role.K_PROJ;
            }
            if (p.startsWith("v_proj.")) {
                return bias ? Role.V_BIAS : Role.V_PROJ;
            }
            if (p.startsWith("o_proj.") || p.startsWith("dense.")) {
                return bias ? Role.O_BIAS : Role.O_PROJ;
            }
            return Role.ATTN_OTHER;
        }
        if (rest.startsWith("mlp.gate.") || rest.startsWith("block_sparse_moe.gate.")) {
            return Role.ROUTER;
        }
        if (rest.startsWith("mlp.shared_experts.") || rest.startsWith("mlp.shared_expert.")) {
            return Role.SHARED_EXPERT;
        }
        if (rest.matches("mlp\\.(gate|up|down)_proj\\..+")) {
            return Role.DENSE_MLP;
        }
        return Role.OTHER;
    }

    private TensorRole bert(String name) {
        String n = name.startsWith("bert.") ? name.substring(5) : name;
        if (n.endsWith("_scale") || n.endsWith("_zero_point")) {
            return new TensorRole(Role.OTHER, -1, -1, false); // int8 quantization parameters, not weights
        }
        if (n.startsWith("embeddings.LayerNorm.")) {
            return new TensorRole(Role.EMBEDDING_NORM, -1, -1, false);
        }
        if (n.startsWith("embeddings.")) {
            return new TensorRole(Role.EMBEDDING, -1, -1, false);
        }
        Matcher m = BERT_LAYER.matcher(name);
        if (!m.matches()) {
            return new TensorRole(Role.OTHER, -1, -1, false);
        }
        int layer = Integer.parseInt(m.group(1));
        String rest = m.group(2);
        boolean bias = rest.endsWith(".bias");
        Role r;
        if (rest.startsWith("attention.self.query.")) {
            r = bias ? Role.Q_BIAS : Role.Q_PROJ;
        } else if (rest.startsWith("attention.self.key.")) {
            r = bias ? Role.K_BIAS : Role.K_PROJ;
        } else if (rest.startsWith("attention.self.value.")) {
            r = bias ? Role.V_BIAS : Role.V_PROJ;
        } else if (rest.startsWith("attention.output.dense.")) {
            r = bias ? Role.O_BIAS : Role.O_PROJ;
        } else if (rest.startsWith("attention.output.LayerNorm.")) {
            r = Role.FFN_NORM;
        } else if (rest.startsWith("output.LayerNorm.")) {
            r = Role.ATTN_NORM;
        } else if (rest.startsWith("intermediate.dense.") || rest.startsWith("output.dense.")) {
            r = Role.DENSE_MLP;
        } else {
            r = Role.OTHER;
        }
        return new TensorRole(r, layer, -1, false);
    }
}

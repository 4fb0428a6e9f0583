package org.provenancelab.architecture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.provenancelab.model.Inventory;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.Role;
import org.provenancelab.model.TensorRole;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import org.provenancelab.safetensors.TensorEntry;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Architectures side by side (experiment 0): config fields of several models in one table with
 * the fields that differ marked, and their tensor inventories compared role by role: what each
 * model has, with which shapes, and which models share a role's shape (the map later notebooks
 * rely on to know what can be compared element by element).
 */
public final class Architectures {
    private Architectures() {}

    /**
     * The fields compared, with the names other architectures use for the same thing (Phi-3.5-MoE
     * calls its experts {@code num_local_experts}; DeepSeek-V2 calls its dense layers
     * {@code first_k_dense_replace} too).
     */
    public static final Map<String, List<String>> FIELDS = fields();

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("model_type", List.of("model_type"));
        f.put("architectures", List.of("architectures"));
        f.put("num_hidden_layers", List.of("num_hidden_layers"));
        f.put("hidden_size", List.of("hidden_size"));
        f.put("num_attention_heads", List.of("num_attention_heads"));
        f.put("num_key_value_heads", List.of("num_key_value_heads"));
        f.put("head_dim", List.of("head_dim"));
        f.put("intermediate_size", List.of("intermediate_size"));
        f.put("moe_intermediate_size", List.of("moe_intermediate_size"));
        f.put("routed experts", List.of("n_routed_experts", "num_local_experts"));
        f.put("n_shared_experts", List.of("n_shared_experts"));
        f.put("num_experts_per_tok", List.of("num_experts_per_tok"));
        f.put("first_k_dense_replace", List.of("first_k_dense_replace"));
        f.put("partial_rotary_factor", List.of("partial_rotary_factor"));
        f.put("num_nextn_predict_layers", List.of("num_nextn_predict_layers"));
        f.put("vocab_size", List.of("vocab_size"));
        f.put("bos_token_id", List.of("bos_token_id"));
        f.put("eos_token_id", List.of("eos_token_id"));
        f.put("pad_token_id", List.of("pad_token_id"));
        f.put("rope_theta", List.of("rope_theta"));
        f.put("max_position_embeddings", List.of("max_position_embeddings"));
        f.put("tie_word_embeddings", List.of("tie_word_embeddings"));
        f.put("torch_dtype", List.of("torch_dtype", "dtype"));
        return java.util.Collections.unmodifiableMap(f);
    }

    /** A field's value in a config ("—" if absent). */
    public static String value(JsonNode config, String field) {
        for (String k : FIELDS.getOrDefault(field, List.of(field))) {
            JsonNode v = config.get(k);
            if (v != null && !v.isNull()) {
                return v.isTextual() ? v.asText() : v.toString();
            }
        }
        // head_dim is not derived from hidden / heads: GLM-4.5-Air's heads are wider than that (the q_proj shape tells)
        return "—";
    }

    /**
     * The configs side by side: one row per field, one column per model, a column saying whether
     * the first two (the pair studied) agree, and a last row naming each column's source.
     */
    public static Table configTable(List<ModelConfig> configs) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no configs to compare");
        }
        Table t = Table.create("config.json side by side (" + String.join(", ", configs.stream().map(ModelConfig::name).toList()) + ")",
                StringColumn.create("field"));
        for (ModelConfig c : configs) {
            t.addColumns(StringColumn.create(uniqueName(t, c.name())));
        }
        t.addColumns(StringColumn.create(configs.size() > 1 ? "first two: same?" : "note"));
        for (String field : FIELDS.keySet()) {
            t.stringColumn(0).append(field);
            for (int i = 0; i < configs.size(); i++) {
                t.stringColumn(i + 1).append(value(configs.get(i).config(), field));
            }
            String x = t.stringColumn(1).get(t.rowCount() - 1), y = configs.size() > 1 ? t.stringColumn(2).get(t.rowCount() - 1) : x;
            t.stringColumn(configs.size() + 1).append(configs.size() < 2 ? "" : x.equals("—") && y.equals("—") ? "absent in both"
                    : x.equals(y) ? "same" : "DIFFERS");
        }
        t.stringColumn(0).append("source");
        for (int i = 0; i < configs.size(); i++) {
            t.stringColumn(i + 1).append(configs.get(i).source().label());
        }
        t.stringColumn(configs.size() + 1).append("");
        return t;
    }

    private static String uniqueName(Table t, String name) {
        String n = name;
        for (int k = 2; t.columnNames().contains(n); k++) {
            n = name + " (" + k + ")";
        }
        return n;
    }

    /** Head size from the inventory: query projection rows over attention heads (config), or -1 if unknown. */
    public static int headDim(ModelSource m) throws IOException {
        int heads = m.config().path("num_attention_heads").asInt(0);
        Inventory inv = m.inventory();
        for (TensorEntry e : inv.tensors()) {
            TensorRole r = inv.roles().of(e.name());
            if (r.role() == Role.Q_PROJ && e.shape().length == 2 && heads > 0) {
                return (int) (e.shape()[0] / heads);
            }
        }
        return -1;
    }

    /**
     * Whether shapes from this source were read from real files (a live repo, the zoo, the lab's toy
     * models). The local hub's repos are not: its synthetic layouts are built from published configs
     * with an assumed head size and assumed attention biases, and its stand-ins only test the path.
     */
    public static boolean measured(Source s) {
        return s.kind() == Source.Kind.LIVE || s.kind() == Source.Kind.ZOO || s.kind() == Source.Kind.TOY;
    }

    /** What a shape from this source is: measured, a synthetic layout's assumption, or a stand-in's. */
    public static String whatItIs(Source s) {
        return measured(s) ? "measured from the header"
                : s.subject().startsWith("synthetic/") ? "the lab's synthetic layout (published config, assumed head size and biases), not measured"
                : "read from the local hub's stand-in, not from the real model";
    }

    /**
     * Head size per model, query projection rows over attention heads, with a column saying
     * whether it was measured or is the synthetic layout's assumption.
     */
    public static Table headTable(List<ModelSource> models) throws IOException {
        Table t = Table.create("Head size = query projection rows / attention heads", StringColumn.create("model"),
                tech.tablesaw.api.IntColumn.create("attention heads"), tech.tablesaw.api.IntColumn.create("head size"),
                StringColumn.create("what it is"), StringColumn.create("source"));
        for (ModelSource m : models) {
            t.stringColumn("model").append(m.id());
            t.intColumn("attention heads").append(m.config().path("num_attention_heads").asInt());
            t.intColumn("head size").append(headDim(m));
            t.stringColumn("what it is").append(whatItIs(m.source()));
            t.stringColumn("source").append(m.source().label());
        }
        return t;
    }

    /**
     * A config summary (Sionic's {@code config_summary}, or a config.json) in one line: layers,
     * multi-token prediction layers, hidden size, heads, experts and vocabulary.
     */
    public static String oneLine(JsonNode s) {
        int mtp = s.path("num_nextn_predict_layers").asInt(0);
        return String.format(Locale.ROOT, "%s: %d layers%s, hidden %,d, %d query / %d key-value heads, "
                        + "%d routed + %d shared experts (%d per token), vocabulary %,d",
                s.path("model_type").asText(), s.path("num_hidden_layers").asInt(), mtp > 0 ? " + " + mtp + " MTP" : "",
                s.path("hidden_size").asInt(), s.path("num_attention_heads").asInt(), s.path("num_key_value_heads").asInt(),
                s.path("n_routed_experts").asInt(), s.path("n_shared_experts").asInt(), s.path("num_experts_per_tok").asInt(),
                s.path("vocab_size").asInt());
    }

    /** What one model holds in one role: tensors and their distinct shapes (expert tensors: per expert). */
    public record RoleSummary(Role role, int tensors, int layers, Set<String> shapes, int mtpTensors) {}

    /** Roles of a model's inventory, MTP layers counted apart. */
    public static Map<Role, RoleSummary> roles(Inventory inv) {
        Map<Role, int[]> counts = new TreeMap<>();
        Map<Role, Set<Integer>> layers = new TreeMap<>();
        Map<Role, Set<String>> shapes = new TreeMap<>();
        for (TensorEntry e : inv.tensors()) {
            TensorRole r = inv.roles().of(e.name());
            int[] c = counts.computeIfAbsent(r.role(), k -> new int[2]);
            if (r.mtp()) {
                c[1]++;
                continue;
            }
            c[0]++;
            if (r.layer() >= 0) {
                layers.computeIfAbsent(r.role(), k -> new java.util.TreeSet<>()).add(r.layer());
            }
            shapes.computeIfAbsent(r.role(), k -> new java.util.TreeSet<>()).add(Arrays.toString(e.shape()));
        }
        Map<Role, RoleSummary> out = new TreeMap<>();
        counts.forEach((role, c) -> out.put(role, new RoleSummary(role, c[0], layers.getOrDefault(role, Set.of()).size(),
                shapes.getOrDefault(role, Set.of()), c[1])));
        return out;
    }

    /**
     * Inventories compared role by role: per model "tensors × shape(s)" (or "—" where the model
     * lacks the role), and which models share the role's shapes exactly. MTP layers are a row of
     * their own.
     */
    public static Table roleTable(List<ModelSource> models) throws IOException {
        List<Map<Role, RoleSummary>> all = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (ModelSource m : models) {
            all.add(roles(m.inventory()));
            sources.add(Provenance.record(m.source()));
        }
        Table t = Table.create("Tensor roles side by side: tensors × shape (main layers; MTP apart)", StringColumn.create("role"));
        for (ModelSource m : models) {
            t.addColumns(StringColumn.create(uniqueName(t, m.id())));
        }
        t.addColumns(StringColumn.create("same shapes in"));
        Set<Role> roles = new java.util.TreeSet<>();
        all.forEach(a -> roles.addAll(a.keySet()));
        for (Role role : roles) {
            boolean any = false;
            List<String> cells = new ArrayList<>();
            Map<Set<String>, List<String>> byShape = new LinkedHashMap<>();
            for (int i = 0; i < models.size(); i++) {
                RoleSummary s = all.get(i).get(role);
                if (s == null || s.tensors() == 0) {
                    cells.add("—");
                    continue;
                }
                any = true;
                cells.add(String.format(Locale.ROOT, "%,d × %s", s.tensors(), String.join(" or ", s.shapes())));
                byShape.computeIfAbsent(s.shapes(), k -> new ArrayList<>()).add(models.get(i).id());
            }
            if (!any) {
                continue;
            }
            t.stringColumn(0).append(role.name().toLowerCase(Locale.ROOT));
            for (int i = 0; i < cells.size(); i++) {
                t.stringColumn(i + 1).append(cells.get(i));
            }
            List<String> groups = new ArrayList<>();
            byShape.values().stream().filter(g -> g.size() > 1).forEach(g -> groups.add(String.join(", ", g)));
            t.stringColumn(models.size() + 1).append(groups.isEmpty() ? "none" : String.join(" | ", groups));
        }
        t.stringColumn(0).append("mtp layers (all roles)");
        for (int i = 0; i < models.size(); i++) {
            int mtp = all.get(i).values().stream().mapToInt(RoleSummary::mtpTensors).sum();
            t.stringColumn(i + 1).append(mtp == 0 ? "—" : String.format(Locale.ROOT, "%,d tensors", mtp));
        }
        t.stringColumn(models.size() + 1).append("");
        t.stringColumn(0).append("source");
        for (int i = 0; i < models.size(); i++) {
            t.stringColumn(i + 1).append(sources.get(i).label());
        }
        t.stringColumn(models.size() + 1).append("");
        return t;
    }
}

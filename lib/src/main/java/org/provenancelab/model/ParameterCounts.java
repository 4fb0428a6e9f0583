package org.provenancelab.model;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.provenancelab.safetensors.TensorEntry;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Parameter counts from an inventory: total, per role (MTP layers counted apart), and active
 * per token for MoE models: every parameter outside the MTP layers, except that each MoE
 * layer's routed experts count for top-k of their E experts.
 */
public final class ParameterCounts {
    private final Map<String, long[]> byRole = new java.util.LinkedHashMap<>(); // {tensors, params}
    private final long total;
    private final long active;
    private final int expertsPerToken;
    private final org.provenancelab.provenance.Source source;

    public ParameterCounts(Inventory inv, int expertsPerToken) {
        this.expertsPerToken = expertsPerToken;
        this.source = inv.source();
        Map<Role, long[]> roles = new EnumMap<>(Role.class);
        long[] mtp = new long[2];
        long sum = 0, nonExpert = 0;
        Map<Integer, Long> expertParams = new HashMap<>();
        Map<Integer, Set<Integer>> expertIds = new HashMap<>();
        for (TensorEntry e : inv.tensors()) {
            TensorRole r = inv.roles().of(e.name());
            long n = e.numel();
            sum += n;
            long[] slot = r.mtp() ? mtp : roles.computeIfAbsent(r.role(), k -> new long[2]);
            slot[0]++;
            slot[1] += n;
            if (r.mtp()) {
                continue;
            }
            if (r.role() == Role.EXPERT) {
                expertParams.merge(r.layer(), n, Long::sum);
                expertIds.computeIfAbsent(r.layer(), k -> new HashSet<>()).add(r.expert());
            } else {
                nonExpert += n;
            }
        }
        long act = nonExpert;
        for (var e : expertParams.entrySet()) {
            int experts = expertIds.get(e.getKey()).size();
            int k = expertsPerToken > 0 ? Math.min(expertsPerToken, experts) : experts;
            act += e.getValue() / experts * k;
        }
        for (var e : roles.entrySet()) {
            byRole.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
        }
        if (mtp[0] > 0) {
            byRole.put("mtp layers", mtp);
        }
        this.total = sum;
        this.active = act;
    }

    public long total() {
        return total;
    }

    /** Active per token (equals total for a dense model). */
    public long active() {
        return active;
    }

    public long role(String role) {
        long[] v = byRole.get(role);
        return v == null ? 0 : v[1];
    }

    public org.provenancelab.provenance.Source source() {
        return source;
    }

    /**
     * role, tensors, parameters (with thousands separators when shown), share of total as a
     * percentage; then total and active-per-token rows; and the source.
     */
    public Table table() {
        Table t = Table.create("Parameters of " + source.subject(), StringColumn.create("role"), IntColumn.create("tensors"),
                LongColumn.create("parameters"), StringColumn.create("share"));
        for (var e : byRole.entrySet()) {
            add(t, e.getKey(), (int) e.getValue()[0], e.getValue()[1]);
        }
        add(t, "total", byRole.values().stream().mapToInt(v -> (int) v[0]).sum(), total);
        add(t, expertsPerToken > 0 ? "active per token (top-" + expertsPerToken + ", without MTP)" : "active per token (dense)", -1, active);
        return source.withSourceColumn(t);
    }

    private void add(Table t, String role, int tensors, long params) {
        t.stringColumn("role").append(role);
        if (tensors < 0) {
            t.intColumn("tensors").appendMissing(); // the active count is a share of tensors, not a number of them
        } else {
            t.intColumn("tensors").append(tensors);
        }
        t.longColumn("parameters").append(params);
        t.stringColumn("share").append(share(total == 0 ? 0 : (double) params / total));
    }

    /** A share as a percentage a person can read: 3 significant digits, never e-notation. */
    static String share(double f) {
        double p = 100 * f;
        if (p == 0) {
            return "0 %";
        }
        if (p >= 10) {
            return String.format(java.util.Locale.ROOT, "%.1f %%", p);
        }
        int decimals = Math.min(8, Math.max(2, 2 - (int) Math.floor(Math.log10(p))));
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f %%", p);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "parameters of %s (%s): %,d in all, %,d active per token", source.subject(),
                source.label(), total, active);
    }
}

package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.provenancelab.metrics.OutlierFingerprint;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import org.provenancelab.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The outlier fingerprint across layers (experiment 3, optional part): in every layer of a vector
 * family (a norm), the k coordinates of model A farthest from the layer's mean, and whether model
 * B stores bit-for-bit the same value at the same index. Under independence, B holds A's value
 * at index i with probability p_B(v) — the share of B's own elements stored as that code — so the
 * expected number of matches is Σ p_B(a_i) over the outliers, and the count's exact tail is a
 * Poisson-binomial one. That chance level is high for bf16 norms near 1 (few codes) and tiny for
 * true outliers, which is why it is computed per coordinate rather than assumed.
 */
public final class OutlierScan {
    /** Vectors longer than this are not norms: the scan refuses them. */
    public static final long MAX_ELEMENTS = 1 << 20;

    /**
     * One layer pair.
     *
     * @param matches  outliers of A stored with identical bytes at the same index in B
     * @param expected matches expected under independence
     * @param p        P(X ≥ matches) under independence (Poisson binomial, exact)
     */
    public record Row(int layerA, int layerB, String nameA, String nameB, int k, int matches, double expected, double p) {}

    private final String modelA;
    private final String modelB;
    private final String family;
    private final Sources sources;
    private final int k;
    private final List<Row> rows;
    private final int totalMatches;
    private final double totalExpected;
    private final double totalP;

    private OutlierScan(ModelSource a, ModelSource b, String family, int k, List<Row> rows, int totalMatches, double totalExpected,
                        double totalP) {
        this.modelA = a.id();
        this.modelB = b.id();
        this.sources = Sources.of(a.source(), b.source());
        this.family = family;
        this.k = k;
        this.rows = List.copyOf(rows);
        this.totalMatches = totalMatches;
        this.totalExpected = totalExpected;
        this.totalP = totalP;
    }

    /** Same key in both models, layers paired by index (those present in both). */
    public static OutlierScan scan(ModelSource a, ModelSource b, String key, int k) throws IOException {
        var ma = Families.members(a, key);
        int[] expected = new int[ma.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        var mb = Families.members(b, key);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = mb.containsKey(i) ? i : -1;
        }
        return scan(a, key, b, key, k, expected);
    }

    /**
     * @param keyA    family of A ({@code {i}} for the layer)
     * @param keyB    family of B
     * @param partner for each layer i of A, the layer of B to look in (−1: none)
     */
    public static OutlierScan scan(ModelSource a, String keyA, ModelSource b, String keyB, int k, int[] partner) throws IOException {
        var ma = Families.members(a, keyA);
        var mb = Families.members(b, keyB);
        List<String> needA = new ArrayList<>(), needB = new ArrayList<>();
        for (int i = 0; i < partner.length; i++) {
            if (partner[i] < 0) {
                continue;
            }
            if (!ma.containsKey(i) || !mb.containsKey(partner[i])) {
                throw new IllegalArgumentException("outlier scan: layer " + i + " of " + a.id() + " (" + keyA + ") or layer "
                        + partner[i] + " of " + b.id() + " (" + keyB + ") does not exist");
            }
            needA.add(ma.get(i));
            needB.add(mb.get(partner[i]));
        }
        Map<String, Tensor> ta = a.readAll(needA), tb = b.readAll(needB);
        List<Row> rows = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        int total = 0;
        double expectedTotal = 0;
        for (int i = 0, n = 0; i < partner.length; i++) {
            if (partner[i] < 0) {
                continue;
            }
            Tensor x = ta.get(needA.get(n)), y = tb.get(needB.get(n));
            n++;
            if (x.dtype() != y.dtype() || x.numel() != y.numel()) {
                throw new IllegalArgumentException("outlier scan: " + a.id() + " " + x + " and " + b.id() + " " + y
                        + " differ in dtype or length; stored values cannot be compared");
            }
            if (x.numel() > MAX_ELEMENTS) {
                throw new IllegalArgumentException("outlier scan: " + x + " has " + x.numel() + " elements; the fingerprint is for norm vectors");
            }
            int[] top = OutlierFingerprint.top(x, k);
            int matches = OutlierFingerprint.matches(x, y, top);
            Map<Long, Integer> freq = codes(y);
            double exp = 0;
            double[] p = new double[top.length];
            for (int t = 0; t < top.length; t++) {
                p[t] = freq.getOrDefault(code(x, top[t]), 0) / (double) y.numel();
                exp += p[t];
                probs.add(p[t]);
            }
            rows.add(new Row(i, partner[i], x.name(), y.name(), k, matches, exp, upperTail(p, matches)));
            total += matches;
            expectedTotal += exp;
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("outlier scan: no layer of " + a.id() + " has a partner in " + b.id());
        }
        double pTotal = upperTail(probs.stream().mapToDouble(Double::doubleValue).toArray(), total);
        return new OutlierScan(a, b, keyA.equals(keyB) ? keyA : keyA + " / " + keyB, k, rows, total, expectedTotal, pTotal);
    }

    static long code(Tensor t, int index) {
        int size = t.dtype().size();
        var raw = t.raw();
        long c = 0;
        for (int i = 0; i < size; i++) {
            c |= (raw.get(index * size + i) & 0xffL) << (8 * i);
        }
        return c;
    }

    private static Map<Long, Integer> codes(Tensor t) {
        Map<Long, Integer> m = new HashMap<>();
        for (int i = 0; i < t.numel(); i++) {
            m.merge(code(t, i), 1, Integer::sum);
        }
        return m;
    }

    /** P(X ≥ m) for X a sum of independent Bernoulli(p_i): the Poisson-binomial tail, by dynamic programming. */
    static double upperTail(double[] p, int m) {
        if (m <= 0) {
            return 1.0;
        }
        double[] d = new double[p.length + 1];
        d[0] = 1;
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j >= 1; j--) {
                d[j] = d[j] * (1 - p[i]) + d[j - 1] * p[i];
            }
            d[0] *= 1 - p[i];
        }
        double s = 0;
        for (int j = m; j <= p.length; j++) {
            s += d[j];
        }
        return Math.min(1.0, s);
    }

    public List<Row> rows() {
        return rows;
    }

    public int totalMatches() {
        return totalMatches;
    }

    /** Matches expected by chance over all layers. */
    public double totalExpected() {
        return totalExpected;
    }

    /** P(total ≥ observed) under independence. */
    public double totalP() {
        return totalP;
    }

    /** Outliers examined over all layers. */
    public int totalOutliers() {
        return rows.size() * k;
    }

    public int k() {
        return k;
    }

    public Sources sources() {
        return sources;
    }

    /** Several scans side by side, one row each, keyed by what is known about the pair. */
    public static Table summary(String title, Map<String, OutlierScan> byRelation) {
        Table t = Table.create(title, StringColumn.create("pair"), StringColumn.create("relation"), StringColumn.create("vectors"),
                IntColumn.create("layers"), IntColumn.create("outliers"), IntColumn.create("same bytes in B"),
                DoubleColumn.create("expected by chance"), StringColumn.create("p (one-sided)"), StringColumn.create("source"));
        for (var e : byRelation.entrySet()) {
            OutlierScan s = e.getValue();
            t.stringColumn("pair").append(s.modelA + " vs " + s.modelB);
            t.stringColumn("relation").append(e.getKey());
            t.stringColumn("vectors").append(s.family);
            t.intColumn("layers").append(s.rows.size());
            t.intColumn("outliers").append(s.totalOutliers());
            t.intColumn("same bytes in B").append(s.totalMatches);
            t.doubleColumn("expected by chance").append(Math.round(s.totalExpected * 100) / 100.0);
            t.stringColumn("p (one-sided)").append(formatP(s.totalP));
            t.stringColumn("source").append(s.sources.label());
        }
        return t;
    }

    /** One row per layer pair and a last row "all layers". */
    public Table table() {
        Table t = Table.create("Top-" + k + " outliers of " + modelA + " held by " + modelB + " (" + family + ")",
                StringColumn.create("layer A"), StringColumn.create("layer B"), IntColumn.create("outliers"),
                IntColumn.create("same bytes in B"), DoubleColumn.create("expected by chance"), StringColumn.create("p (one-sided)"),
                StringColumn.create("source"));
        for (Row r : rows) {
            add(t, String.valueOf(r.layerA()), String.valueOf(r.layerB()), r.k(), r.matches(), r.expected(), r.p());
        }
        add(t, "all " + rows.size() + " layers", "", totalOutliers(), totalMatches, totalExpected, totalP);
        return t;
    }

    private void add(Table t, String la, String lb, int n, int m, double e, double p) {
        t.stringColumn("layer A").append(la);
        t.stringColumn("layer B").append(lb);
        t.intColumn("outliers").append(n);
        t.intColumn("same bytes in B").append(m);
        t.doubleColumn("expected by chance").append(Math.round(e * 100) / 100.0);
        t.stringColumn("p (one-sided)").append(formatP(p));
        t.stringColumn("source").append(sources.label());
    }

    static String formatP(double p) {
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    @Override
    public String toString() {
        return "outlier fingerprint " + modelA + " → " + modelB + " (" + family + ", top " + k + "): " + totalMatches + " of "
                + totalOutliers() + " held, " + String.format(Locale.ROOT, "%.2f", totalExpected) + " expected by chance, p = "
                + formatP(totalP) + " (" + sources.label() + ")";
    }
}

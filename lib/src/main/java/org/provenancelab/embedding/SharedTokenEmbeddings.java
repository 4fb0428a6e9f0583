package org.provenancelab.embedding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.provenancelab.model.ModelSource;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tokenizer.Tokenizer;
import org.provenancelab.zoo.ZooModel;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Embeddings compared by shared token <em>text</em>, not by id (experiment 1b): for a seeded
 * sample of the texts both tokenizers hold, the cosine and the Pearson correlation of the two
 * models' embedding rows, set against two references computed on the same rows: a within-model
 * baseline (two different sampled tokens of one model) and a shuffled-token null (A's row of one
 * token against B's row of another). Only the sampled rows are read, never the matrix.
 *
 * <p>Row vectors are unit-normalised once (and centred for Pearson), so every pairing is a dot
 * product; the null distribution of the mean comes from {@link Options#shuffles()} seeded
 * permutations.
 */
public final class SharedTokenEmbeddings {
    /** How many shared tokens, which seed, how many shuffles, and (optionally) the tensor names. */
    public record Options(int tokens, long seed, int shuffles, String tensorA, String tensorB, boolean skipAddedTokens) {
        public Options {
            if (tokens < 3) {
                throw new IllegalArgumentException("need at least 3 sampled tokens, got " + tokens);
            }
            if (shuffles < 1) {
                throw new IllegalArgumentException("need at least one shuffle, got " + shuffles);
            }
        }

        /** {@code n} shared tokens, seed 0, 1000 shuffles, embedding tensors found by name, added tokens left out. */
        public static Options sample(int n) {
            return new Options(n, 0, 1000, null, null, true);
        }

        public Options seed(long s) {
            return new Options(tokens, s, shuffles, tensorA, tensorB, skipAddedTokens);
        }

        public Options shuffles(int k) {
            return new Options(tokens, seed, k, tensorA, tensorB, skipAddedTokens);
        }

        public Options tensors(String a, String b) {
            return new Options(tokens, seed, shuffles, a, b, skipAddedTokens);
        }
    }

    /** One sampled token: its text, its ids, and the two metrics of its rows. */
    public record TokenRow(String token, int idA, int idB, double cosine, double pearson) {}

    /** A distribution's summary. */
    public record Summary(String group, String metric, int n, double mean, double sd, double p5, double median, double p95) {}

    private final ModelSource a;
    private final ModelSource b;
    private final String tensorA;
    private final String tensorB;
    private final Options options;
    private final int sharedAvailable;
    private final List<TokenRow> rows;
    private final Map<String, double[]> cosine = new LinkedHashMap<>();
    private final Map<String, double[]> pearson = new LinkedHashMap<>();
    private final double[] nullMeansCosine;
    private final double[] nullMeansPearson;

    public static final String SAME_TEXT = "same token, A vs B";
    public static final String SHUFFLED = "shuffled tokens, A vs B (null)";
    public static final String WITHIN_A = "random pairs within A";
    public static final String WITHIN_B = "random pairs within B";

    private SharedTokenEmbeddings(ModelSource a, ModelSource b, String tensorA, String tensorB, Options o, int shared,
                                  List<TokenRow> rows, double[][] ua, double[][] ub, double[][] ca, double[][] cb) {
        this.a = a;
        this.b = b;
        this.tensorA = tensorA;
        this.tensorB = tensorB;
        this.options = o;
        this.sharedAvailable = shared;
        this.rows = List.copyOf(rows);
        int n = rows.size();
        SplittableRandom rnd = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
        cosine.put(SAME_TEXT, rows.stream().mapToDouble(TokenRow::cosine).toArray());
        pearson.put(SAME_TEXT, rows.stream().mapToDouble(TokenRow::pearson).toArray());
        int[] d = derangement(n, rnd);
        cosine.put(SHUFFLED, pairDots(ua, ub, d));
        pearson.put(SHUFFLED, pairDots(ca, cb, d));
        int[] da = derangement(n, rnd), db = derangement(n, rnd);
        cosine.put(WITHIN_A, pairDots(ua, ua, da));
        pearson.put(WITHIN_A, pairDots(ca, ca, da));
        cosine.put(WITHIN_B, pairDots(ub, ub, db));
        pearson.put(WITHIN_B, pairDots(cb, cb, db));
        nullMeansCosine = new double[o.shuffles()];
        nullMeansPearson = new double[o.shuffles()];
        for (int s = 0; s < o.shuffles(); s++) {
            int[] p = permutation(n, rnd);
            nullMeansCosine[s] = mean(pairDots(ua, ub, p));
            nullMeansPearson[s] = mean(pairDots(ca, cb, p));
        }
    }

    /**
     * Compares the embedding rows of a seeded sample of shared token texts. The tokenizers must
     * belong to the models (their ids index the models' embedding rows); the two embedding widths
     * must match.
     */
    public static SharedTokenEmbeddings compare(ModelSource a, Tokenizer ta, ModelSource b, Tokenizer tb, Options o) throws IOException {
        String ea = o.tensorA() != null ? o.tensorA() : embeddingTensor(a);
        String eb = o.tensorB() != null ? o.tensorB() : embeddingTensor(b);
        long[] sa = shape(a, ea), sb = shape(b, eb);
        if (sa.length != 2 || sb.length != 2) {
            throw new IllegalArgumentException("embedding tensors must be matrices: " + a.id() + " " + ea + " " + Arrays.toString(sa)
                    + ", " + b.id() + " " + eb + " " + Arrays.toString(sb));
        }
        if (sa[1] != sb[1]) {
            throw new IllegalArgumentException("embedding widths differ: " + a.id() + " " + ea + " has " + sa[1] + " columns, "
                    + b.id() + " " + eb + " has " + sb[1] + "; rows of different widths cannot be compared element by element");
        }
        java.util.Set<String> addedA = new java.util.HashSet<>(), addedB = new java.util.HashSet<>();
        if (o.skipAddedTokens()) {
            ta.addedTokens().forEach(t -> addedA.add(t.content()));
            tb.addedTokens().forEach(t -> addedB.add(t.content()));
        }
        List<String> shared = new ArrayList<>();
        for (var e : ta.ids().entrySet()) {
            int j = tb.id(e.getKey());
            if (j >= 0 && e.getValue() < sa[0] && j < sb[0] && !addedA.contains(e.getKey()) && !addedB.contains(e.getKey())) {
                shared.add(e.getKey());
            }
        }
        if (shared.size() < 3) {
            throw new IllegalArgumentException(a.id() + " and " + b.id() + " share " + shared.size() + " token texts: too few to compare");
        }
        shared.sort(null); // a fixed order before the seeded draw
        SplittableRandom rnd = new SplittableRandom(o.seed());
        int n = Math.min(o.tokens(), shared.size());
        for (int i = 0; i < n; i++) { // partial Fisher-Yates: the first n are the sample
            int k = i + rnd.nextInt(shared.size() - i);
            String t = shared.get(i);
            shared.set(i, shared.get(k));
            shared.set(k, t);
        }
        List<String> sample = shared.subList(0, n);
        long[] idsA = sample.stream().mapToLong(ta::id).toArray(), idsB = sample.stream().mapToLong(tb::id).toArray();
        List<double[]> rowsA = rows(a, ea, idsA), rowsB = rows(b, eb, idsB);
        double[][] ua = new double[n][], ub = new double[n][], ca = new double[n][], cb = new double[n][];
        List<TokenRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = rowsA.get(i), y = rowsB.get(i);
            ua[i] = unit(x, false);
            ub[i] = unit(y, false);
            ca[i] = unit(x, true);
            cb[i] = unit(y, true);
            rows.add(new TokenRow(sample.get(i), (int) idsA[i], (int) idsB[i], dot(ua[i], ub[i]), dot(ca[i], cb[i])));
        }
        return new SharedTokenEmbeddings(a, b, ea, eb, o, shared.size(), rows, ua, ub, ca, cb);
    }

    /** The rows' values: int8 zoo weights are dequantized (their codes are not the values). */
    private static List<double[]> rows(ModelSource m, String tensor, long[] ids) throws IOException {
        List<double[]> out = new ArrayList<>(ids.length);
        if (m instanceof ZooModel z && z.graph().quantization().containsKey(tensor)) {
            Tensor d = m.dequantized(tensor);
            for (long id : ids) {
                out.add(d.row((int) id));
            }
            return out;
        }
        for (Tensor t : m.readRows(tensor, ids)) {
            out.add(t.doubles());
        }
        return out;
    }

    private static long[] shape(ModelSource m, String tensor) throws IOException {
        var e = m.inventory().get(tensor);
        if (e == null) {
            throw new IllegalArgumentException(m.id() + ": no tensor '" + tensor + "'");
        }
        return e.shape();
    }

    /** The input embedding matrix, found by its usual names (decoder LLMs and BERT encoders). */
    public static String embeddingTensor(ModelSource m) throws IOException {
        List<String> found = new ArrayList<>();
        for (var t : m.inventory().tensors()) {
            if (t.name().endsWith("embed_tokens.weight") || t.name().endsWith("word_embeddings.weight") || t.name().equals("wte.weight")
                    || t.name().endsWith(".wte.weight")) {
                found.add(t.name());
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException(m.id() + ": " + (found.isEmpty() ? "no" : found.size()) + " input embedding tensors found"
                    + (found.isEmpty() ? "" : " " + found) + "; name it with Options.tensors(a, b)");
        }
        return found.get(0);
    }

    private static double[] unit(double[] x, boolean centre) {
        double m = 0;
        if (centre) {
            for (double v : x) {
                m += v;
            }
            m /= x.length;
        }
        double[] u = new double[x.length];
        double ss = 0;
        for (int i = 0; i < x.length; i++) {
            u[i] = x[i] - m;
            ss += u[i] * u[i];
        }
        double norm = Math.sqrt(ss);
        if (norm == 0) {
            Arrays.fill(u, Double.NaN); // undefined, and shown as such rather than as 0
            return u;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] /= norm;
        }
        return u;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return Math.max(-1, Math.min(1, s));
    }

    private static double[] pairDots(double[][] x, double[][] y, int[] perm) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = dot(x[i], y[perm[i]]);
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    /** A permutation with no fixed point (a token is never paired with itself). */
    static int[] derangement(int n, SplittableRandom rnd) {
        while (true) {
            int[] p = permutation(n, rnd);
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                ok = p[i] != i;
            }
            if (ok) {
                return p;
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        int k = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    public ModelSource a() {
        return a;
    }

    public ModelSource b() {
        return b;
    }

    public Options options() {
        return options;
    }

    /** Shared texts that could be sampled (both ids inside the embedding matrices). */
    public int sharedAvailable() {
        return sharedAvailable;
    }

    public List<TokenRow> rows() {
        return rows;
    }

    /** The four distributions of one metric ("cosine" or "pearson"), by group name. */
    public Map<String, double[]> distributions(String metric) {
        Map<String, double[]> m = switch (metric.toLowerCase(Locale.ROOT)) {
            case "cosine" -> cosine;
            case "pearson" -> pearson;
            default -> throw new IllegalArgumentException("metric must be 'cosine' or 'pearson', got '" + metric + "'");
        };
        Map<String, double[]> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** Mean over the sampled tokens of one metric, same text across models. */
    public double meanSameText(String metric) {
        return mean(distributions(metric).get(SAME_TEXT));
    }

    /**
     * One-sided p-value of the same-text mean against the means of the seeded shuffles:
     * (1 + shuffles with a mean at least as high) / (1 + shuffles); the smallest possible value is
     * 1 / (1 + shuffles).
     */
    public double pValue(String metric) {
        double obs = meanSameText(metric);
        double[] nul = metric.equalsIgnoreCase("cosine") ? nullMeansCosine : nullMeansPearson;
        int ge = 0;
        for (double v : nul) {
            if (v >= obs) {
                ge++;
            }
        }
        return (1.0 + ge) / (1.0 + nul.length);
    }

    /** "source a; source b". */
    public String sources() {
        String la = a.source().label(), lb = b.source().label();
        return la.equals(lb) ? la : la + "; " + lb;
    }

    /**
     * The four distributions of one metric as box plots (every token a point), the same-text mean
     * marked, captioned with both models' sources.
     */
    public org.provenancelab.view.LabFigure figure(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return org.provenancelab.view.Figures.distribution((m.equals("cosine") ? "Cosine" : "Pearson correlation") + " of embedding rows: A = "
                        + a.id() + ", B = " + b.id() + " (" + rows.size() + " shared tokens)", distributions(m), meanSameText(m),
                org.provenancelab.provenance.Sources.of(a.source(), b.source()));
    }

    /** Summary of every distribution, both metrics, with the shuffle p-value on the same-text rows. */
    public Table summary() {
        Table t = Table.create("Embedding rows of shared token texts: A = " + a.id() + ", B = " + b.id() + " (" + rows.size() + " tokens, seed "
                        + options.seed() + ")", StringColumn.create("comparison"), StringColumn.create("metric"), IntColumn.create("n"),
                DoubleColumn.create("mean"), DoubleColumn.create("sd"), DoubleColumn.create("p5"), DoubleColumn.create("median"),
                DoubleColumn.create("p95"), StringColumn.create("p (mean vs shuffles)"), StringColumn.create("source"));
        for (String metric : List.of("cosine", "pearson")) {
            for (var e : distributions(metric).entrySet()) {
                Summary s = summarise(e.getKey(), metric, e.getValue());
                t.stringColumn("comparison").append(s.group());
                t.stringColumn("metric").append(metric);
                t.intColumn("n").append(s.n());
                t.doubleColumn("mean").append(round4(s.mean()));
                t.doubleColumn("sd").append(round4(s.sd()));
                t.doubleColumn("p5").append(round4(s.p5()));
                t.doubleColumn("median").append(round4(s.median()));
                t.doubleColumn("p95").append(round4(s.p95()));
                t.stringColumn("p (mean vs shuffles)").append(e.getKey().equals(SAME_TEXT)
                        ? pValueText(metric) : "");
                t.stringColumn("source").append(sources());
            }
        }
        return t;
    }

    /**
     * The p-value as the fraction it is, (1 + k) / (1 + shuffles): at the floor "1/1,001 (1,000
     * shuffles; the smallest possible)", so that a rounded decimal is never read as below the floor.
     */
    public String pValueText(String metric) {
        int n = options.shuffles();
        long num = Math.round(pValue(metric) * (1 + n));
        String frac = String.format(Locale.ROOT, "%,d/%,d", num, 1 + n);
        return num == 1 ? String.format(Locale.ROOT, "%s (%,d shuffles; the smallest possible)", frac, n)
                : String.format(Locale.ROOT, "%s = %.4f (%,d shuffles; smallest possible 1/%,d)", frac, pValue(metric), n, 1 + n);
    }

    /** The sampled tokens with their ids and metrics. */
    public Table tokenTable() {
        Table t = Table.create("Sampled shared tokens: " + a.id() + " vs " + b.id(), StringColumn.create("token"),
                IntColumn.create("id in A"), IntColumn.create("id in B"), DoubleColumn.create("cosine"), DoubleColumn.create("pearson"),
                StringColumn.create("source"));
        for (TokenRow r : rows) {
            t.stringColumn("token").append(r.token());
            t.intColumn("id in A").append(r.idA());
            t.intColumn("id in B").append(r.idB());
            t.doubleColumn("cosine").append(r.cosine());
            t.doubleColumn("pearson").append(r.pearson());
            t.stringColumn("source").append(sources());
        }
        return t;
    }

    private static double round4(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1e4) / 1e4;
    }

    static Summary summarise(String group, String metric, double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        double m = mean(s), ss = 0;
        for (double x : s) {
            ss += (x - m) * (x - m);
        }
        return new Summary(group, metric, s.length, m, s.length > 1 ? Math.sqrt(ss / (s.length - 1)) : Double.NaN,
                quantile(s, 0.05), quantile(s, 0.5), quantile(s, 0.95));
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s vs %s by token text: %d tokens, mean cosine %.3f, mean Pearson %.3f (p %.3g vs %d shuffles)",
                a.id(), b.id(), rows.size(), meanSameText("cosine"), meanSameText("pearson"), pValue("pearson"), options.shuffles());
    }
}

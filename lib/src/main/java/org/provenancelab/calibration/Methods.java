package org.provenancelab.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.provenancelab.metrics.Alignment;
import org.provenancelab.metrics.Assignment;
import org.provenancelab.metrics.ByteIdentity;
import org.provenancelab.metrics.Cka;
import org.provenancelab.metrics.Curves;
import org.provenancelab.metrics.OutlierFingerprint;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.Inventory;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.Role;
import org.provenancelab.model.TensorRole;
import org.provenancelab.tensor.Tensor;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The methods of notebooks 06–11, each reduced to one score per model pair so that it can be
 * calibrated, and run on any pair of model sources through the same library calls the notebooks
 * use ({@link VectorMetrics}, {@link Alignment}, {@link Assignment}, {@link ByteIdentity},
 * {@link OutlierFingerprint}, {@link Curves}, {@link Cka}). "Compared layers" are the pair's
 * layer map. A method that cannot apply to a pair (widths differ where elements must correspond,
 * dtypes differ where bytes must) gives no score and says why.
 */
public final class Methods {
    private static final Direction UP = Direction.HIGHER_MEANS_RELATED;
    private static final Direction DOWN = Direction.LOWER_MEANS_RELATED;

    public static final Method NORM_COSINE = new Method("norm.cosine", "raw cosine of norm gains", "06",
            UP, EvidenceKind.NORM_RAW, "mean raw cosine of both norms' gains over compared layers", "similarity");
    public static final Method NORM_PEARSON = new Method("norm.pearson", "Pearson (centred cosine) of norm gains", "07",
            UP, EvidenceKind.NORM_CENTRED, "mean Pearson r of both norms' gains over compared layers", "similarity");
    public static final Method NORM_SPEARMAN = new Method("norm.spearman", "Spearman of norm gains", "07",
            UP, EvidenceKind.NORM_CENTRED, "mean Spearman rho of both norms' gains over compared layers", "similarity");
    public static final Method NORM_REL_L2 = new Method("norm.rel_l2", "relative L2 distance of norm gains", "07",
            DOWN, EvidenceKind.NORM_CENTRED, "mean ||a − b|| / ||a|| of both norms' gains over compared layers", "distance");
    public static final Method NORM_BASELINE = new Method("norm.baseline_gap", "compared layers vs every other layer pair", "07",
            UP, EvidenceKind.NORM_CENTRED,
            "mean Pearson at compared layer pairs minus mean Pearson at every other cross-model layer pair", "similarity");
    public static final Method NORM_ALIGNMENT = new Method("norm.alignment", "layer alignment on norm gains", "08",
            UP, EvidenceKind.NORM_CENTRED, "share of A's compared layers whose best-matching B layer (Pearson) is the mapped one",
            "fraction");
    public static final Method KV_COSINE = new Method("attn.kv_cosine", "cosine of k_proj and v_proj", "10",
            UP, EvidenceKind.INFORMATIVE_TENSORS, "mean cosine of k_proj and v_proj over compared layers", "similarity");
    public static final Method K_ALIGNMENT = new Method("attn.k_alignment", "layer alignment on k_proj", "08",
            UP, EvidenceKind.INFORMATIVE_TENSORS, "share of A's compared layers whose best-matching B layer (cosine of k_proj) is the mapped one",
            "fraction");
    public static final Method ROWS = new Method("rows.assignment", "router / FFN rows matched by assignment", "10",
            UP, EvidenceKind.INFORMATIVE_TENSORS,
            "mean cosine of router rows (FFN up-projection rows without a router) after optimal assignment, over compared layers",
            "similarity");
    public static final Method CKA = new Method("cka.k_proj", "debiased linear CKA of k_proj", "11",
            UP, EvidenceKind.INFORMATIVE_TENSORS, "mean debiased linear CKA of the first rows of k_proj over compared layers (plain CKA is near 1 for any two random matrices with few rows and many columns)", "similarity");
    public static final Method BYTES = new Method("byte.identical_tensors", "byte-identical tensors", "09",
            UP, EvidenceKind.BYTE_IDENTITY, "tensors of compared layers whose bytes are identical (sampled blocks, then SHA-256)",
            Method.TENSORS);
    public static final Method EQUAL_ELEMENTS = new Method("byte.equal_elements", "bitwise-equal elements", "09",
            UP, EvidenceKind.BYTE_IDENTITY, "share of sampled elements with identical bytes beyond chance, (equal − chance) / (sampled − chance) with chance Σ p_A(v)·p_B(v) of the sampled values, over tensors of one dtype and size that hold more than one value",
            "fraction");
    public static final Method OUTLIERS = new Method("outlier.matches", "outlier fingerprint", "09",
            UP, EvidenceKind.BYTE_IDENTITY, "share of A's 8 most extreme norm coordinates per layer that B holds bit for bit, beyond the matches B's value frequencies give by chance (as a share of what chance leaves)",
            "fraction");
    public static final Method STD_CURVE = new Method("curve.std", "std-curve fingerprint", "11",
            UP, EvidenceKind.CURVE, "Pearson of the z-scored per-layer std of k_proj, resampled to a common depth", "similarity");

    /** Every method, in the order of the notebooks that introduce them. */
    public static List<Method> all() {
        return List.of(NORM_COSINE, NORM_PEARSON, NORM_SPEARMAN, NORM_REL_L2, NORM_BASELINE, NORM_ALIGNMENT, K_ALIGNMENT,
                BYTES, EQUAL_ELEMENTS, OUTLIERS, KV_COSINE, ROWS, STD_CURVE, CKA);
    }

    /** Elements above which a matrix is sampled (seeded windows at the same offsets in both models). */
    public static final int SAMPLE_ABOVE = 1 << 18;
    static final int WINDOWS = 64, WINDOW = 1024;
    static final long SEED = 20260101L;
    /** Sampled elements chance makes equal, above which a tensor pair says nothing about copying. */
    static final double CONSTANT_SHARE = 0.99;
    static final int OUTLIER_K = 8, ROWS_A = 64, ROWS_B = 256, CKA_ROWS = 64;

    private Methods() {}

    /** All scores of one run, and every method/pair combination that gave none, with the reason. */
    public record Run(List<PairScore> scores, Table skipped) {}

    /** Runs every method on every pair. */
    public static Run run(List<Method> methods, List<ModelPair> pairs) {
        List<PairScore> scores = new ArrayList<>();
        Table skipped = Table.create("method and pair combinations that give no score, and why",
                StringColumn.create("method"), StringColumn.create("pair"), StringColumn.create("why"),
                StringColumn.create("source"));
        for (ModelPair p : pairs) {
            Reader r = new Reader(p);
            for (Method m : methods) {
                try {
                    scores.add(p.score(m.key(), score(m, p, r)));
                } catch (NotApplicable e) {
                    skipped.stringColumn("method").append(m.key());
                    skipped.stringColumn("pair").append(p.name());
                    skipped.stringColumn("why").append(e.getMessage());
                    skipped.stringColumn("source").append(String.join("; ", p.sources().stream().map(s -> s.label()).toList()));
                }
            }
        }
        return new Run(scores, skipped);
    }

    /** One method on one pair; {@link NotApplicable} if it does not apply. */
    public static double score(Method m, ModelPair p) {
        return score(m, p, new Reader(p));
    }

    /** Why a method gives no score on a pair. */
    public static final class NotApplicable extends RuntimeException {
        NotApplicable(String why) {
            super(why);
        }
    }

    private static double score(Method m, ModelPair p, Reader r) {
        try {
            return switch (m.key()) {
                case "norm.cosine" -> r.normMean(VectorMetrics::cosine);
                case "norm.pearson" -> r.normMean(VectorMetrics::pearson);
                case "norm.spearman" -> r.normMean(VectorMetrics::spearman);
                case "norm.rel_l2" -> r.normMean(VectorMetrics::relL2);
                case "norm.baseline_gap" -> r.baselineGap();
                case "norm.alignment" -> r.alignment(Role.ATTN_NORM, true);
                case "attn.k_alignment" -> r.alignment(Role.K_PROJ, false);
                case "attn.kv_cosine" -> r.kvCosine();
                case "rows.assignment" -> r.rowsAssignment();
                case "cka.k_proj" -> r.cka();
                case "byte.identical_tensors" -> r.identicalTensors();
                case "byte.equal_elements" -> r.equalElements();
                case "outlier.matches" -> r.outliers();
                case "curve.std" -> r.stdCurve();
                default -> throw new IllegalArgumentException("no scorer for method " + m.key());
            };
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + p.name() + " for " + m.key() + ": " + e.getMessage(), e);
        }
    }

    /** Reads what the methods need from one pair, each tensor once. */
    static final class Reader {
        private final ModelPair p;
        private final Map<String, Tensor> cacheA = new HashMap<>(), cacheB = new HashMap<>();
        private final Map<String, TreeMap<Integer, String>> namesCache = new HashMap<>();
        private ByteTally tally;

        Reader(ModelPair p) {
            this.p = p;
        }

        /** Layer → tensor name of one role (weights only, no experts, no MTP layers). */
        static TreeMap<Integer, String> names(ModelSource m, Role role) throws IOException {
            Inventory inv = m.inventory();
            TreeMap<Integer, String> out = new TreeMap<>();
            for (var t : inv.tensors()) {
                TensorRole r = inv.roles().of(t.name());
                if (r.role() == role && r.layer() >= 0 && r.expert() < 0 && !r.mtp() && t.name().endsWith(".weight")
                        && (role != Role.DENSE_MLP || expanding(t.shape()))) {
                    out.putIfAbsent(r.layer(), t.name());
                }
            }
            return out;
        }

        private static boolean expanding(long[] shape) {
            return shape.length == 2 && shape[0] > shape[1];
        }

        private TreeMap<Integer, String> cachedNames(ModelSource m, Role role) throws IOException {
            String k = (m == p.a() ? "a:" : "b:") + role;
            TreeMap<Integer, String> n = namesCache.get(k);
            if (n == null) {
                n = names(m, role);
                namesCache.put(k, n);
            }
            return n;
        }

        private String name(ModelSource m, Role role, int layer) throws IOException {
            String n = cachedNames(m, role).get(layer);
            if (n == null) {
                throw new NotApplicable(m.id() + " has no " + role.name().toLowerCase(java.util.Locale.ROOT)
                        + " weight in layer " + layer);
            }
            return n;
        }

        private Tensor read(ModelSource m, Map<String, Tensor> cache, String name) throws IOException {
            Tensor t = cache.get(name);
            if (t == null) {
                t = m.read(name);
                cache.put(name, t);
            }
            return t;
        }

        /** Values where values are meant: int8 weights of a quantized zoo model are dequantized. */
        private double[] values(ModelSource m, Map<String, Tensor> cache, String name) throws IOException {
            Tensor t = read(m, cache, name);
            if (t.isCodes()) {
                return m.dequantized(name).doubles();
            }
            if (!t.dtype().isFloating()) {
                throw new NotApplicable(m.id() + ": " + name + " holds integers, not weights");
            }
            return t.doubles();
        }

        /** Values of a matrix, or the same seeded windows of it in both models when it is large. */
        private double[][] pairedValues(Role role, int layerA, int layerB) throws IOException {
            String na = name(p.a(), role, layerA), nb = name(p.b(), role, layerB);
            long ea = elements(p.a(), na), eb = elements(p.b(), nb);
            if (ea != eb) {
                throw new NotApplicable(role.name().toLowerCase(java.util.Locale.ROOT) + " has " + ea + " elements in "
                        + p.a().id() + " and " + eb + " in " + p.b().id() + ": elements do not correspond");
            }
            if (ea <= SAMPLE_ABOVE) {
                return new double[][] {values(p.a(), cacheA, na), values(p.b(), cacheB, nb)};
            }
            return new double[][] {cachedWindows(p.a(), na), cachedWindows(p.b(), nb)};
        }

        private final Map<String, double[]> windowCache = new HashMap<>();

        private double[] cachedWindows(ModelSource m, String name) throws IOException {
            String k = (m == p.a() ? "a:" : "b:") + name;
            double[] v = windowCache.get(k);
            if (v == null) {
                v = windows(m, name);
                windowCache.put(k, v);
            }
            return v;
        }

        private static double[] windows(ModelSource m, String name) throws IOException {
            List<Tensor> w = m.sampleWindows(name, WINDOWS, WINDOW, SEED);
            double[] out = new double[WINDOWS * WINDOW];
            int k = 0;
            for (Tensor t : w) {
                if (t.isCodes() || !t.dtype().isFloating()) {
                    throw new NotApplicable(m.id() + ": " + name + " holds integer codes; sampled windows cannot be dequantized");
                }
                double[] v = t.doubles();
                System.arraycopy(v, 0, out, k, v.length);
                k += v.length;
            }
            return java.util.Arrays.copyOf(out, k);
        }

        private static long elements(ModelSource m, String name) throws IOException {
            for (var t : m.inventory().tensors()) {
                if (t.name().equals(name)) {
                    long n = 1;
                    for (long d : t.shape()) {
                        n *= d;
                    }
                    return n;
                }
            }
            throw new IllegalStateException(m.id() + " lists no tensor " + name);
        }

        private int[] map() throws IOException {
            int[] map = p.layerMap();
            int la = cachedNames(p.a(), Role.ATTN_NORM).size(), lb = cachedNames(p.b(), Role.ATTN_NORM).size();
            for (int i = 0; i < map.length; i++) {
                if (i >= la || map[i] < 0 || map[i] >= lb) {
                    throw new IllegalArgumentException("pair " + p.name() + ": layer map sends layer " + i + " of "
                            + p.a().id() + " (" + la + " layers) to layer " + map[i] + " of " + p.b().id() + " (" + lb + " layers)");
                }
            }
            return map;
        }

        interface VectorMetric {
            double apply(double[] a, double[] b);
        }

        double normMean(VectorMetric f) throws IOException {
            int[] map = map();
            double sum = 0;
            int n = 0;
            for (Role role : List.of(Role.ATTN_NORM, Role.FFN_NORM)) {
                for (int i = 0; i < map.length; i++) {
                    double[] a = values(p.a(), cacheA, name(p.a(), role, i)), b = values(p.b(), cacheB, name(p.b(), role, map[i]));
                    if (a.length != b.length) {
                        throw new NotApplicable("norm widths differ (" + a.length + " in " + p.a().id() + ", " + b.length
                                + " in " + p.b().id() + "): elements do not correspond");
                    }
                    sum += f.apply(a, b);
                    n++;
                }
            }
            return sum / n;
        }

        /** Pearson between every compared layer of A and every layer of B, both norms stacked. */
        private double[][] normMatrix(Role role) throws IOException {
            int[] map = map();
            TreeMap<Integer, String> nb = cachedNames(p.b(), role);
            double[][] m = new double[map.length][nb.size()];
            for (int i = 0; i < map.length; i++) {
                double[] a = values(p.a(), cacheA, name(p.a(), role, i));
                for (int j = 0; j < nb.size(); j++) {
                    double[] b = values(p.b(), cacheB, nb.get(j));
                    if (a.length != b.length) {
                        throw new NotApplicable("norm widths differ (" + a.length + " vs " + b.length + "): elements do not correspond");
                    }
                    m[i][j] = VectorMetrics.pearson(a, b);
                }
            }
            return m;
        }

        double baselineGap() throws IOException {
            int[] map = map();
            double same = 0, off = 0;
            int ns = 0, no = 0;
            for (Role role : List.of(Role.ATTN_NORM, Role.FFN_NORM)) {
                double[][] m = normMatrix(role);
                for (int i = 0; i < m.length; i++) {
                    for (int j = 0; j < m[i].length; j++) {
                        if (j == map[i]) {
                            same += m[i][j];
                            ns++;
                        } else {
                            off += m[i][j];
                            no++;
                        }
                    }
                }
            }
            if (no == 0) {
                throw new NotApplicable("one layer only: no other layer pair to compare with");
            }
            return same / ns - off / no;
        }

        double alignment(Role role, boolean pearson) throws IOException {
            int[] map = map();
            double[][] m;
            if (role == Role.ATTN_NORM) {
                m = normMatrix(role);
            } else {
                TreeMap<Integer, String> nb = cachedNames(p.b(), role);
                m = new double[map.length][nb.size()];
                for (int i = 0; i < map.length; i++) {
                    for (int j = 0; j < nb.size(); j++) {
                        double[][] v = pairedValues(role, i, j);
                        m[i][j] = pearson ? VectorMetrics.pearson(v[0], v[1]) : VectorMetrics.cosine(v[0], v[1]);
                    }
                }
            }
            if (m[0].length < 2) {
                throw new NotApplicable("B has one layer: alignment cannot choose");
            }
            return Alignment.rate(Alignment.argmax(m), map);
        }

        double kvCosine() throws IOException {
            int[] map = map();
            double sum = 0;
            int n = 0;
            for (Role role : List.of(Role.K_PROJ, Role.V_PROJ)) {
                for (int i = 0; i < map.length; i++) {
                    double[][] v = pairedValues(role, i, map[i]);
                    sum += VectorMetrics.cosine(v[0], v[1]);
                    n++;
                }
            }
            return sum / n;
        }

        private double[][] rows(ModelSource m, String name, int max) throws IOException {
            long rows = 0;
            for (var t : m.inventory().tensors()) {
                if (t.name().equals(name)) {
                    rows = t.shape()[0];
                }
            }
            Tensor t = m.readRows(name, 0, Math.min(rows, max));
            if (t.isCodes()) {
                Tensor d = m.dequantized(name);
                double[][] out = new double[(int) Math.min(rows, max)][];
                for (int r = 0; r < out.length; r++) {
                    out[r] = d.row(r);
                }
                return out;
            }
            if (!t.dtype().isFloating()) {
                throw new NotApplicable(m.id() + ": " + name + " holds integers, not weights");
            }
            double[][] out = new double[t.rows()][];
            for (int r = 0; r < out.length; r++) {
                out[r] = t.row(r);
            }
            return out;
        }

        double rowsAssignment() throws IOException {
            int[] map = map();
            Role role = cachedNames(p.a(), Role.ROUTER).isEmpty() ? Role.DENSE_MLP : Role.ROUTER;
            double sum = 0;
            int n = 0;
            for (int i = 0; i < map.length; i++) {
                double[][] a = rows(p.a(), name(p.a(), role, i), ROWS_A);
                double[][] b = rows(p.b(), name(p.b(), role, map[i]), ROWS_B);
                if (a[0].length != b[0].length) {
                    throw new NotApplicable(role.name().toLowerCase(java.util.Locale.ROOT) + " rows have " + a[0].length
                            + " and " + b[0].length + " elements: elements do not correspond");
                }
                double[][] c = new double[a.length][b.length];
                for (int x = 0; x < a.length; x++) {
                    for (int y = 0; y < b.length; y++) {
                        c[x][y] = VectorMetrics.cosine(a[x], b[y]);
                    }
                }
                Assignment as = Assignment.maximize(c);
                sum += as.total() / as.rows().length;
                n++;
            }
            return sum / n;
        }

        double cka() throws IOException {
            int[] map = map();
            double sum = 0;
            for (int i = 0; i < map.length; i++) {
                double[][] a = rows(p.a(), name(p.a(), Role.K_PROJ, i), CKA_ROWS);
                double[][] b = rows(p.b(), name(p.b(), Role.K_PROJ, map[i]), CKA_ROWS);
                int n = Math.min(a.length, b.length);
                sum += Cka.debiased(java.util.Arrays.copyOf(a, n), java.util.Arrays.copyOf(b, n));
            }
            return sum / map.length;
        }

        double stdCurve() throws IOException {
            double[] a = stdPerLayer(p.a(), cacheA), b = stdPerLayer(p.b(), cacheB);
            if (a.length < 3 || b.length < 3) {
                throw new NotApplicable("fewer than 3 layers: a curve has no shape");
            }
            return Curves.compare(a, b).pearson();
        }

        private double[] stdPerLayer(ModelSource m, Map<String, Tensor> cache) throws IOException {
            TreeMap<Integer, String> names = cachedNames(m, Role.K_PROJ);
            double[] out = new double[names.size()];
            int k = 0;
            for (String n : names.values()) {
                double[] v = elements(m, n) <= SAMPLE_ABOVE ? values(m, cache, n) : cachedWindows(m, n);
                out[k++] = VectorMetrics.std(v);
            }
            return out;
        }

        /** Byte identity over every weight of the compared layers (all roles) and the tensors outside layers. */
        static final class ByteTally {
            int identical, compared;
            long sampled, equal;
            double chance;
        }

        ByteTally bytes() throws IOException {
            if (tally != null) {
                return tally;
            }
            ByteTally t = new ByteTally();
            int[] map = map();
            Inventory ia = p.a().inventory(), ib = p.b().inventory();
            Map<String, String> bByKey = new HashMap<>();
            for (var e : ib.tensors()) {
                TensorRole r = ib.roles().of(e.name());
                if (r.expert() < 0 && !r.mtp()) {
                    bByKey.put(key(e.name(), r.layer()), e.name());
                }
            }
            for (var e : ia.tensors()) {
                TensorRole r = ia.roles().of(e.name());
                if (r.expert() >= 0 || r.mtp() || (r.layer() >= map.length)) {
                    continue;
                }
                int lb = r.layer() < 0 ? -1 : map[r.layer()];
                String nb = bByKey.get(key(e.name(), r.layer()).replace("{" + r.layer() + "}", "{" + lb + "}"));
                if (nb == null) {
                    continue;
                }
                ByteIdentity.Result res = ByteIdentity.compare(p.a().bytes(e.name()), p.b().bytes(nb), SEED);
                if (res.verdict() == ByteIdentity.Verdict.NOT_COMPARABLE
                        || res.chanceElements() >= CONSTANT_SHARE * res.sampledElements()) {
                    continue; // a tensor of one value (an untrained all-ones norm, zero biases) is equal in any two models
                }
                t.compared++;
                t.sampled += res.sampledElements();
                t.equal += res.identicalElements();
                t.chance += res.chanceElements();
                if (res.verdict() == ByteIdentity.Verdict.IDENTICAL) {
                    t.identical++;
                }
            }
            tally = t;
            return t;
        }

        /** The name with its layer index marked, so that layer i of A finds layer map[i] of B. */
        private static String key(String name, int layer) {
            if (layer < 0) {
                return name;
            }
            return name.replaceFirst("\\." + layer + "\\.", ".{" + layer + "}.");
        }

        double identicalTensors() throws IOException {
            ByteTally t = bytes();
            if (t.compared == 0) {
                throw new NotApplicable("no tensor of one dtype and size in both models: bytes cannot be compared");
            }
            return t.identical;
        }

        double equalElements() throws IOException {
            ByteTally t = bytes();
            if (t.compared == 0 || t.sampled == 0) {
                throw new NotApplicable("no tensor of one dtype and size in both models: bytes cannot be compared");
            }
            // beyond chance, as a share of what chance leaves (bfloat16 values repeat across any two models): 0 by chance, 1 for a copy
            return (t.equal - t.chance) / (t.sampled - t.chance);
        }

        double outliers() throws IOException {
            int[] map = map();
            int matches = 0, total = 0;
            double chance = 0;
            for (Role role : List.of(Role.ATTN_NORM, Role.FFN_NORM)) {
                for (int i = 0; i < map.length; i++) {
                    Tensor a = read(p.a(), cacheA, name(p.a(), role, i)), b = read(p.b(), cacheB, name(p.b(), role, map[i]));
                    if (a.dtype() != b.dtype() || a.numel() != b.numel()) {
                        throw new NotApplicable("norms stored as " + a.dtype() + "[" + a.numel() + "] and " + b.dtype() + "["
                                + b.numel() + "]: bytes cannot be compared");
                    }
                    int k = Math.min(OUTLIER_K, a.numel());
                    int[] top = OutlierFingerprint.top(a, k);
                    matches += OutlierFingerprint.matches(a, b, top);
                    chance += OutlierFingerprint.chanceMatches(a, b, top);
                    total += k;
                }
            }
            return total - chance <= 0 ? 0 : (matches - chance) / (total - chance);
        }
    }
}

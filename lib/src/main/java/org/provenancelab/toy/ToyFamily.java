package org.provenancelab.toy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Lab;
import org.provenancelab.provenance.Source;
import org.provenancelab.safetensors.ShardLayout;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A family of small language models the lab trains itself, whose relations are known: the
 * calibration set on which every forensic method can be seen to separate independent models
 * from derived ones (or to fail to) before it is used on the real pair.
 *
 * <p>Training runs once per spec and code version and is kept under {@link #defaultRoot()}
 * ({@code LAB_TOY_DIR}, else {@code kernel-setup/target/toy/}) in a folder named after a hash
 * of the spec, the training code's version and the corpus files' SHA-256; later calls read it
 * back. Each member is single-threaded, so a seed gives the same bytes every time; members
 * train two at a time.
 */
public final class ToyFamily {
    /** Bump when anything that changes trained bytes changes (numerics, init, sampling, file layout). */
    public static final String CODE_VERSION = "toy-lm/1";
    /** Mixed into a member's seed for its data order, so init and data order use different streams. */
    static final long DATA_STREAM = 0x9E3779B97F4A7C15L;
    static final String TRAINING_JSON = "training.json";
    static final String FAMILY_JSON = "family.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to train.
     *
     * @param family  family name (labels read {@code toy <family>/<member>@<seed>})
     * @param config  the architecture of independent members
     * @param batch   windows per step
     * @param window  tokens per window
     * @param warmup  warm-up steps of independent members (fine-tunes use a fifth of their steps)
     * @param corpora text sets by name: file names under {@code /usr/share/common-licenses}
     * @param heldOut the text set every member's final loss is measured on (trained on by none)
     * @param members in training order; parents before children
     */
    public record Spec(String family, ToyConfig config, int batch, int window, int warmup, Map<String, List<String>> corpora,
            String heldOut, List<Member> members) {
        public Spec {
            corpora = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(corpora));
            members = List.copyOf(members);
            if (!family.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("toy family name must be lower-case letters, digits and dashes: " + family);
            }
            if (!corpora.containsKey(heldOut)) {
                throw new IllegalArgumentException("held-out corpus '" + heldOut + "' is not among " + corpora.keySet());
            }
            List<String> seen = new ArrayList<>();
            for (Member m : members) {
                if (seen.contains(m.name())) {
                    throw new IllegalArgumentException("toy member " + m.name() + " appears twice");
                }
                if (m.relation().derived() && !seen.contains(m.parent())) {
                    throw new IllegalArgumentException("toy member " + m.name() + ": parent " + m.parent() + " must come first");
                }
                boolean trains = m.relation() == Relation.INDEPENDENT || m.relation() == Relation.FINE_TUNE
                        || m.relation() == Relation.LAYER_DROP;
                if (trains && !corpora.containsKey(m.data())) {
                    throw new IllegalArgumentException("toy member " + m.name() + ": no corpus '" + m.data() + "'");
                }
                if (trains && m.data().equals(heldOut)) {
                    throw new IllegalArgumentException("toy member " + m.name() + " trains on the held-out text");
                }
                seen.add(m.name());
            }
        }
    }

    /**
     * The lab's family {@code tiny}: 8 pre-norm blocks of width 128 (4 heads, MLP 256), a
     * character model over licence texts. Five independent members (three with gains
     * initialised to ones, two drawn from N(0, 1); GPL-family or MPL/Apache texts, different
     * seeds and orders) and six derived ones (exact copy, bf16 copy, short and long fine-tune
     * on the GFDL texts, every second block kept then trained a little, a fine-tune of a
     * random-initialised member).
     */
    public static Spec standardSpec() {
        var ones = ToyParams.GainInit.ONES;
        var rand = ToyParams.GainInit.RANDOM;
        int steps = 200;
        double lr = 3e-3, ft = 1e-3;
        Map<String, List<String>> corpora = new LinkedHashMap<>();
        corpora.put("gpl", List.of("GPL-3", "GPL-2", "LGPL-2.1"));
        corpora.put("mpl", List.of("MPL-2.0", "MPL-1.1", "Apache-2.0"));
        corpora.put("gfdl", List.of("GFDL-1.3", "GFDL-1.2"));
        corpora.put("held-out", List.of("Artistic", "BSD", "CC0-1.0"));
        List<Member> m = List.of(
                Member.independent("ones-1", 1, ones, "gpl", steps, lr),
                Member.independent("ones-2", 2, ones, "mpl", steps, lr),
                Member.independent("ones-3", 3, ones, "gpl", steps, lr),
                Member.independent("rand-1", 4, rand, "gpl", steps, lr),
                Member.independent("rand-2", 5, rand, "mpl", steps, lr),
                new Member("ones-1-copy", "ones-1", Relation.EXACT_COPY, 1, ones, "", 0, 0, null),
                new Member("ones-1-bf16", "ones-1", Relation.BF16_COPY, 1, ones, "", 0, 0, null),
                new Member("ones-1-ft-short", "ones-1", Relation.FINE_TUNE, 11, ones, "gfdl", 20, ft, null),
                new Member("ones-1-ft-long", "ones-1", Relation.FINE_TUNE, 12, ones, "gfdl", 200, ft, null),
                new Member("ones-1-half", "ones-1", Relation.LAYER_DROP, 13, ones, "gpl", 40, ft, new int[] {0, 2, 4, 6}),
                new Member("rand-1-ft", "rand-1", Relation.FINE_TUNE, 14, rand, "gfdl", 20, ft, null));
        return new Spec("tiny", new ToyConfig(Corpus.VOCAB, 128, 4, 256, 8, 32), 4, 32, 20, corpora, "held-out", m);
    }

    private final Spec spec;
    private final String key;
    private final Path dir;
    private final Map<String, JsonNode> training = new LinkedHashMap<>();

    private ToyFamily(Spec spec, String key, Path dir) throws IOException {
        this.spec = spec;
        this.key = key;
        this.dir = dir;
        for (Member m : spec.members()) {
            training.put(m.name(), JSON.readTree(dir.resolve(m.name()).resolve(TRAINING_JSON).toFile()));
        }
    }

    /** Where trained families are kept: {@code LAB_TOY_DIR}, else {@code kernel-setup/target/toy} of the checkout. */
    public static Path defaultRoot() {
        String env = System.getenv("LAB_TOY_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Lab.home().resolve("kernel-setup").resolve("target").resolve("toy");
    }

    private static volatile ToyFamily standard;

    /** The standard family, trained on first use (a few minutes) and read from the cache after. */
    public static ToyFamily standard() throws IOException {
        if (standard == null) {
            synchronized (ToyFamily.class) {
                if (standard == null) {
                    standard = load(standardSpec(), defaultRoot());
                }
            }
        }
        return standard;
    }

    /** The family of {@code spec} under {@code root}: read if trained before, else trained now and stored. */
    public static ToyFamily load(Spec spec, Path root) throws IOException {
        Map<String, Corpus> corpora = corpora(spec);
        String key = key(spec, corpora);
        Path dir = root.resolve(spec.family() + "-" + key);
        if (Files.isRegularFile(dir.resolve(FAMILY_JSON))) {
            return new ToyFamily(spec, key, dir);
        }
        Files.createDirectories(root);
        synchronized (ToyFamily.class) { // one JVM: FileLock alone would throw on overlap
            try (FileChannel ch = FileChannel.open(root.resolve(spec.family() + "-" + key + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                if (!Files.isRegularFile(dir.resolve(FAMILY_JSON))) { // another process may have finished meanwhile
                    Path tmp = root.resolve("." + spec.family() + "-" + key + ".tmp-" + ProcessHandle.current().pid());
                    deleteTree(tmp);
                    train(spec, key, corpora, tmp);
                    deleteTree(dir); // an incomplete folder without family.json
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        return new ToyFamily(spec, key, dir);
    }

    static Map<String, Corpus> corpora(Spec spec) throws IOException {
        Map<String, Corpus> out = new LinkedHashMap<>();
        for (var e : spec.corpora().entrySet()) {
            out.put(e.getKey(), Corpus.licenses(e.getKey(), Corpus.DEBIAN_LICENSES, e.getValue()));
        }
        return out;
    }

    static String key(Spec spec, Map<String, Corpus> corpora) {
        ObjectNode k = JSON.createObjectNode();
        k.put("code", CODE_VERSION);
        k.set("spec", specJson(spec));
        ObjectNode c = k.putObject("corpus_sha256");
        corpora.forEach((n, cp) -> c.set(n, JSON.valueToTree(cp.sha256())));
        return Corpus.sha256(k.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    static ObjectNode specJson(Spec spec) {
        ObjectNode s = JSON.createObjectNode();
        s.put("family", spec.family());
        s.set("config", JSON.valueToTree(spec.config()));
        s.put("batch", spec.batch());
        s.put("window", spec.window());
        s.put("warmup", spec.warmup());
        s.set("corpora", JSON.valueToTree(spec.corpora()));
        s.put("held_out", spec.heldOut());
        ArrayNode ms = s.putArray("members");
        for (Member m : spec.members()) {
            ms.add(memberJson(m));
        }
        return s;
    }

    static ObjectNode memberJson(Member m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", m.name());
        o.put("parent", m.parent());
        o.put("relation", m.relation().label());
        o.put("seed", m.seed());
        o.put("gains", m.gains().name().toLowerCase(java.util.Locale.ROOT));
        o.put("data", m.data());
        o.put("steps", m.steps());
        o.put("lr", m.lr());
        o.set("keep", JSON.valueToTree(m.keep()));
        return o;
    }

    /** The result of training one member: its parameters, its configuration, its loss curve. */
    private record Trained(ToyParams params, double[] losses, long millis, long cpuMillis) {}

    private static void train(Spec spec, String key, Map<String, Corpus> corpora, Path out) throws IOException {
        Files.createDirectories(out);
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "toy-trainer");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            Map<String, CompletableFuture<Trained>> done = new LinkedHashMap<>();
            for (Member m : spec.members()) {
                CompletableFuture<Trained> f = m.relation().derived()
                        ? done.get(m.parent()).thenApplyAsync(parent -> trainOne(spec, m, parent, corpora, out), pool)
                        : CompletableFuture.supplyAsync(() -> trainOne(spec, m, null, corpora, out), pool);
                done.put(m.name(), f);
            }
            ObjectNode timing = JSON.createObjectNode();
            for (var e : done.entrySet()) {
                timing.put(e.getKey() + "_ms", e.getValue().join().millis());
                timing.put(e.getKey() + "_cpu_ms", e.getValue().join().cpuMillis());
            }
            timing.put("total_ms", (System.nanoTime() - start) / 1_000_000);
            timing.put("threads", threads);
            Files.writeString(out.resolve("timing.json"), timing.toPrettyString());
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
        ObjectNode fam = JSON.createObjectNode();
        fam.put("code", CODE_VERSION);
        fam.put("key", key);
        fam.set("spec", specJson(spec));
        ObjectNode c = fam.putObject("corpora");
        corpora.forEach((n, cp) -> {
            ObjectNode o = c.putObject(n);
            o.put("files", cp.describe());
            o.put("characters", cp.length());
            o.set("sha256", JSON.valueToTree(cp.sha256()));
        });
        // written last: its presence marks a complete family
        Files.writeString(out.resolve(FAMILY_JSON), fam.toPrettyString());
    }

    private static Trained trainOne(Spec spec, Member m, Trained parent, Map<String, Corpus> corpora, Path out) {
        long t0 = System.nanoTime();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        ToyParams p;
        double[] losses = new double[0];
        DType dtype = DType.F32;
        switch (m.relation()) {
            case INDEPENDENT -> {
                p = ToyParams.init(spec.config(), m.seed(), m.gains());
                losses = Trainer.train(p, corpora.get(m.data()), plan(spec, m, spec.warmup()));
            }
            case EXACT_COPY -> p = parent.params();
            case BF16_COPY -> {
                p = parent.params();
                dtype = DType.BF16;
            }
            case FINE_TUNE -> {
                p = parent.params().copy();
                losses = Trainer.train(p, corpora.get(m.data()), plan(spec, m, Math.max(1, m.steps() / 5)));
            }
            case LAYER_DROP -> {
                p = parent.params().keepLayers(m.keep());
                losses = Trainer.train(p, corpora.get(m.data()), plan(spec, m, Math.max(1, m.steps() / 5)));
            }
            default -> throw new IllegalStateException(m.relation().toString());
        }
        try {
            write(spec, m, p, dtype, losses, corpora, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Trained(p, losses, (System.nanoTime() - t0) / 1_000_000, (mx.getCurrentThreadCpuTime() - c0) / 1_000_000);
    }

    /** CPU seconds of one training step of the spec's first member, the median of {@code n} (for benchmarks). */
    public static double measureStepCpuSeconds(Spec spec, int n) throws IOException {
        Member m = spec.members().get(0);
        Corpus c = corpora(spec).get(m.data());
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            ToyParams p = ToyParams.init(spec.config(), m.seed(), m.gains());
            long c0 = mx.getCurrentThreadCpuTime();
            Trainer.train(p, c, new Trainer.Plan(1, spec.batch(), spec.window(), m.lr(), 0, i));
            t[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        java.util.Arrays.sort(t);
        return t[n / 2];
    }

    private static Trainer.Plan plan(Spec spec, Member m, int warmup) {
        return new Trainer.Plan(m.steps(), spec.batch(), spec.window(), m.lr(), Math.min(warmup, m.steps()), m.seed() ^ DATA_STREAM);
    }

    private static void write(Spec spec, Member m, ToyParams p, DType dtype, double[] losses, Map<String, Corpus> corpora, Path out)
            throws IOException {
        Path d = out.resolve(m.name());
        Files.createDirectories(d);
        Path weights = d.resolve("model.safetensors");
        if (m.relation() == Relation.EXACT_COPY) {
            Files.copy(out.resolve(m.parent()).resolve("model.safetensors"), weights);
        } else {
            Files.write(weights, ShardLayout.write(p.tensors(dtype), Map.of("format", "pt")));
        }
        ToyConfig c = p.config();
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("model_type", "toy_lm");
        cfg.putArray("architectures").add("ToyLmForCausalLM");
        cfg.put("vocab_size", c.vocab());
        cfg.put("hidden_size", c.width());
        cfg.put("intermediate_size", c.hidden());
        cfg.put("num_hidden_layers", c.layers());
        cfg.put("num_attention_heads", c.heads());
        cfg.put("max_position_embeddings", c.context());
        cfg.put("rms_norm_eps", ToyConfig.EPS);
        cfg.put("hidden_act", "gelu_pytorch_tanh");
        cfg.put("tie_word_embeddings", false);
        cfg.put("torch_dtype", dtype == DType.BF16 ? "bfloat16" : "float32");
        cfg.set("toy", memberJson(m).put("family", spec.family()));
        Files.writeString(d.resolve("config.json"), cfg.toPrettyString());
        // the held-out loss of the weights as stored (f32 or bf16 precision)
        Map<String, Tensor> stored = new LinkedHashMap<>();
        for (Tensor t : p.tensors(dtype)) {
            stored.put(t.name(), t);
        }
        ToyParams asStored = ToyParams.fromTensors(c, stored);
        int[][] eval = corpora.get(spec.heldOut()).sample(new Random(0), 16, spec.window() + 1);
        ObjectNode tr = JSON.createObjectNode();
        tr.set("member", memberJson(m));
        tr.set("losses", JSON.valueToTree(losses));
        tr.put("held_out_loss", ToyLm.loss(asStored, eval));
        Files.writeString(d.resolve(TRAINING_JSON), tr.toPrettyString());
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    // ---- reading a trained family

    public String name() {
        return spec.family();
    }

    public Spec spec() {
        return spec;
    }

    /** The hash naming this family's folder: spec, code version and corpus bytes. */
    public String key() {
        return key;
    }

    public Path directory() {
        return dir;
    }

    public List<Member> members() {
        return spec.members();
    }

    /** The architecture of the independent members (layer-dropped children have fewer blocks). */
    public ToyConfig config() {
        return spec.config();
    }

    public Member member(String name) {
        for (Member m : spec.members()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("toy family " + spec.family() + " has no member '" + name + "' (members: "
                + spec.members().stream().map(Member::name).toList() + ")");
    }

    /** The folder holding a member's config.json and model.safetensors. */
    public Path directory(String member) {
        return dir.resolve(member(member).name());
    }

    /** {@code toy <family>/<member>@<seed>}. */
    public Source source(String member) {
        return Source.toy(spec.family(), member(member).name(), member(member).seed());
    }

    /** A member as a model source, labelled {@link #source(String)}. */
    public SafetensorsModel open(String member) throws IOException {
        return new SafetensorsModel(new ToyStore(directory(member), repoId(member), source(member)));
    }

    /** The member's training loss at every step of its own training (empty for copies). */
    public double[] losses(String member) {
        JsonNode a = training.get(member(member).name()).path("losses");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /** Loss (nats per character) of the member as stored, on 16 fixed windows of the held-out texts. */
    public double heldOutLoss(String member) {
        return training.get(member(member).name()).path("held_out_loss").asDouble();
    }

    /** The layer of the parent each layer of {@code member} came from; null for independent members. */
    public int[] parentLayers(String member) {
        Member m = member(member);
        return m.parentLayerOf(m.relation() == Relation.LAYER_DROP ? m.keep().length : spec.config().layers());
    }

    /**
     * Every pair whose relation is known: each derived member with its parent, and every two
     * independent members of the same width (ones-initialised, random-initialised, and mixed).
     */
    public java.util.List<KnownPair> knownPairs() {
        java.util.List<KnownPair> out = new ArrayList<>();
        java.util.List<Member> ind = spec.members().stream().filter(m -> !m.relation().derived()).toList();
        for (int i = 0; i < ind.size(); i++) {
            for (int j = i + 1; j < ind.size(); j++) {
                Member a = ind.get(i), b = ind.get(j);
                int[] same = new int[spec.config().layers()];
                java.util.Arrays.setAll(same, k -> k);
                out.add(new KnownPair(a.name(), b.name(), "independent", gainsLabel(a, b), same));
            }
        }
        for (Member m : spec.members()) {
            if (m.relation().derived()) {
                out.add(new KnownPair(m.name(), m.parent(), m.relation().label(), gainsLabel(m, member(m.parent())), parentLayers(m.name())));
            }
        }
        return out;
    }

    private static String gainsLabel(Member a, Member b) {
        String la = a.gains() == ToyParams.GainInit.ONES ? "ones" : "N(0, 1)";
        String lb = b.gains() == ToyParams.GainInit.ONES ? "ones" : "N(0, 1)";
        return la.equals(lb) ? la : la + " / " + lb;
    }

    /**
     * Raw cosine and Pearson of the norm gains of every known pair, at corresponding layers
     * (same index for independent pairs, the parent's layer for derived ones), for both norms
     * of every block: one row per pair, norm and layer, with both members' sources.
     */
    public Table normSimilarity() throws IOException {
        Table t = Table.create("Toy family '" + spec.family() + "': norm gains of known pairs at corresponding layers",
                StringColumn.create("pair"), StringColumn.create("relation"), StringColumn.create("gains at init"),
                StringColumn.create("kind"), StringColumn.create("norm"), IntColumn.create("layer a"), IntColumn.create("layer b"), DoubleColumn.create("cosine"),
                DoubleColumn.create("pearson"), StringColumn.create("source"));
        Map<String, SafetensorsModel> open = new LinkedHashMap<>();
        for (KnownPair p : knownPairs()) {
            SafetensorsModel a = open.computeIfAbsent(p.a(), this::openUnchecked), b = open.computeIfAbsent(p.b(), this::openUnchecked);
            int[] map = p.aToB();
            for (String norm : java.util.List.of(ToyParams.ATTN_NORM, ToyParams.FFN_NORM)) {
                for (int l = 0; l < map.length; l++) {
                    double[] x = a.read(ToyParams.layer(l, norm)).doubles(), y = b.read(ToyParams.layer(map[l], norm)).doubles();
                    t.stringColumn("pair").append(p.label());
                    t.stringColumn("relation").append(p.relation());
                    t.stringColumn("gains at init").append(p.gains());
                    t.stringColumn("kind").append(p.kind());
                    t.stringColumn("norm").append(norm);
                    t.intColumn("layer a").append(l);
                    t.intColumn("layer b").append(map[l]);
                    t.doubleColumn("cosine").append(org.provenancelab.metrics.VectorMetrics.cosine(x, y));
                    t.doubleColumn("pearson").append(org.provenancelab.metrics.VectorMetrics.pearson(x, y));
                    t.stringColumn("source").append(source(p.a()).label() + "; " + source(p.b()).label());
                }
            }
        }
        return t;
    }

    /**
     * One row per pair of a {@link #normSimilarity()} table: its relation, how many layer
     * vectors were compared, and the mean, minimum and maximum of raw cosine and Pearson.
     */
    public static Table pairSummary(Table normSimilarity) {
        Table t = Table.create(normSimilarity.name().replace("at corresponding layers", "per pair (all layers, both norms)"),
                StringColumn.create("pair"), StringColumn.create("kind"), IntColumn.create("n"), DoubleColumn.create("cosine mean"),
                DoubleColumn.create("cosine min"), DoubleColumn.create("pearson mean"), DoubleColumn.create("pearson min"),
                DoubleColumn.create("pearson max"), StringColumn.create("source"));
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < normSimilarity.rowCount(); r++) {
            rows.computeIfAbsent(normSimilarity.stringColumn("pair").get(r), k -> new ArrayList<>()).add(r);
        }
        for (var e : rows.entrySet()) {
            int first = e.getValue().get(0);
            double[] cos = e.getValue().stream().mapToDouble(r -> normSimilarity.doubleColumn("cosine").get(r)).toArray();
            double[] pr = e.getValue().stream().mapToDouble(r -> normSimilarity.doubleColumn("pearson").get(r)).toArray();
            t.stringColumn("pair").append(e.getKey());
            t.stringColumn("kind").append(normSimilarity.stringColumn("kind").get(first));
            t.intColumn("n").append(cos.length);
            t.doubleColumn("cosine mean").append(java.util.Arrays.stream(cos).average().orElseThrow());
            t.doubleColumn("cosine min").append(java.util.Arrays.stream(cos).min().orElseThrow());
            t.doubleColumn("pearson mean").append(java.util.Arrays.stream(pr).average().orElseThrow());
            t.doubleColumn("pearson min").append(java.util.Arrays.stream(pr).min().orElseThrow());
            t.doubleColumn("pearson max").append(java.util.Arrays.stream(pr).max().orElseThrow());
            t.stringColumn("source").append(normSimilarity.stringColumn("source").get(first));
        }
        return t;
    }

    private SafetensorsModel openUnchecked(String member) {
        try {
            return open(member);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The known truth: one row per member with its parent, relation, seed, data and training. */
    public Table relations() {
        Table t = Table.create("Toy family '" + spec.family() + "': members and how they were made (known truth)",
                StringColumn.create("member"), StringColumn.create("parent"), StringColumn.create("relation"), IntColumn.create("seed"),
                StringColumn.create("norm gains at init"), StringColumn.create("trained on"), IntColumn.create("layers"),
                IntColumn.create("own steps"), DoubleColumn.create("held-out loss"), StringColumn.create("source"));
        for (Member m : spec.members()) {
            t.stringColumn("member").append(m.name());
            t.stringColumn("parent").append(m.parent().isEmpty() ? "—" : m.parent());
            t.stringColumn("relation").append(m.relation() == Relation.LAYER_DROP
                    ? "layer-drop (blocks " + java.util.Arrays.toString(m.keep()) + " kept)" : m.relation().label());
            t.intColumn("seed").append((int) m.seed());
            t.stringColumn("norm gains at init").append(m.gains() == ToyParams.GainInit.ONES ? "ones" : "N(0, 1)");
            t.stringColumn("trained on").append(m.data().isEmpty() ? "—" : m.data() + " (" + String.join("+", spec.corpora().get(m.data())) + ")");
            t.intColumn("layers").append(m.relation() == Relation.LAYER_DROP ? m.keep().length : spec.config().layers());
            t.intColumn("own steps").append(m.steps());
            t.doubleColumn("held-out loss").append(heldOutLoss(m.name()));
            t.stringColumn("source").append(source(m.name()).label());
        }
        return t;
    }

    /** Loss curves: the mean training loss over each run of {@code every} steps, per trained member. */
    public Table curves(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be ≥ 1, got " + every);
        }
        Table t = Table.create("Toy family '" + spec.family() + "': training loss (mean over " + every + " steps)",
                StringColumn.create("member"), IntColumn.create("step"), DoubleColumn.create("loss"), StringColumn.create("source"));
        for (Member m : spec.members()) {
            double[] l = losses(m.name());
            for (int s = 0; s + every <= l.length; s += every) {
                double sum = 0;
                for (int i = s; i < s + every; i++) {
                    sum += l[i];
                }
                t.stringColumn("member").append(m.name());
                t.intColumn("step").append(s + every);
                t.doubleColumn("loss").append(sum / every);
                t.stringColumn("source").append(source(m.name()).label());
            }
        }
        return t;
    }

    /** The repo id under which {@link #publish} serves a member: {@code toy/<family>-<member>}. */
    public String repoId(String member) {
        return "toy/" + spec.family() + "-" + member(member).name();
    }

    /** Serves every member on a local hub as {@code toy/<family>-<member>}; returns repo id → commit. */
    public Map<String, String> publish(LocalHub hub) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Member m : spec.members()) {
            out.put(repoId(m.name()), publish(hub, m.name()));
        }
        return out;
    }

    /** Serves one member on a local hub as {@link #repoId(String)}; returns the commit. */
    public String publish(LocalHub hub, String member) throws IOException {
        Path d = directory(member);
        var repo = hub.repo(repoId(member));
        repo.file("config.json", Files.readAllBytes(d.resolve("config.json")));
        repo.file("model.safetensors", Files.readAllBytes(d.resolve("model.safetensors")));
        repo.file(TRAINING_JSON, Files.readAllBytes(d.resolve(TRAINING_JSON)));
        return repo.publish();
    }

    /**
     * The member a repo id {@code toy/<family>-<member>} names in this family; an error naming
     * the id and the family's repos if none.
     */
    public String memberOfRepo(String repoId) {
        for (Member m : spec.members()) {
            if (repoId(m.name()).equals(repoId)) {
                return m.name();
            }
        }
        throw new IllegalArgumentException("'" + repoId + "' is not a repo of toy family " + spec.family() + " (repos: "
                + spec.members().stream().map(m -> repoId(m.name())).toList() + ")");
    }

    /** Wall time of the training run that produced this folder, as recorded then (not shown in notebooks). */
    public JsonNode timing() throws IOException {
        return JSON.readTree(dir.resolve("timing.json").toFile());
    }

    @Override
    public String toString() {
        return "toy family " + spec.family() + " (" + spec.members().size() + " members, key " + key + ")";
    }
}

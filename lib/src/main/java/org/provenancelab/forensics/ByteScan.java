package org.provenancelab.forensics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.provenancelab.metrics.ByteIdentity;
import org.provenancelab.metrics.ByteIdentity.Tier;
import org.provenancelab.metrics.ByteIdentity.Verdict;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import org.provenancelab.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Experiment 3 over a whole model pair in one call: for every tensor family the two models share
 * with one dtype and shape, the same seeded byte blocks are read from every member in both models
 * (tier after tier of {@link ByteIdentity#DEFAULT_TIERS}, through {@code sampleWindows}, so a
 * tensor is read once however many partners it is compared with). Every member of A is compared
 * with every member of B of its family (layer i with layer j too: a layer-dropped child keeps
 * its parent's layers at other indices); any pair sharing a whole block is escalated to a full
 * streaming SHA-256 of both tensors, which alone says IDENTICAL. Beside the block verdict it
 * reports the share of bitwise-equal elements and the share chance would give for tensors with
 * those value distributions (Σ_v p_A(v)·p_B(v) over stored codes), since a fine-tune can leave
 * many elements bit-identical while no whole block survives.
 */
public final class ByteScan {
    /**
     * @param tiers       sampling tiers (blocks and bytes per block), read for every member
     * @param seed        the sampling seed (same seed, same blocks)
     * @param crossLimit  members per side up to which every cross-slot pair is compared; larger
     *                    families (routed experts) compare same-slot pairs only
     * @param memberLimit members per side above which a family (routed experts: 128 per layer) is
     *                    represented by a seeded sample of this many slots both models have
     */
    public record Options(List<Tier> tiers, long seed, int crossLimit, int memberLimit) {
        public Options {
            tiers = List.copyOf(tiers);
            if (tiers.isEmpty()) {
                throw new IllegalArgumentException("a byte scan needs at least one sampling tier");
            }
            if (crossLimit < 0 || memberLimit < 1) {
                throw new IllegalArgumentException("crossLimit must be >= 0 and memberLimit >= 1, got " + crossLimit + ", " + memberLimit);
            }
        }

        public Options seed(long s) {
            return new Options(tiers, s, crossLimit, memberLimit);
        }
    }

    public static final Options DEFAULT = new Options(ByteIdentity.DEFAULT_TIERS, 20260101L, 128, 64);

    /**
     * One compared pair.
     *
     * @param chanceFraction share of equal elements chance would give (Σ p_A(v)·p_B(v) over the
     *                       sampled codes of both tensors)
     */
    public record Pair(String family, int slotA, int slotB, String nameA, String nameB, int blocks, int identicalBlocks,
                       long sampledElements, long identicalElements, double chanceFraction, Verdict verdict,
                       String sha256A, String sha256B) {
        public double identicalFraction() {
            return sampledElements == 0 ? Double.NaN : (double) identicalElements / sampledElements;
        }

        public boolean sameSlot() {
            return slotA == slotB;
        }
    }

    /**
     * One family's outcome.
     *
     * @param pairs             pairs compared
     * @param identical         pairs whose full hashes are equal
     * @param partial           pairs sharing some block but not every byte
     * @param sameSlotFraction  mean share of bitwise-equal sampled elements over same-slot pairs
     * @param sameSlotChance    mean chance share over the same pairs
     * @param bestOther         highest share over pairs at different slots (NaN if none compared)
     */
    public record FamilyResult(Families.Family family, int pairs, int identical, int partial, long sampledPerMember,
                               double sameSlotFraction, double sameSlotChance, double bestOther) {}

    private final Sources sources;
    private final String modelA;
    private final String modelB;
    private final Options options;
    private final List<FamilyResult> families;
    private final List<Pair> pairs;
    private final long bytesA;
    private final long bytesB;
    private final long storedA;
    private final long storedB;

    private ByteScan(ModelSource a, ModelSource b, Options options, List<FamilyResult> families, List<Pair> pairs,
                     long bytesA, long bytesB, long storedA, long storedB) {
        this.sources = Sources.of(a.source(), b.source());
        this.modelA = a.id();
        this.modelB = b.id();
        this.options = options;
        this.families = List.copyOf(families);
        this.pairs = List.copyOf(pairs);
        this.bytesA = bytesA;
        this.bytesB = bytesB;
        this.storedA = storedA;
        this.storedB = storedB;
    }

    public static ByteScan scan(ModelSource a, ModelSource b) throws IOException {
        return scan(a, b, DEFAULT);
    }

    /** Scans every shared, comparable tensor family of a and b. */
    public static ByteScan scan(ModelSource a, ModelSource b, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        List<FamilyResult> fams = new ArrayList<>();
        List<Pair> all = new ArrayList<>();
        long[] bytes = new long[2];
        long[] stored = new long[2];
        List<Families.Family> shared = new ArrayList<>();
        for (Families.Family f : Families.shared(a, b)) {
            shared.add(f.comparable() ? limit(f, options) : f);
        }
        long members = shared.stream().filter(Families.Family::comparable).mapToLong(f -> f.a().size() + f.b().size()).sum();
        try (var progress = org.provenancelab.view.Display.task("byte scan " + a.id() + " vs " + b.id(), members, "tensors")) {
        for (Families.Family f : shared) {
            if (!f.comparable()) {
                fams.add(new FamilyResult(f, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN));
                continue;
            }
            long memberBytes = f.numel() * f.dtype().size();
            stored[0] += memberBytes * f.a().size();
            stored[1] += memberBytes * f.b().size();
            Map<Integer, Sample> sa = new LinkedHashMap<>(), sb = new LinkedHashMap<>();
            for (var e : f.a().entrySet()) {
                sa.put(e.getKey(), Sample.read(a, e.getValue(), f, options));
                progress.advance(1);
            }
            for (var e : f.b().entrySet()) {
                sb.put(e.getKey(), Sample.read(b, e.getValue(), f, options));
                progress.advance(1);
            }
            bytes[0] += sa.values().stream().mapToLong(s -> s.bytesRead).sum();
            bytes[1] += sb.values().stream().mapToLong(s -> s.bytesRead).sum();
            boolean cross = f.a().size() <= options.crossLimit() && f.b().size() <= options.crossLimit();
            List<Pair> fp = new ArrayList<>();
            for (var ea : sa.entrySet()) {
                for (var eb : sb.entrySet()) {
                    if (!cross && !ea.getKey().equals(eb.getKey())) {
                        continue;
                    }
                    fp.add(compare(f, ea.getKey(), ea.getValue(), eb.getKey(), eb.getValue(), a, b, bytes));
                }
            }
            all.addAll(fp);
            fams.add(summarise(f, fp, sa.values().iterator().next().elements));
        }
        }
        return new ByteScan(a, b, options, fams, all, bytes[0], bytes[1], stored[0], stored[1]);
    }

    /** A family with more members than the limit, cut to a seeded sample of the slots both models have. */
    private static Families.Family limit(Families.Family f, Options o) {
        if (f.a().size() <= o.memberLimit() && f.b().size() <= o.memberLimit()) {
            return f;
        }
        List<Integer> both = new ArrayList<>(f.a().keySet());
        both.retainAll(f.b().keySet());
        java.util.Collections.shuffle(both, new java.util.Random(o.seed() ^ f.key().hashCode()));
        Map<Integer, String> a = new java.util.TreeMap<>(), b = new java.util.TreeMap<>();
        for (int slot : both.subList(0, Math.min(o.memberLimit(), both.size()))) {
            a.put(slot, f.a().get(slot));
            b.put(slot, f.b().get(slot));
        }
        return new Families.Family(f.key(), a, b, f.dtype(), f.shape(), true,
                "a seeded sample of " + a.size() + " of " + f.a().size() + " / " + f.b().size() + " members");
    }

    private static FamilyResult summarise(Families.Family f, List<Pair> fp, long perMember) {
        int identical = 0, partial = 0, same = 0;
        double frac = 0, chance = 0, bestOther = Double.NaN;
        for (Pair p : fp) {
            identical += p.verdict() == Verdict.IDENTICAL ? 1 : 0;
            partial += p.verdict() == Verdict.PARTIAL ? 1 : 0;
            if (p.sameSlot()) {
                same++;
                frac += p.identicalFraction();
                chance += p.chanceFraction();
            } else if (Double.isNaN(bestOther) || p.identicalFraction() > bestOther) {
                bestOther = p.identicalFraction();
            }
        }
        return new FamilyResult(f, fp.size(), identical, partial, perMember, same == 0 ? Double.NaN : frac / same,
                same == 0 ? Double.NaN : chance / same, bestOther);
    }

    private static Pair compare(Families.Family f, int slotA, Sample x, int slotB, Sample y, ModelSource a, ModelSource b,
                                long[] bytes) throws IOException {
        int elem = f.dtype().size();
        int identicalBlocks = 0;
        long identical = 0, sampled = 0;
        for (int k = 0; k < x.blocks.size(); k++) {
            byte[] p = x.blocks.get(k), q = y.blocks.get(k);
            if (Arrays.equals(p, q)) {
                identicalBlocks++;
                identical += p.length / elem;
            } else {
                for (int o = 0; o < p.length; o += elem) {
                    if (Arrays.equals(p, o, o + elem, q, o, o + elem)) {
                        identical++;
                    }
                }
            }
            sampled += p.length / elem;
        }
        double chance = chance(x.codes, y.codes, x.elements, y.elements);
        Verdict v = Verdict.DIFFERENT;
        String ha = null, hb = null;
        if (identicalBlocks > 0) {
            // a shared block (zero padding can do that) is only a reason to hash everything
            ha = x.sha256(a, bytes, 0);
            hb = y.sha256(b, bytes, 1);
            v = ha.equals(hb) ? Verdict.IDENTICAL : Verdict.PARTIAL;
        }
        return new Pair(f.key(), slotA, slotB, x.name, y.name, x.blocks.size(), identicalBlocks, sampled, identical, chance, v, ha, hb);
    }

    /** Σ_v p_a(v)·p_b(v): the share of positions two independent draws from these value distributions share. */
    static double chance(Map<Long, Integer> a, Map<Long, Integer> b, long na, long nb) {
        return ByteIdentity.chanceShare(a, b, na, nb);
    }

    /** The sampled bytes of one tensor: the same blocks for every member of a family. */
    private static final class Sample {
        final String name;
        final List<byte[]> blocks = new ArrayList<>();
        final Map<Long, Integer> codes = new HashMap<>();
        long elements;
        long bytesRead;
        String sha256;

        Sample(String name) {
            this.name = name;
        }

        static Sample read(ModelSource m, String name, Families.Family f, Options o) throws IOException {
            Sample s = new Sample(name);
            int elem = f.dtype().size();
            long numel = f.numel();
            long wanted = 0;
            for (Tier t : o.tiers()) {
                wanted += (long) t.blocks() * Math.max(1, t.blockBytes() / elem);
            }
            if (numel <= wanted) {
                // small tensor: read it whole, cut into blocks of the first tier's length
                Tensor t = m.read(name);
                byte[] raw = t.rawBytes();
                int len = Math.max(1, o.tiers().get(0).blockBytes() / elem) * elem;
                for (int off = 0; off < raw.length; off += len) {
                    s.blocks.add(Arrays.copyOfRange(raw, off, Math.min(raw.length, off + len)));
                }
                s.bytesRead = raw.length;
                s.sha256 = t.sha256();
            } else {
                for (int k = 0; k < o.tiers().size(); k++) {
                    Tier t = o.tiers().get(k);
                    int length = Math.max(1, t.blockBytes() / elem);
                    int windows = (int) Math.min(t.blocks(), numel / length);
                    for (Tensor w : m.sampleWindows(name, windows, length, o.seed() + k)) {
                        byte[] raw = w.rawBytes();
                        s.blocks.add(raw);
                        s.bytesRead += raw.length;
                    }
                }
            }
            for (byte[] b : s.blocks) {
                for (int p = 0; p < b.length; p += elem) {
                    long code = 0;
                    for (int i = 0; i < elem; i++) {
                        code |= (b[p + i] & 0xffL) << (8 * i);
                    }
                    s.codes.merge(code, 1, Integer::sum);
                    s.elements++;
                }
            }
            return s;
        }

        /** The full hash, streamed and read once per tensor. */
        String sha256(ModelSource m, long[] bytes, int side) throws IOException {
            if (sha256 == null) {
                var tb = m.bytes(name);
                sha256 = tb.sha256();
                bytes[side] += tb.byteSize();
            }
            return sha256;
        }
    }

    public List<FamilyResult> families() {
        return families;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    /** Pairs whose full hashes are equal. */
    public List<Pair> identical() {
        return pairs.stream().filter(p -> p.verdict() == Verdict.IDENTICAL).toList();
    }

    /** Pairs sharing at least one whole block whose full hashes differ. */
    public List<Pair> partial() {
        return pairs.stream().filter(p -> p.verdict() == Verdict.PARTIAL).toList();
    }

    /** Bytes read from model A's tensors (samples and full hashes). */
    public long bytesA() {
        return bytesA;
    }

    public long bytesB() {
        return bytesB;
    }

    /** Bytes the comparable families occupy in A's checkpoint: what a full comparison would read. */
    public long storedA() {
        return storedA;
    }

    public long storedB() {
        return storedB;
    }

    public Options options() {
        return options;
    }

    /** Both models' sources. */
    public Sources sources() {
        return sources;
    }

    /** Share of bitwise-equal elements over every same-index pair of every comparable family (NaN if none). */
    public double sameIndexShare() {
        long eq = 0, n = 0;
        for (Pair p : pairs) {
            if (p.sameSlot()) {
                eq += p.identicalElements();
                n += p.sampledElements();
            }
        }
        return n == 0 ? Double.NaN : (double) eq / n;
    }

    /** The share chance gives over the same pairs, weighted the same way. */
    public double sameIndexChance() {
        double c = 0;
        long n = 0;
        for (Pair p : pairs) {
            if (p.sameSlot()) {
                c += p.chanceFraction() * p.sampledElements();
                n += p.sampledElements();
            }
        }
        return n == 0 ? Double.NaN : c / n;
    }

    /** Comparable families, of those both models have. */
    public long comparableFamilies() {
        return families.stream().filter(f -> f.family().comparable()).count();
    }

    /** One row per scan: the pairs side by side, each with what is known about its relation. */
    public static Table summary(String title, Map<String, ByteScan> byRelation) {
        Table t = Table.create(title, StringColumn.create("pair"), StringColumn.create("relation"),
                StringColumn.create("families comparable / shared"), IntColumn.create("tensor pairs"),
                IntColumn.create("identical (full hash)"), IntColumn.create("partial"),
                StringColumn.create("bitwise-equal elements, same index"), StringColumn.create("chance"),
                LongColumn.create("bytes read"), StringColumn.create("source"));
        for (var e : byRelation.entrySet()) {
            ByteScan s = e.getValue();
            t.stringColumn("pair").append(s.modelA + " vs " + s.modelB);
            t.stringColumn("relation").append(e.getKey());
            t.stringColumn("families comparable / shared").append(s.comparableFamilies() + " / " + s.families.size());
            t.intColumn("tensor pairs").append(s.pairs.size());
            t.intColumn("identical (full hash)").append(s.identical().size());
            t.intColumn("partial").append(s.partial().size());
            t.stringColumn("bitwise-equal elements, same index").append(percent(s.sameIndexShare()));
            t.stringColumn("chance").append(percent(s.sameIndexChance()));
            t.longColumn("bytes read").append(s.bytesA + s.bytesB);
            t.stringColumn("source").append(s.sources.label());
        }
        return t;
    }

    /** One row per shared family. */
    public Table table() {
        Table t = Table.create("Byte identity, every shared tensor family: " + modelA + " vs " + modelB,
                StringColumn.create("family"), StringColumn.create("dtype, shape"), StringColumn.create("members A / B"),
                IntColumn.create("pairs"), IntColumn.create("identical"), IntColumn.create("partial"),
                LongColumn.create("sampled per member"), StringColumn.create("equal elements, same index"),
                StringColumn.create("chance"), StringColumn.create("best other index"), StringColumn.create("source"));
        for (FamilyResult r : families) {
            Families.Family f = r.family();
            t.stringColumn("family").append(f.key());
            t.stringColumn("dtype, shape").append(f.comparable() ? f.dtype() + " " + Arrays.toString(f.shape())
                    + (f.note().isEmpty() ? "" : " (" + f.note() + ")") : "not comparable: " + f.note());
            t.stringColumn("members A / B").append(f.a().size() + " / " + f.b().size());
            t.intColumn("pairs").append(r.pairs());
            t.intColumn("identical").append(r.identical());
            t.intColumn("partial").append(r.partial());
            t.longColumn("sampled per member").append(r.sampledPerMember());
            t.stringColumn("equal elements, same index").append(percent(r.sameSlotFraction()));
            t.stringColumn("chance").append(percent(r.sameSlotChance()));
            t.stringColumn("best other index").append(percent(r.bestOther()));
            t.stringColumn("source").append(sources.label());
        }
        return t;
    }

    /** Every pair that shared a block (identical or partial), with its hashes. */
    public Table hits() {
        Table t = Table.create("Pairs sharing a sampled block: " + modelA + " vs " + modelB, StringColumn.create("tensor A"),
                StringColumn.create("tensor B"), StringColumn.create("verdict"), StringColumn.create("identical blocks"),
                StringColumn.create("bitwise-equal elements"), StringColumn.create("sha256 A (12)"), StringColumn.create("sha256 B (12)"),
                StringColumn.create("source"));
        for (Pair p : pairs) {
            if (p.verdict() == Verdict.DIFFERENT) {
                continue;
            }
            t.stringColumn("tensor A").append(p.nameA());
            t.stringColumn("tensor B").append(p.nameB());
            t.stringColumn("verdict").append(p.verdict().name().toLowerCase(Locale.ROOT));
            t.stringColumn("identical blocks").append(p.identicalBlocks() + " of " + p.blocks());
            t.stringColumn("bitwise-equal elements").append(percent(p.identicalFraction()));
            t.stringColumn("sha256 A (12)").append(p.sha256A().substring(0, 12));
            t.stringColumn("sha256 B (12)").append(p.sha256B().substring(0, 12));
            t.stringColumn("source").append(sources.label());
        }
        return t;
    }

    /** Bytes read against bytes stored, per model. */
    public Table transfer() {
        Table t = Table.create("Bytes read by the scan: " + modelA + " vs " + modelB, StringColumn.create("model"),
                LongColumn.create("bytes read"), LongColumn.create("bytes in the compared families"),
                StringColumn.create("share read"), StringColumn.create("source"));
        List<Source> src = sources.list();
        long[][] v = {{bytesA, storedA}, {bytesB, storedB}};
        String[] ids = {modelA, modelB};
        for (int i = 0; i < 2; i++) {
            t.stringColumn("model").append(ids[i]);
            t.longColumn("bytes read").append(v[i][0]);
            t.longColumn("bytes in the compared families").append(v[i][1]);
            t.stringColumn("share read").append(percent(v[i][1] == 0 ? Double.NaN : (double) v[i][0] / v[i][1]));
            t.stringColumn("source").append(src.get(Math.min(i, src.size() - 1)).label());
        }
        return t;
    }

    /** Three decimals, for similarities shown in tables (the values themselves stay exact). */
    static double r3(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    static String percent(double f) {
        if (Double.isNaN(f)) {
            return "-";
        }
        if (f > 0 && f < 0.0001) {
            return "< 0.01 %";
        }
        return String.format(Locale.ROOT, "%.2f %%", 100 * f);
    }

    @Override
    public String toString() {
        long comparable = families.stream().filter(f -> f.family().comparable()).count();
        return "byte scan " + modelA + " vs " + modelB + ": " + comparable + " comparable families of " + families.size()
                + " shared, " + pairs.size() + " pairs, " + identical().size() + " identical, " + partial().size()
                + " partial; read " + (bytesA + bytesB) + " bytes (" + sources.label() + ")";
    }
}

package org.provenancelab.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two tokenizers compared as data (experiment 0): vocabulary sizes, the overlap of their token
 * sets, tokens at the same id, the histogram of id offsets of shared tokens, the longest run of
 * consecutive ids that one vocabulary shares with the other at a constant offset (is one a shifted
 * copy of the other?), special tokens and merges.
 *
 * <p>Offsets are {@code id in B - id in A}.
 */
public final class TokenizerComparison {
    private final Tokenizer a;
    private final Tokenizer b;
    private final int intersection;
    private final int sameId;
    private final Map<Integer, Integer> offsets;
    private final Run longestRun;
    private final int sharedMerges;
    private final int firstMergesEqual;

    /**
     * A run of consecutive ids: A's ids {@code startA .. startA+length-1} hold the same texts as B's
     * ids {@code startB ..}, in the same order.
     */
    public record Run(int startA, int startB, int length, List<String> sample) {
        public int offset() {
            return startB - startA;
        }
    }

    private TokenizerComparison(Tokenizer a, Tokenizer b) {
        this.a = a;
        this.b = b;
        int inter = 0;
        Map<Integer, Integer> off = new HashMap<>();
        for (var e : a.ids().entrySet()) {
            int j = b.id(e.getKey());
            if (j >= 0) {
                inter++;
                off.merge(j - e.getValue(), 1, Integer::sum);
            }
        }
        this.intersection = inter;
        this.offsets = off;
        int same = 0;
        for (int i = 0, n = Math.min(a.size(), b.size()); i < n; i++) {
            String t = a.token(i);
            if (t != null && t.equals(b.token(i))) {
                same++;
            }
        }
        this.sameId = same;
        this.longestRun = findLongestRun(a, b, null);
        Set<String> mb = new HashSet<>(b.merges());
        int shared = 0;
        for (String m : new HashSet<>(a.merges())) {
            if (mb.contains(m)) {
                shared++;
            }
        }
        this.sharedMerges = shared;
        int eq = 0;
        for (int i = 0, n = Math.min(1000, Math.min(a.merges().size(), b.merges().size())); i < n; i++) {
            if (a.merges().get(i).equals(b.merges().get(i))) {
                eq++;
            }
        }
        this.firstMergesEqual = eq;
    }

    public static TokenizerComparison of(Tokenizer a, Tokenizer b) {
        return new TokenizerComparison(a, b);
    }

    /** The longest run over A's ids whose texts sit at consecutive ids of B (any constant offset). */
    private static Run findLongestRun(Tokenizer a, Tokenizer b, Integer onlyOffset) {
        int bestLen = 0, bestA = -1, bestB = -1;
        int len = 0, prevJ = Integer.MIN_VALUE;
        for (int i = 0; i < a.size(); i++) {
            String t = a.token(i);
            int j;
            if (onlyOffset == null) {
                j = t == null ? -1 : b.id(t);
            } else {
                int k = i + onlyOffset;
                j = t != null && t.equals(b.token(k)) ? k : -1;
            }
            if (j < 0) {
                len = 0;
                prevJ = Integer.MIN_VALUE;
                continue;
            }
            len = (len > 0 && j == prevJ + 1) ? len + 1 : 1;
            prevJ = j;
            if (len > bestLen) {
                bestLen = len;
                bestA = i - len + 1;
                bestB = j - len + 1;
            }
        }
        List<String> sample = new ArrayList<>();
        for (int i = bestA; bestA >= 0 && i < bestA + Math.min(8, bestLen); i++) {
            sample.add(a.token(i));
        }
        return new Run(bestA, bestB, bestLen, List.copyOf(sample));
    }

    public Tokenizer a() {
        return a;
    }

    public Tokenizer b() {
        return b;
    }

    /** Token texts found in both. */
    public int intersection() {
        return intersection;
    }

    public int union() {
        return a.distinctTokens() + b.distinctTokens() - intersection;
    }

    public double jaccard() {
        return (double) intersection / union();
    }

    /** Shared texts as a share of the smaller vocabulary. */
    public double overlapOfSmaller() {
        return (double) intersection / Math.min(a.distinctTokens(), b.distinctTokens());
    }

    /** Ids holding the same text in both. */
    public int sameIdMatches() {
        return sameId;
    }

    /** {@link #sameIdMatches()} over the ids both have (the smaller size). */
    public double sameIdRatio() {
        return (double) sameId / Math.min(a.size(), b.size());
    }

    /** Shared texts per offset (id in B - id in A). */
    public Map<Integer, Integer> offsetHistogram() {
        return Map.copyOf(offsets);
    }

    /** The {@code n} most frequent offsets, most frequent first (ties: smaller |offset| first). */
    public List<Map.Entry<Integer, Integer>> topOffsets(int n) {
        return offsets.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Integer, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparingInt(e -> Math.abs(e.getKey())).thenComparingInt(Map.Entry::getKey))
                .limit(n).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    /** The most frequent offset (0 if nothing is shared). */
    public int bestOffset() {
        List<Map.Entry<Integer, Integer>> top = topOffsets(1);
        return top.isEmpty() ? 0 : top.get(0).getKey();
    }

    /** Shared texts whose offset is the most frequent one, as a share of all shared texts. */
    public double shareAtBestOffset() {
        return intersection == 0 ? 0 : (double) offsets.getOrDefault(bestOffset(), 0) / intersection;
    }

    /** The longest run of consecutive ids shared at a constant offset, whatever the offset. */
    public Run longestRun() {
        return longestRun;
    }

    /** The longest run at one given offset. */
    public Run longestRunAtOffset(int offset) {
        return findLongestRun(a, b, offset);
    }

    /** Merges (as "left right") found in both lists. */
    public int sharedMerges() {
        return sharedMerges;
    }

    /** Positions among the first 1000 merges where both lists hold the same merge. */
    public int firstThousandMergesEqual() {
        return firstMergesEqual;
    }

    /** "label a; label b", the source of every number of the comparison. */
    public String sources() {
        String la = a.source().label(), lb = b.source().label();
        return la.equals(lb) ? la : la + "; " + lb;
    }

    /** The comparison's figures, one per row, with their source. */
    public Table table() {
        Table t = Table.create("Tokenizers compared: " + a.name() + " (A) vs " + b.name() + " (B)",
                StringColumn.create("statistic"), StringColumn.create("A"), StringColumn.create("B"),
                StringColumn.create("both / value"), StringColumn.create("source"));
        row(t, "tokenizer model type", a.modelType(), b.modelType(), a.modelType().equals(b.modelType()) ? "same" : "different");
        row(t, "ids in use (highest id + 1)", n(a.size()), n(b.size()), "");
        row(t, "model.vocab entries", n(a.modelVocabSize()), n(b.modelVocabSize()), "");
        row(t, "added tokens (special)", n(a.addedTokens().size()) + " (" + n(a.specialTokens().size()) + ")",
                n(b.addedTokens().size()) + " (" + n(b.specialTokens().size()) + ")", "");
        row(t, "token texts shared", "", "", n(intersection));
        row(t, "Jaccard (shared / union)", "", "", pct(jaccard()) + " of " + n(union()));
        row(t, "overlap of the smaller vocabulary", "", "", pct(overlapOfSmaller()));
        row(t, "same text at the same id", "", "", n(sameId) + " of " + n(Math.min(a.size(), b.size())) + " (" + pct(sameIdRatio()) + ")");
        row(t, "most frequent id offset (B - A)", "", "", intersection == 0 ? "none shared"
                : String.format(Locale.ROOT, "%+d (%s of shared texts)", bestOffset(), pct(shareAtBestOffset())));
        Run r = longestRun;
        row(t, "longest run of consecutive shared ids", r.length() == 0 ? "" : "ids " + n(r.startA()) + "–" + n(r.startA() + r.length() - 1),
                r.length() == 0 ? "" : "ids " + n(r.startB()) + "–" + n(r.startB() + r.length() - 1),
                n(r.length()) + (r.length() == 0 ? "" : String.format(Locale.ROOT, " tokens at offset %+d", r.offset())));
        row(t, "merges", n(a.merges().size()), n(b.merges().size()), n(sharedMerges) + " shared");
        // a WordPiece (or any merge-free) tokenizer has no merge list: its hash would be that of empty input
        boolean both = !a.merges().isEmpty() && !b.merges().isEmpty();
        row(t, "first 1000 merges equal at the same rank", "", "", both ? n(firstMergesEqual) : NO_MERGES);
        row(t, "merges SHA-256 (all, first 12 hex)", mergesHash(a), mergesHash(b),
                both ? (a.mergesFingerprint().sha256All().equals(b.mergesFingerprint().sha256All()) ? "equal" : "different") : NO_MERGES);
        fillSources(t);
        return t;
    }

    /** Shown where a merge statistic has nothing to compare. */
    static final String NO_MERGES = "— (no merges)";

    private static String mergesHash(Tokenizer t) {
        return t.merges().isEmpty() ? NO_MERGES : t.mergesFingerprint().sha256All().substring(0, 12);
    }

    /** The most frequent offsets with their counts. */
    public Table offsetTable(int n) {
        Table t = Table.create("Most frequent id offsets of shared tokens (id in " + b.name() + " - id in " + a.name() + ")",
                IntColumn.create("offset"), IntColumn.create("shared tokens"), DoubleColumn.create("share of shared"),
                StringColumn.create("source"));
        for (var e : topOffsets(n)) {
            t.intColumn("offset").append(e.getKey());
            t.intColumn("shared tokens").append(e.getValue());
            t.doubleColumn("share of shared").append(intersection == 0 ? 0 : Math.round(1e4 * e.getValue() / intersection) / 1e4);
            t.stringColumn("source").append(sources());
        }
        return t;
    }

    /** Special tokens of either side, with their ids in A and in B (-1: absent). */
    public Table specialTokenTable() {
        Map<String, int[]> rows = new LinkedHashMap<>();
        for (AddedToken s : a.specialTokens()) {
            rows.computeIfAbsent(s.content(), k -> new int[] {-1, -1})[0] = s.id();
        }
        for (AddedToken s : b.specialTokens()) {
            rows.computeIfAbsent(s.content(), k -> new int[] {-1, -1})[1] = s.id();
        }
        Table t = Table.create("Special tokens: " + a.name() + " (A) and " + b.name() + " (B)", StringColumn.create("token"),
                IntColumn.create("id in A"), IntColumn.create("id in B"), StringColumn.create("source"));
        for (var e : rows.entrySet()) {
            t.stringColumn("token").append(e.getKey());
            t.intColumn("id in A").append(e.getValue()[0] >= 0 ? e.getValue()[0] : a.id(e.getKey()));
            t.intColumn("id in B").append(e.getValue()[1] >= 0 ? e.getValue()[1] : b.id(e.getKey()));
            t.stringColumn("source").append(sources());
        }
        return t;
    }

    private static void row(Table t, String stat, String av, String bv, String both) {
        t.stringColumn("statistic").append(stat);
        t.stringColumn("A").append(av);
        t.stringColumn("B").append(bv);
        t.stringColumn("both / value").append(both);
    }

    private void fillSources(Table t) {
        for (int i = t.stringColumn("source").size(); i < t.rowCount(); i++) {
            t.stringColumn("source").append(sources());
        }
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s vs %s: %,d shared texts (Jaccard %.3f), %,d at the same id, longest run %,d at offset %+d",
                a.name(), b.name(), intersection, jaccard(), sameId, longestRun.length(), longestRun.offset());
    }
}

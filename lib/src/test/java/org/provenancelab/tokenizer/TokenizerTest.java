package org.provenancelab.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.provenancelab.provenance.Source;
import org.provenancelab.zoo.Zoo;
import org.provenancelab.zoo.ZooModel;

class TokenizerTest {
    static final Source SRC = Source.computed("handmade tokenizer");

    static Tokenizer bpe(String name, Map<String, Integer> vocab, List<String> merges, String added) {
        StringBuilder v = new StringBuilder();
        vocab.forEach((k, i) -> v.append(v.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(i));
        StringBuilder m = new StringBuilder();
        merges.forEach(x -> m.append(m.length() == 0 ? "" : ",").append('"').append(x).append('"'));
        String json = "{\"version\":\"1.0\",\"added_tokens\":[" + added + "],\"normalizer\":null,"
                + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"vocab\":{" + v + "},\"merges\":[" + m + "]}}";
        return Tokenizer.parse(json.getBytes(StandardCharsets.UTF_8), name, SRC);
    }

    @Test
    void parsesVocabMergesAndAddedTokens() {
        Tokenizer t = bpe("t", Map.of("a", 0, "b", 1, "ab", 2), List.of("a b"),
                "{\"id\":3,\"content\":\"<s>\",\"special\":true,\"lstrip\":false},{\"id\":4,\"content\":\"foo\",\"special\":false}");
        assertEquals("BPE", t.modelType());
        assertEquals(5, t.size());
        assertEquals(3, t.modelVocabSize());
        assertEquals(2, t.id("ab"));
        assertEquals("<s>", t.token(3));
        assertEquals(-1, t.id("zz"));
        assertEquals(List.of("a b"), t.merges());
        assertEquals(List.of(new AddedToken(3, "<s>", true)), t.specialTokens());
        assertEquals(2, t.addedTokens().size());
    }

    @Test
    void mergesAsPairsReadLikeMergesAsStrings() {
        String json = "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"ab\":2},\"merges\":[[\"a\",\"b\"]]}}";
        Tokenizer t = Tokenizer.parse(json.getBytes(StandardCharsets.UTF_8), "pairs", SRC);
        assertEquals(List.of("a b"), t.merges());
        assertEquals(bpe("s", Map.of("a", 0, "b", 1, "ab", 2), List.of("a b"), "").mergesFingerprint(), t.mergesFingerprint());
    }

    @Test
    void unigramVocabularyIdsArePositions() {
        String json = "{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"<unk>\",0.0],[\"x\",-1.5],[\"y\",-2.0]]}}";
        Tokenizer t = Tokenizer.parse(json.getBytes(StandardCharsets.UTF_8), "uni", SRC);
        assertEquals(3, t.size());
        assertEquals(2, t.id("y"));
    }

    @Test
    void badInputNamesTheModel() {
        var e = assertThrows(TokenizerException.class, () -> Tokenizer.parse("{\"model\":{}}".getBytes(StandardCharsets.UTF_8), "empty/m", SRC));
        assertTrue(e.getMessage().startsWith("empty/m:"), e.getMessage());
        e = assertThrows(TokenizerException.class, () -> Tokenizer.parse("{\"model\":{\"vocab\":{\"a\":".getBytes(StandardCharsets.UTF_8), "cut/m", SRC));
        assertTrue(e.getMessage().contains("cut/m") && e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(TokenizerException.class, () -> Tokenizer.parse("[1]".getBytes(StandardCharsets.UTF_8), "arr/m", SRC));
        assertTrue(e.getMessage().contains("arr/m"), e.getMessage());
    }

    /** B is A shifted by 10 ids, with 3 tokens of its own in front; known answers for every statistic. */
    @Test
    void handmadeShiftedCopyGivesKnownAnswers() {
        java.util.LinkedHashMap<String, Integer> va = new java.util.LinkedHashMap<>(), vb = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            va.put("t" + i, i);
        }
        for (int i = 0; i < 20; i++) {
            vb.put("t" + i, i + 10); // ids 10..29
        }
        vb.put("x0", 0);
        vb.put("x1", 1);
        vb.put("t5", 5); // t5 moved: breaks the run at A id 5; shared at offset 0
        Tokenizer a = bpe("A", va, List.of("t0 t1", "t2 t3", "t4 t5"), "");
        Tokenizer b = bpe("B", vb, List.of("t0 t1", "q r", "t4 t5"), "");
        TokenizerComparison c = TokenizerComparison.of(a, b);
        assertEquals(20, c.intersection());
        assertEquals(22, c.union());
        assertEquals(20.0 / 22, c.jaccard(), 1e-12);
        assertEquals(1.0, c.overlapOfSmaller(), 1e-12);
        assertEquals(1, c.sameIdMatches()); // t5 at id 5 in both
        assertEquals(1.0 / 20, c.sameIdRatio(), 1e-12);
        assertEquals(10, c.bestOffset());
        assertEquals(19, c.offsetHistogram().get(10));
        assertEquals(1, c.offsetHistogram().get(0));
        var run = c.longestRun();
        assertEquals(14, run.length()); // A ids 6..19 -> B ids 16..29
        assertEquals(6, run.startA());
        assertEquals(16, run.startB());
        assertEquals(10, run.offset());
        assertEquals(List.of("t6", "t7", "t8", "t9", "t10", "t11", "t12", "t13"), run.sample());
        assertEquals(6, c.longestRunAtOffset(10).startA());
        assertEquals(14, c.longestRunAtOffset(10).length());
        assertEquals(1, c.longestRunAtOffset(0).length());
        assertEquals(2, c.sharedMerges());
        assertEquals(2, c.firstThousandMergesEqual());
        assertNotEquals(a.mergesFingerprint(), b.mergesFingerprint());
        assertEquals(13, c.table().rowCount());
        assertTrue(c.table().stringColumn("source").asList().stream().allMatch(s -> s.equals("computed (handmade tokenizer)")));
    }

    /** Tokenizers without merges (WordPiece) must not show the SHA-256 of empty input as their merges' hash. */
    @Test
    void mergeFreeTokenizersShowNoMergeHash() {
        Tokenizer none = bpe("N", Map.of("a", 0, "b", 1), List.of(), "");
        Tokenizer some = bpe("S", Map.of("a", 0, "b", 1, "ab", 2), List.of("a b"), "");
        var t = TokenizerComparison.of(none, none).table();
        int hash = t.stringColumn("statistic").indexOf("merges SHA-256 (all, first 12 hex)");
        assertEquals(List.of("— (no merges)", "— (no merges)", "— (no merges)"),
                List.of(t.stringColumn("A").get(hash), t.stringColumn("B").get(hash), t.stringColumn("both / value").get(hash)));
        assertTrue(t.stringColumn("A").asList().stream().noneMatch(s -> s.startsWith("e3b0c44298fc")), "hash of empty input shown");
        var mixed = TokenizerComparison.of(some, none).table();
        assertEquals(some.mergesFingerprint().sha256All().substring(0, 12), mixed.stringColumn("A").get(hash));
        assertEquals("— (no merges)", mixed.stringColumn("B").get(hash));
        assertEquals("— (no merges)", mixed.stringColumn("both / value").get(hash));
        var same = TokenizerComparison.of(some, some).table();
        assertEquals("equal", same.stringColumn("both / value").get(hash));
    }

    @Test
    void identicalTokenizersAreOneRunAtOffsetZero() {
        Tokenizer a = bpe("A", Map.of("a", 0, "b", 1, "c", 2), List.of("a b"), "");
        TokenizerComparison c = TokenizerComparison.of(a, a);
        assertEquals(3, c.sameIdMatches());
        assertEquals(1.0, c.jaccard(), 0);
        assertEquals(3, c.longestRun().length());
        assertEquals(0, c.longestRun().offset());
    }

    @Test
    void zooTokenizers() throws IOException {
        ZooModel minilm = Zoo.open("all-minilm-l6-v2"), bge = Zoo.open("bge-small-en-v15"), zh = Zoo.open("bge-small-zh-v15");
        Tokenizer ta = Tokenizer.of(minilm), tb = Tokenizer.of(bge), tz = Tokenizer.of(zh);
        assertEquals("WordPiece", ta.modelType());
        assertEquals(30522, ta.size());
        assertEquals(minilm.vocabulary().size(), ta.modelVocabSize());
        for (int i = 0; i < ta.modelVocabSize(); i += 997) {
            assertEquals(minilm.vocabulary().get(i), ta.token(i));
        }
        assertEquals(21128, tz.size());
        assertTrue(ta.specialTokens().stream().anyMatch(t -> t.content().equals("[CLS]") && t.id() == 101), ta.specialTokens().toString());
        // the English models share BERT's uncased vocabulary id for id
        TokenizerComparison en = TokenizerComparison.of(ta, tb);
        assertEquals(30522, en.sameIdMatches());
        assertEquals(1.0, en.jaccard(), 0);
        assertEquals(30522, en.longestRun().length());
        assertEquals("zoo all-minilm-l6-v2; zoo bge-small-en-v15", en.sources());
        // the Chinese vocabulary is a different one: partial overlap, ids not preserved beyond the first block
        TokenizerComparison x = TokenizerComparison.of(ta, tz);
        assertTrue(x.intersection() > 1000 && x.intersection() < 21128, x.toString());
        assertTrue(x.jaccard() < 0.5, x.toString());
        assertTrue(x.sameIdRatio() < 0.05, x.toString());
        // the comparison's counts agree with a direct count over the vocabularies
        long direct = ta.ids().keySet().stream().filter(k -> tz.id(k) >= 0).count();
        assertEquals(direct, x.intersection());
        long sameId = java.util.stream.IntStream.range(0, 21128).filter(i -> ta.token(i) != null && ta.token(i).equals(tz.token(i))).count();
        assertEquals(sameId, x.sameIdMatches());
        assertEquals(x.intersection(), x.offsetHistogram().values().stream().mapToInt(Integer::intValue).sum());
    }
}

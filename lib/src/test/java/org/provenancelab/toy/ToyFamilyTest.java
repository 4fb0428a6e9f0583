package org.provenancelab.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.metrics.VectorMetrics;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.Role;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Profile;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/** The lab's own family: trained for real, deterministic, and its known relations visible in the weights. */
class ToyFamilyTest {
    static ToyFamily family;

    @BeforeAll
    static void train() throws Exception {
        family = ToyFamily.standard(); // trains once into kernel-setup/target/toy, then reads the cache
        System.out.println(family + " in " + family.directory() + ", timing " + family.timing());
    }

    static double[] gains(String member, int layer, String norm) throws Exception {
        return family.open(member).read(ToyParams.layer(layer, norm)).doubles();
    }

    @Test
    void lossFallsForEveryTrainedMember() {
        for (Member m : family.members()) {
            double[] l = family.losses(m.name());
            if (m.steps() == 0) {
                assertEquals(0, l.length, m.name() + " was not trained");
                continue;
            }
            assertEquals(m.steps(), l.length, m.name() + ": one loss per step");
            if (!m.relation().derived()) {
                double first = l[0], last = mean(l, l.length - 20, l.length);
                assertTrue(first > Math.log(Corpus.VOCAB) - 0.5, m.name() + " starts no better than a uniform guess: " + first);
                assertTrue(last < first - 1.5, m.name() + ": loss " + first + " → " + last);
            }
            // below the uniform guess on text no member trained on
            assertTrue(family.heldOutLoss(m.name()) < Math.log(Corpus.VOCAB) - 1.0, m.name() + " held-out " + family.heldOutLoss(m.name()));
        }
    }

    static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }

    @Test
    void exactCopyIsByteIdenticalAndBf16CopyIsClose() throws Exception {
        assertArrayEquals(Files.readAllBytes(family.directory("ones-1").resolve("model.safetensors")),
                Files.readAllBytes(family.directory("ones-1-copy").resolve("model.safetensors")));
        SafetensorsModel parent = family.open("ones-1"), copy = family.open("ones-1-bf16");
        for (var e : copy.inventory().tensors()) {
            assertEquals(DType.BF16, e.dtype(), e.name());
            double[] a = parent.read(e.name()).doubles(), b = copy.read(e.name()).doubles();
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= Math.abs(a[i]) / 256 + 1e-30, e.name() + "[" + i + "] " + a[i] + " vs " + b[i]);
            }
        }
    }

    /** The phenomenon the notebooks teach, asserted on the lab's own training run. */
    @Test
    void independentOnesInitHaveRawCosineNearOneAndPearsonNearZero() throws Exception {
        List<String[]> pairs = List.of(new String[] {"ones-1", "ones-2"}, new String[] {"ones-1", "ones-3"}, new String[] {"ones-2", "ones-3"});
        double sumAbsPearson = 0;
        int n = 0;
        for (String[] p : pairs) {
            for (int l = 0; l < 8; l++) {
                for (String norm : List.of(ToyParams.ATTN_NORM, ToyParams.FFN_NORM)) {
                    double[] a = gains(p[0], l, norm), b = gains(p[1], l, norm);
                    double cos = VectorMetrics.cosine(a, b), r = VectorMetrics.pearson(a, b);
                    assertTrue(cos > 0.99, p[0] + " vs " + p[1] + " layer " + l + " " + norm + ": cosine " + cos);
                    assertTrue(Math.abs(r) < 0.4, p[0] + " vs " + p[1] + " layer " + l + " " + norm + ": Pearson " + r);
                    sumAbsPearson += Math.abs(r);
                    n++;
                }
            }
        }
        // under independence |r| averages about 0.8/√128 ≈ 0.07 for width 128
        assertTrue(sumAbsPearson / n < 0.15, "mean |Pearson| " + sumAbsPearson / n);
    }

    @Test
    void randomInitIndependentMembersHaveNoRawCosine() throws Exception {
        for (int l = 0; l < 8; l++) {
            double cos = VectorMetrics.cosine(gains("rand-1", l, ToyParams.ATTN_NORM), gains("rand-2", l, ToyParams.ATTN_NORM));
            assertTrue(Math.abs(cos) < 0.4, "rand-1 vs rand-2 layer " + l + ": cosine " + cos);
        }
    }

    @Test
    void derivedMembersHavePearsonNearOneAtTheirParentsLayers() throws Exception {
        for (String child : List.of("ones-1-bf16", "ones-1-ft-short", "ones-1-ft-long", "ones-1-half", "rand-1-ft")) {
            Member m = family.member(child);
            int[] from = family.parentLayers(child);
            for (int l = 0; l < from.length; l++) {
                for (String norm : List.of(ToyParams.ATTN_NORM, ToyParams.FFN_NORM)) {
                    double r = VectorMetrics.pearson(gains(child, l, norm), gains(m.parent(), from[l], norm));
                    assertTrue(r > 0.8, child + " layer " + l + " vs " + m.parent() + " layer " + from[l] + " " + norm + ": Pearson " + r);
                }
            }
        }
    }

    @Test
    void membersOpenThroughTheModelSourceApiWithToyLabelsAndRoles() throws Exception {
        SafetensorsModel m = family.open("ones-1-half");
        assertEquals("toy tiny/ones-1-half@13", m.source().label());
        var series = m.layerSeries(Role.ATTN_NORM, "weight");
        assertEquals(4, series.size());
        assertEquals(128, series.layer(0).length);
        assertEquals(8, family.open("ones-1").layerSeries(Role.FFN_NORM, "weight").size());
        // the same bytes through the plain local-directory source
        ModelSource plain = SafetensorsModel.local(family.directory("ones-1-half"));
        Tensor a = plain.read(ToyParams.layer(1, ToyParams.ATTN_NORM));
        assertArrayEquals(a.rawBytes(), m.read(ToyParams.layer(1, ToyParams.ATTN_NORM)).rawBytes());
        assertEquals("toy_lm", m.config().path("model_type").asText());
        assertEquals(4, m.config().path("num_hidden_layers").asInt());
        assertEquals(family.config().parameterCount(), m0params("ones-1"));
    }

    private static long m0params(String member) throws Exception {
        long n = 0;
        for (var e : family.open(member).inventory().tensors()) {
            n += e.numel();
        }
        return n;
    }

    @Test
    void relationsAndCurvesAreTablesWithSources() {
        var rel = family.relations();
        assertEquals(family.members().size(), rel.rowCount());
        assertEquals("toy tiny/ones-1-ft-long@12", rel.stringColumn("source").get(rel.stringColumn("member").indexOf("ones-1-ft-long")));
        var curves = family.curves(10);
        assertEquals(20 * 5 + 2 + 20 + 4 + 2, curves.rowCount()); // 200-step members give 20 points, 20-step ones 2, …
    }

    @Test
    void theLabHubServesToyRepos() throws Exception {
        try (var hub = org.provenancelab.hub.Hub.fromEnvironment(Map.of(Profile.ENV, "offline"))) {
            SafetensorsModel m = hub.model(family.repoId("ones-1-half"));
            assertTrue(m.source().label().startsWith("local toy/tiny-ones-1-half@"), m.source().label());
            String name = ToyParams.layer(2, ToyParams.ATTN_NORM);
            assertArrayEquals(family.open("ones-1-half").read(name).rawBytes(), m.read(name).rawBytes());
        }
    }

    @Test
    void secondLoadReadsTheCacheWithoutTraining(@TempDir Path tmp) throws Exception {
        ToyFamily again = ToyFamily.load(ToyFamily.standardSpec(), ToyFamily.defaultRoot());
        assertEquals(family.key(), again.key());
        assertEquals(family.timing(), again.timing()); // the same folder, not a new run
    }

    @Test
    void publishedMembersReadTheSameThroughTheLocalHub(@TempDir Path cache) throws Exception {
        try (var hub = org.provenancelab.hub.LocalHub.start()) {
            Map<String, String> repos = family.publish(hub);
            assertEquals(family.members().size(), repos.size());
            var client = new org.provenancelab.hub.HubClient(hub.endpoint(), null, org.provenancelab.hub.RetryPolicy.DEFAULT, false);
            SafetensorsModel remote = new SafetensorsModel(org.provenancelab.hub.HubStore.open(client,
                    new org.provenancelab.cache.DataCache(cache), family.repoId("ones-2"), "main"));
            assertEquals(repos.get("toy/tiny-ones-2"), remote.commit());
            String name = ToyParams.layer(5, ToyParams.FFN_NORM);
            assertArrayEquals(family.open("ones-2").read(name).rawBytes(), remote.read(name).rawBytes());
        }
    }

    static ToyFamily.Spec smallSpec(int steps) {
        ToyConfig c = new ToyConfig(Corpus.VOCAB, 16, 2, 24, 4, 12);
        var ones = ToyParams.GainInit.ONES;
        return new ToyFamily.Spec("small", c, 2, 12, 3, Map.of("gpl", List.of("GPL-3"), "held", List.of("BSD")), "held", List.of(
                Member.independent("a", 7, ones, "gpl", steps, 3e-3),
                new Member("a-ft", "a", Relation.FINE_TUNE, 8, ones, "gpl", 3, 1e-3, null),
                new Member("a-half", "a", Relation.LAYER_DROP, 9, ones, "gpl", 3, 1e-3, new int[] {0, 2})));
    }

    @Test
    void trainingTwiceGivesTheSameBytes(@TempDir Path one, @TempDir Path two) throws Exception {
        ToyFamily a = ToyFamily.load(smallSpec(15), one), b = ToyFamily.load(smallSpec(15), two);
        assertEquals(a.key(), b.key());
        for (Member m : a.members()) {
            for (String f : List.of("model.safetensors", "config.json", "training.json")) {
                assertArrayEquals(Files.readAllBytes(a.directory(m.name()).resolve(f)), Files.readAllBytes(b.directory(m.name()).resolve(f)),
                        m.name() + "/" + f);
            }
        }
        // a different spec is a different folder
        assertTrue(!ToyFamily.load(smallSpec(16), one).key().equals(a.key()));
    }

    @Test
    void badSpecsFailNamingTheMember() {
        var ones = ToyParams.GainInit.ONES;
        var e = assertThrows(IllegalArgumentException.class, () -> new ToyFamily.Spec("small", new ToyConfig(128, 16, 2, 24, 2, 8), 2, 8, 1,
                Map.of("gpl", List.of("GPL-3"), "held", List.of("BSD")), "held",
                List.of(new Member("child", "nobody", Relation.FINE_TUNE, 1, ones, "gpl", 3, 1e-3, null))));
        assertTrue(e.getMessage().contains("child") && e.getMessage().contains("nobody"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ToyFamily.Spec("small", new ToyConfig(128, 16, 2, 24, 2, 8), 2, 8, 1,
                Map.of("gpl", List.of("GPL-3"), "held", List.of("BSD")), "held",
                List.of(Member.independent("x", 1, ones, "held", 3, 1e-3))));
        assertTrue(e.getMessage().contains("held-out"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> family.member("nope"));
    }
}

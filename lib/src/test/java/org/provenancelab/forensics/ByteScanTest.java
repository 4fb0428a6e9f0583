package org.provenancelab.forensics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.metrics.ByteIdentity.Verdict;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.tensor.Tensor;

class ByteScanTest {
    @TempDir
    Path cache;

    @Test
    void findsExactlyThePlantedCopiesAcrossTheHub() throws Exception {
        Map<String, Tensor> a = PlantedRepos.model(1), b = PlantedRepos.model(2);
        // planted: a same-index copy of a large matrix, a copy moved to another layer, and a copied norm
        String k1 = "model.layers.1.self_attn.k_proj.weight";
        b.put(k1, a.get(k1));
        String gate3 = "model.layers.3.mlp.gate.weight";
        b.put(gate3, PlantedRepos.renamed(a.get("model.layers.0.mlp.gate.weight"), gate3));
        String norm2 = "model.layers.2.input_layernorm.weight";
        b.put(norm2, a.get(norm2));
        // a near-copy: every 97th element of v_proj changed, so blocks survive but not every byte
        Tensor v0 = a.get("model.layers.0.self_attn.v_proj.weight");
        float[] f = v0.floats();
        for (int i = 0; i < f.length; i += 97) {
            f[i] = f[i] * 1.5f + 0.01f;
        }
        b.put(v0.name(), PlantedRepos.bf16(v0.name(), v0.shape(), f));
        try (LocalHub hub = LocalHub.start()) {
            PlantedRepos.publish(hub, "lab-test/a", a, PlantedRepos.LAYERS);
            PlantedRepos.publish(hub, "lab-test/b", b, PlantedRepos.LAYERS);
            SafetensorsModel ma = PlantedRepos.open(hub, cache, "lab-test/a"), mb = PlantedRepos.open(hub, cache, "lab-test/b");
            ByteScan scan = ByteScan.scan(ma, mb);

            Set<String> found = scan.identical().stream().map(p -> p.nameA() + " = " + p.nameB()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(Set.of(k1 + " = " + k1, "model.layers.0.mlp.gate.weight = " + gate3, norm2 + " = " + norm2)), found);
            assertEquals(1, scan.partial().size(), scan.hits().print());
            assertEquals(v0.name(), scan.partial().get(0).nameA());
            assertTrue(scan.partial().get(0).identicalFraction() > 0.95, scan.partial().toString());
            // identical pairs were confirmed by the full hashes of the stored bytes
            for (ByteScan.Pair p : scan.identical()) {
                assertEquals(a.get(p.nameA()).sha256(), p.sha256A());
                assertEquals(p.sha256A(), p.sha256B());
            }
            // every family of 7 in both models was scanned, all layer pairs of it
            assertEquals(7, scan.families().size());
            ByteScan.FamilyResult k = scan.families().stream().filter(r -> r.family().key().equals("model.layers.{i}.self_attn.k_proj.weight"))
                    .findFirst().orElseThrow();
            assertEquals(16, k.pairs());
            assertEquals(1, k.identical());
            assertEquals(7, scan.table().rowCount());
            assertTrue(scan.table().column("source").asList().stream().allMatch(s -> s.toString().equals(ma.source().label() + "; " + mb.source().label())));

            // same seed, same answer; the bytes read are far fewer than stored for the big families
            ByteScan again = ByteScan.scan(PlantedRepos.open(hub, cache, "lab-test/a"), PlantedRepos.open(hub, cache, "lab-test/b"));
            assertEquals(scan.pairs(), again.pairs());
            assertTrue(scan.bytesA() > 0 && scan.bytesA() <= scan.storedA());
        }
    }

    @Test
    void theLabsPlantedPairIsFoundExactly() throws Exception {
        try (LocalHub hub = LocalHub.start()) {
            PlantedPair.publish(hub);
            ByteScan scan = ByteScan.scan(PlantedRepos.open(hub, cache, PlantedPair.REPO_A), PlantedRepos.open(hub, cache, PlantedPair.REPO_B));
            assertEquals(new java.util.HashSet<>(PlantedPair.copies()),
                    scan.identical().stream().map(p -> new PlantedPair.Copy(p.nameA(), p.nameB())).collect(Collectors.toSet()));
            assertEquals(java.util.List.of(PlantedPair.nearCopy()),
                    scan.partial().stream().map(p -> new PlantedPair.Copy(p.nameA(), p.nameB())).toList());
        }
    }

    @Test
    void theHubServesThePlantedPairAndSaysWhichRealReposItCannotRead() throws Exception {
        try (org.provenancelab.hub.Hub hub = org.provenancelab.hub.Hub.fromEnvironment(Map.of("LAB_PROFILE", "offline",
                "LAB_CACHE", cache.toString()))) {
            ByteScan scan = ByteScan.scan(hub.model(PlantedPair.REPO_A), hub.model(PlantedPair.REPO_B));
            assertTrue(PlantedPair.requireFoundExactly(scan).startsWith("The scan found exactly"));
            var check = PlantedPair.check(scan);
            assertEquals(5, check.rowCount(), check.print());
            for (int r = 0; r < check.rowCount(); r++) {
                assertEquals(check.stringColumn("planted as").get(r).split(" ")[0], check.stringColumn("found as").get(r));
            }
            var roles = new java.util.LinkedHashMap<String, String>();
            roles.put("planted", PlantedPair.REPO_A);
            roles.put("real", "zai-org/GLM-4.5-Air");
            var t = Availability.table(hub, roles);
            assertTrue(t.stringColumn("read here as").get(0).startsWith("local " + PlantedPair.REPO_A + "@"), t.print());
            assertTrue(t.stringColumn("read here as").get(1).startsWith("not read"), t.print());
        }
    }

    @Test
    void bigFamiliesAreRepresentedByASeededSampleOfSlots() throws Exception {
        Map<String, Tensor> a = PlantedRepos.model(7), b = PlantedRepos.model(8);
        for (int e = 0; e < 10; e++) {
            Tensor t = PlantedRepos.bf16("model.layers.0.mlp.experts." + e + ".up_proj.weight", new long[] {8, 16}, new java.util.Random(e), false);
            a.put(t.name(), t);
            b.put(t.name(), e == 3 ? t : PlantedRepos.bf16(t.name(), new long[] {8, 16}, new java.util.Random(100 + e), false));
        }
        try (LocalHub hub = LocalHub.start()) {
            PlantedRepos.publish(hub, "lab-test/ea", a, PlantedRepos.LAYERS);
            PlantedRepos.publish(hub, "lab-test/eb", b, PlantedRepos.LAYERS);
            var opts = new ByteScan.Options(ByteScan.DEFAULT.tiers(), 1, 128, 4);
            ByteScan scan = ByteScan.scan(PlantedRepos.open(hub, cache, "lab-test/ea"), PlantedRepos.open(hub, cache, "lab-test/eb"), opts);
            ByteScan.FamilyResult r = scan.families().stream().filter(f -> f.family().experts()).findFirst().orElseThrow();
            assertEquals("model.layers.{i}.mlp.experts.{e}.up_proj.weight", r.family().key());
            assertEquals(4, r.family().a().size());
            assertTrue(r.family().note().contains("4 of 10"), r.family().note());
            assertEquals(16, r.pairs(), "4 members per side, all pairs");
            ByteScan full = ByteScan.scan(PlantedRepos.open(hub, cache, "lab-test/ea"), PlantedRepos.open(hub, cache, "lab-test/eb"));
            assertEquals(1, full.identical().stream().filter(p -> p.nameA().contains("experts.3.")).count());
            assertEquals("layer 0 expert 3", r.family().label(3));
        }
    }

    @Test
    void unrelatedModelsShowOnlyChanceLevelEquality() throws Exception {
        try (LocalHub hub = LocalHub.start()) {
            PlantedRepos.publish(hub, "lab-test/x", PlantedRepos.model(3), PlantedRepos.LAYERS);
            PlantedRepos.publish(hub, "lab-test/y", PlantedRepos.model(4), PlantedRepos.LAYERS);
            ByteScan scan = ByteScan.scan(PlantedRepos.open(hub, cache, "lab-test/x"), PlantedRepos.open(hub, cache, "lab-test/y"));
            assertEquals(0, scan.identical().size());
            for (ByteScan.FamilyResult r : scan.families()) {
                // observed equal share within a few standard errors of the chance share
                double n = r.sampledPerMember() * r.family().a().size();
                double se = Math.sqrt(r.sameSlotChance() * (1 - r.sameSlotChance()) / n);
                assertTrue(Math.abs(r.sameSlotFraction() - r.sameSlotChance()) < 5 * se + 1e-3,
                        r.family().key() + ": " + r.sameSlotFraction() + " vs chance " + r.sameSlotChance());
            }
            // norms near 1 in bf16 collide often by chance; that is what the chance column is for
            ByteScan.FamilyResult norm = scan.families().stream().filter(r -> r.family().key().contains("input_layernorm")).findFirst().orElseThrow();
            assertTrue(norm.sameSlotChance() > 0.01, "bf16 norms near 1 share codes by chance: " + norm.sameSlotChance());
        }
    }

    @Test
    void chanceIsTheOverlapOfTheTwoValueDistributions() {
        // a: codes {1: 2, 2: 2}; b: codes {2: 1, 3: 3} → p_a(2)·p_b(2) = 0.5 · 0.25
        assertEquals(0.125, ByteScan.chance(Map.of(1L, 2, 2L, 2), Map.of(2L, 1, 3L, 3), 4, 4), 1e-15);
    }

    @Test
    void familiesWithDifferentShapesAreListedNotCompared() throws Exception {
        Map<String, Tensor> a = PlantedRepos.model(5), b = PlantedRepos.model(6);
        String q = "model.layers.0.self_attn.q_proj.weight";
        b.put(q, PlantedRepos.bf16(q, new long[] {3L * PlantedRepos.KV, PlantedRepos.HIDDEN}, new java.util.Random(1), false));
        try (LocalHub hub = LocalHub.start()) {
            PlantedRepos.publish(hub, "lab-test/p", a, PlantedRepos.LAYERS);
            PlantedRepos.publish(hub, "lab-test/q", b, PlantedRepos.LAYERS);
            ByteScan scan = ByteScan.scan(PlantedRepos.open(hub, cache, "lab-test/p"), PlantedRepos.open(hub, cache, "lab-test/q"));
            ByteScan.FamilyResult r = scan.families().stream().filter(x -> x.family().key().contains("q_proj")).findFirst().orElseThrow();
            assertEquals(0, r.pairs());
            assertTrue(r.family().note().contains("shapes differ"), r.family().note());
            assertEquals(Verdict.DIFFERENT, scan.pairs().get(0).verdict());
        }
    }
}

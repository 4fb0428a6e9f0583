package org.provenancelab.hub;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.provenancelab.zoo.Zoo;

/**
 * The repos the lab serves itself on its in-process {@link LocalHub}: synthetic layouts
 * ({@code synthetic/solar-like}, {@code synthetic/glm-like}, {@code synthetic/phi-moe-like}), zoo models ({@code zoo/<name>}),
 * and whatever other lab code registers (toy models under {@code toy/}). Numbers read from them
 * are labelled {@code local …}: a test of the path, never evidence about real models.
 *
 * <p>Stand-ins are what the local hub serves under a <em>real</em> repo id when {@code LAB_HUB=local}
 * (tests of the online cells): the synthetic layout of the same shape, independent of each other;
 * with {@code LAB_HUB=local-derived}, Solar's stand-in is derived from GLM's, byte for byte where the
 * layouts agree; with {@code LAB_HUB=local-finetuned}, from GLM's moved as a fine-tune moves them
 * (no whole tensor stays identical, the patterns stay).
 */
public final class LocalRepos {
    /** Publishes one repo on a local hub; returns its commit. */
    @FunctionalInterface
    public interface Publisher {
        String publish(LocalHub hub, String repo) throws IOException;
    }

    /** How far the INTELLECT-3 stand-in moves GLM's values: 2 % of their spread, so Pearson stays near 1 and most bytes change. */
    static final double FINE_TUNE_DRIFT = 0.02;
    private static final Map<String, Publisher> BY_ID = new ConcurrentHashMap<>();
    private static final Map<String, Publisher> BY_PREFIX = new ConcurrentHashMap<>();
    private static final Map<String, Publisher> STAND_INS = new ConcurrentHashMap<>();
    /** Per LAB_HUB variant, the stand-ins it serves instead of the independent ones. */
    private static final Map<String, Map<String, Publisher>> VARIANTS = new ConcurrentHashMap<>();

    static {
        register(Synthetic.SOLAR_LIKE.repo(), (hub, repo) -> Synthetic.publish(hub, Synthetic.SOLAR_LIKE));
        register(Synthetic.GLM_LIKE.repo(), (hub, repo) -> Synthetic.publish(hub, Synthetic.GLM_LIKE));
        register(Synthetic.PHI_LIKE.repo(), (hub, repo) -> Synthetic.publish(hub, Synthetic.PHI_LIKE));
        registerPrefix("zoo/", (hub, repo) -> Zoo.publish(hub, Zoo.open(repo.substring("zoo/".length()))));
        // the lab's toy family: toy/<family>-<member>, trained on first use
        registerPrefix("toy/", (hub, repo) -> {
            var toy = org.provenancelab.toy.ToyFamily.standard();
            return toy.publish(hub, toy.memberOfRepo(repo));
        });
        // two small models sharing only the tensors the lab planted: the byte scan's known answer
        register(org.provenancelab.forensics.PlantedPair.REPO_A, org.provenancelab.forensics.PlantedPair::publish);
        register(org.provenancelab.forensics.PlantedPair.REPO_B, org.provenancelab.forensics.PlantedPair::publish);
        registerStandIn("upstage/Solar-Open-100B", (hub, repo) -> Synthetic.publish(hub, Synthetic.SOLAR_LIKE.as(repo)));
        registerStandIn("zai-org/GLM-4.5-Air", (hub, repo) -> Synthetic.publish(hub, Synthetic.GLM_LIKE.as(repo)));
        // a fine-tune of GLM-4.5-Air: GLM's layout, and the GLM stand-in's values moved a little (the positive control)
        registerStandIn("PrimeIntellect/INTELLECT-3", (hub, repo) -> Synthetic.publishCopy(hub, Synthetic.GLM_LIKE.as(repo),
                Synthetic.GLM_LIKE.as("zai-org/GLM-4.5-Air"), FINE_TUNE_DRIFT));
        // the rebuttal's unrelated control (notebooks 10 and 12 compare it with GLM)
        registerStandIn("microsoft/Phi-3.5-MoE-instruct", (hub, repo) -> Synthetic.publish(hub, Synthetic.PHI_LIKE.as(repo)));
        // LAB_HUB=local-derived: Solar's stand-in keeps the GLM stand-in's tensors wherever the layouts agree
        VARIANTS.put(Hub.LOCAL_DERIVED, Map.of("upstage/Solar-Open-100B", (hub, repo) -> Synthetic.publishCopy(hub,
                Synthetic.SOLAR_LIKE.as(repo), Synthetic.GLM_LIKE.as("zai-org/GLM-4.5-Air"), 0)));
        // LAB_HUB=local-finetuned: the same tensors moved as INTELLECT-3's stand-in is: no whole tensor stays identical,
        // though many single elements keep their bf16 bytes (a small move can round back to the same value)
        VARIANTS.put(Hub.LOCAL_FINETUNED, Map.of("upstage/Solar-Open-100B", (hub, repo) -> Synthetic.publishCopy(hub,
                Synthetic.SOLAR_LIKE.as(repo), Synthetic.GLM_LIKE.as("zai-org/GLM-4.5-Air"), FINE_TUNE_DRIFT)));
    }

    private LocalRepos() {}

    /** Serves the repo {@code id} from the local hub. */
    public static void register(String id, Publisher p) {
        BY_ID.put(id, p);
    }

    /** Serves every repo whose id starts with {@code prefix} (e.g. {@code "toy/"}). */
    public static void registerPrefix(String prefix, Publisher p) {
        BY_PREFIX.put(prefix, p);
    }

    /** What {@code LAB_HUB=local} serves under the real repo id {@code realRepo}. */
    public static void registerStandIn(String realRepo, Publisher p) {
        STAND_INS.put(realRepo, p);
    }

    /** The publisher of a repo the lab serves itself, in every profile. */
    public static Optional<Publisher> lab(String repo) {
        Publisher p = BY_ID.get(repo);
        if (p != null) {
            return Optional.of(p);
        }
        return BY_PREFIX.entrySet().stream().filter(e -> repo.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    /** The stand-in {@code LAB_HUB=local} serves under a real repo id. */
    public static Optional<Publisher> standIn(String repo) {
        return standIn(repo, "local");
    }

    /**
     * The stand-in served under a real repo id for a {@code LAB_HUB} value: with
     * {@code local-derived} or {@code local-finetuned}, Solar's is built from the GLM stand-in's
     * tensors wherever the two layouts agree (as they are, or moved as a fine-tune moves them),
     * so the online notebooks meet a pair whose answer is "derived".
     */
    public static Optional<Publisher> standIn(String repo, String variant) {
        Publisher p = VARIANTS.getOrDefault(variant, Map.of()).get(repo);
        return Optional.ofNullable(p != null ? p : STAND_INS.get(repo));
    }

    /** Real repo ids that have a stand-in, sorted (for error messages). */
    public static java.util.List<String> standIns() {
        return STAND_INS.keySet().stream().sorted().toList();
    }
}

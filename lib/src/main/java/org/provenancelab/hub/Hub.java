package org.provenancelab.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Lab;
import org.provenancelab.provenance.Profile;

/**
 * The hub a notebook reads models from, chosen by the profile; made once in a hidden set-up cell
 * ({@code var hub = Hub.current();}), then asked for models ({@code hub.model(repo, revision)}).
 *
 * <ul>
 *   <li><b>online</b>: real repos from the Hub the environment names (HF_ENDPOINT, HF_TOKEN),
 *       cached in {@code data-cache/} (or LAB_CACHE); labels {@code live …}.</li>
 *   <li><b>offline</b>: no network. Real repos replay from the cache if an earlier online run
 *       filled it (labels {@code live …}); otherwise {@link #model} fails with
 *       {@link HubException.Kind#OFFLINE_MISS} and {@link #has} says so beforehand.</li>
 *   <li>In every profile, the repos the lab serves itself ({@link LocalRepos}: synthetic layouts,
 *       zoo models, toy models) come from an in-process {@link LocalHub} started on first use,
 *       labelled {@code local …}, cached in a private temporary cache that is deleted on
 *       {@link #close()}: their bytes never enter {@code data-cache/}.</li>
 *   <li>{@code LAB_HUB=local} (tests of the online cells): real repo ids are served by the local hub
 *       too, as the synthetic stand-ins of the same shape ({@link LocalRepos#standIn}), labelled
 *       {@code local …}; {@code LAB_HUB=local-derived} serves a Solar stand-in derived from GLM's (its
 *       bytes), {@code LAB_HUB=local-finetuned} one derived and then moved as a fine-tune moves weights.</li>
 * </ul>
 * A variant (another cache, simulated latency of the local hub) comes from {@link #newBuilder()}.
 */
public final class Hub implements AutoCloseable {
    /** Set to {@code local} to serve real repo ids from the local hub (tests). */
    public static final String HUB_ENV = "LAB_HUB";
    /** As {@code local}, with Solar's stand-in derived from GLM's (the online tests' known "derived" pair). */
    public static final String LOCAL_DERIVED = "local-derived";
    /** As {@code local-derived}, the shared tensors moved as a fine-tune moves them: no whole tensor stays identical. */
    public static final String LOCAL_FINETUNED = "local-finetuned";

    private final Profile profile;
    private final boolean localOnly;
    private final Map<String, String> env;
    private final Path cacheDir;
    private final Duration latency;
    private final Hub root;
    private final List<HubClient> clients = new ArrayList<>();
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private final List<Hub> variants = new ArrayList<>();
    private DataCache cache;
    private HubClient remote;
    private LocalHub local;
    private HubClient localClient;
    private Path localCacheDir;
    private DataCache localCache;
    private Thread shutdownHook;
    private final Object cacheLock = new Object();
    private boolean closed;

    private Hub(Profile profile, boolean localOnly, Map<String, String> env, Path cacheDir, Duration latency, Hub root) {
        this.profile = profile;
        this.localOnly = localOnly;
        this.env = Map.copyOf(env);
        this.cacheDir = cacheDir;
        this.latency = latency;
        this.root = root;
    }

    /** The hub for the profile in LAB_PROFILE (offline by default), as the environment configures it. */
    public static Hub current() {
        return fromEnvironment(System.getenv());
    }

    /** The hub for the profile, hub choice (LAB_HUB), endpoint, token and cache an environment names. */
    public static Hub fromEnvironment(Map<String, String> env) {
        Profile p = Profile.parse(env.get(Profile.ENV));
        String h = env.getOrDefault(HUB_ENV, "").strip();
        if (!h.isEmpty() && !h.equals("local") && !h.equals(LOCAL_DERIVED) && !h.equals(LOCAL_FINETUNED)) {
            throw new IllegalArgumentException(HUB_ENV + " must be 'local', '" + LOCAL_DERIVED + "', '" + LOCAL_FINETUNED
                    + "' or unset, got '" + h + "'");
        }
        if (!h.isEmpty() && p != Profile.ONLINE) {
            throw new IllegalArgumentException(HUB_ENV + "=" + h + " stands in for the real Hub, so it needs the online profile ("
                    + Profile.ENV + "=online); the offline profile never reaches a hub for real repos");
        }
        String dir = env.get("LAB_CACHE");
        Path cache = dir != null && !dir.isBlank() ? Path.of(dir) : Lab.home().resolve("data-cache");
        return new Hub(p, !h.isEmpty(), env, cache, Duration.ZERO, null);
    }

    /** A builder for a variant of this hub: same profile and environment, another cache or latency. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Makes variants of a hub. */
    public static final class Builder {
        private final Hub base;
        private Path cacheDir;
        private Duration latency;

        private Builder(Hub base) {
            this.base = base;
            this.cacheDir = base.cacheDir;
            this.latency = base.latency;
        }

        /** The cache for real repos (repos the lab serves itself always use the hub's private cache). */
        public Builder cache(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "cache dir");
            return this;
        }

        /**
         * A delay before every answer of the local hub, so that progress is visible as it would be
         * over a network. It does not slow the real Hub.
         */
        public Builder latency(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative: " + d);
            }
            this.latency = d;
            return this;
        }

        /** The variant: fresh request counters; shares the lab-served repos' cache with the hub it came from. */
        public Hub build() {
            Hub root = base.root == null ? base : base.root;
            Hub h = new Hub(base.profile, base.localOnly, base.env, cacheDir, latency, root);
            synchronized (root) {
                root.variants.add(h);
            }
            return h;
        }
    }

    public Profile profile() {
        return profile;
    }

    /** A model pinned to the commit {@code revision} (branch, tag or SHA) points at now. */
    public synchronized SafetensorsModel model(String repo, String revision) throws IOException {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        if (closed) {
            throw new IllegalStateException("this hub is closed; make a new one with Hub.current()");
        }
        var publisher = localPublisher(repo);
        if (publisher.isPresent()) {
            LocalHub h = local();
            if (published.add(repo)) {
                try {
                    publisher.get().publish(h, repo);
                } catch (IOException | RuntimeException e) {
                    published.remove(repo);
                    throw e;
                }
            }
            return new SafetensorsModel(new LocalLabelledStore(HubStore.open(localClient, localCache(), repo, revision)));
        }
        if (localOnly) {
            throw new HubException(HubException.Kind.REPO_NOT_FOUND, 404, repo + ": " + HUB_ENV
                    + "=local serves only the lab's own repos and stand-ins for " + LocalRepos.standIns() + "; " + repo + " has none");
        }
        if (profile == Profile.OFFLINE && !has(repo, revision)) {
            throw new HubException(HubException.Kind.OFFLINE_MISS, 0, repo + "@" + revision
                    + " is a real Hub repo, and the offline profile reads real repos only from data-cache/ (or LAB_CACHE), "
                    + "which holds no earlier online run of it. Run the notebook with the online profile "
                    + "(kernel-setup/run-notebooks.sh --profile online; HF_TOKEN for gated repos) to fill the cache, "
                    + "or use a data-cache published with such a run. hub.has(repo) tells before opening.");
        }
        return new SafetensorsModel(HubStore.open(remote(), cache(), repo, revision));
    }

    /** {@link #model(String, String)} at revision {@code main}. */
    public SafetensorsModel model(String repo) throws IOException {
        return model(repo, "main");
    }

    /**
     * Whether {@link #model} can open the repo at {@code main}: always for repos the lab serves
     * itself; offline, when the cache holds an earlier online run of it; online, when the hub
     * knows the repo (one request).
     */
    public boolean has(String repo) throws IOException {
        return has(repo, "main");
    }

    public synchronized boolean has(String repo, String revision) throws IOException {
        if (localPublisher(repo).isPresent()) {
            return true;
        }
        if (localOnly) {
            return false;
        }
        if (profile == Profile.OFFLINE) {
            java.util.Optional<String> sha = cache().pinned(repo, revision); // cache lookups throw checked errors
            return sha.isPresent() && cache().revisionInfo(repo, sha.get()).isPresent();
        }
        try {
            remote().revision(repo, revision);
            return true;
        } catch (HubException e) {
            if (e.kind() == HubException.Kind.REPO_NOT_FOUND || e.kind() == HubException.Kind.REVISION_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** HTTP requests this hub sent so far (real and local hub; each retry and redirect counts). */
    public synchronized long requests() {
        return clients.stream().mapToLong(HubClient::requests).sum();
    }

    /** Response body bytes this hub received so far. */
    public synchronized long bytesReceived() {
        return clients.stream().mapToLong(HubClient::bytesReceived).sum();
    }

    /** Whether a token is set for the real Hub (it is sent to the endpoint's own host only). */
    public boolean hasToken() {
        return profile == Profile.ONLINE && !localOnly && HubClient.fromEnvironment(env).hasToken();
    }

    /** Stops the local hub if one was started and deletes the private cache; also done at JVM exit. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Hub v : variants) {
            v.close();
        }
        if (local != null) {
            local.close();
        }
        if (root == null && localCacheDir != null) {
            deleteTree(localCacheDir);
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running us
            }
        }
    }

    /** Where models come from, in a line (no ports or paths: it is shown in exports). */
    @Override
    public String toString() {
        String real = localOnly ? "real repo ids served by the local hub (" + HUB_ENV + "=local; labels 'local')"
                : profile == Profile.ONLINE ? "real repos from " + HubClient.fromEnvironment(env).endpoint()
                        + (hasToken() ? " with a token" : " without a token") + ", cached in data-cache (labels 'live')"
                : "real repos only from data-cache, no network (labels 'live')";
        return "hub for profile " + profile.label() + ": " + real + "; the lab's own repos from its local hub (labels 'local')";
    }

    private java.util.Optional<LocalRepos.Publisher> localPublisher(String repo) {
        var lab = LocalRepos.lab(repo);
        return lab.isPresent() || !localOnly ? lab : LocalRepos.standIn(repo, env.getOrDefault(HUB_ENV, "").strip());
    }

    private DataCache cache() {
        if (cache == null) {
            cache = new DataCache(cacheDir);
        }
        return cache;
    }

    private HubClient remote() {
        if (remote == null) {
            remote = profile == Profile.ONLINE ? HubClient.fromEnvironment(env)
                    : new HubClient(HubClient.DEFAULT_ENDPOINT, null, RetryPolicy.DEFAULT, true);
            clients.add(remote);
        }
        return remote;
    }

    private LocalHub local() throws IOException {
        if (local == null) {
            local = LocalHub.start();
            local.latency(latency);
            localClient = new HubClient(local.endpoint(), null, RetryPolicy.DEFAULT, false);
            clients.add(localClient);
            if (root == null) {
                registerHook();
            }
        }
        return local;
    }

    private DataCache localCache() throws IOException {
        if (root != null) {
            return root.sharedLocalCache();
        }
        return sharedLocalCache();
    }

    private DataCache sharedLocalCache() throws IOException {
        synchronized (cacheLock) {
            return sharedLocalCacheLocked();
        }
    }

    private DataCache sharedLocalCacheLocked() throws IOException {
        if (localCache == null) {
            localCacheDir = Files.createTempDirectory("lab-local-hub-cache");
            localCache = new DataCache(localCacheDir);
            registerHook();
        }
        return localCache;
    }

    private synchronized void registerHook() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::close, "lab-hub-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}

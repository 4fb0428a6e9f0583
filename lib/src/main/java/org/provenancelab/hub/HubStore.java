package org.provenancelab.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.FileStore;
import org.provenancelab.model.Span;
import org.provenancelab.provenance.Source;
import org.provenancelab.view.Display;
import org.provenancelab.view.Progress;

/**
 * A hub repo pinned to one commit, read through the cache. Cache misses are grouped per file,
 * merged when adjacent or close ({@link #MAX_GAP} bytes apart), split into chunks of at most
 * {@link #MAX_REQUEST} bytes, and fetched by up to {@link #PARALLEL} requests at once.
 */
public final class HubStore implements FileStore {
    /** Ranges this close are fetched in one request (the gap is read and discarded). */
    public static final int MAX_GAP = 4096;
    /** Largest single range request. */
    public static final int MAX_REQUEST = 16 << 20;
    /**
     * Requests in flight at once. A Solar- or GLM-sized model touches 40-50 shards, so 64 reads
     * every header in one wave (each a resolve redirect, then the storage host) instead of two.
     */
    public static final int PARALLEL = 64;
    /** Fetches this large (or with this many requests) show a progress bar. */
    private static final long PROGRESS_BYTES = 1 << 20;
    private static final int PROGRESS_REQUESTS = 8;

    private static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLEL, r -> {
        Thread t = new Thread(r, "hub-fetch");
        t.setDaemon(true);
        return t;
    });

    private final HubClient client;
    private final DataCache cache;
    private final String repo;
    private final String commit;
    private volatile List<FileEntry> files;
    private volatile Map<String, FileEntry> byPath;

    private HubStore(HubClient client, DataCache cache, String repo, String commit) {
        this.client = client;
        this.cache = cache;
        this.repo = repo;
        this.commit = commit;
    }

    /**
     * Pins {@code revision} (branch, tag or SHA) to a commit: from the hub, or offline from the
     * pin an earlier run left in the cache. A SHA needs no request.
     */
    public static HubStore open(HubClient client, DataCache cache, String repo, String revision) throws IOException {
        RepoId.check(repo);
        if (revision == null || revision.isEmpty()) {
            throw new HubException(HubException.Kind.BAD_INPUT, 0, repo + ": no revision given");
        }
        if (revision.matches("[0-9a-f]{40}")) {
            return new HubStore(client, cache, repo, revision);
        }
        if (client.offline()) {
            String sha = cache.pinned(repo, revision).orElseThrow(() -> new HubException(HubException.Kind.OFFLINE_MISS, 0,
                    "HF_HUB_OFFLINE=1: " + repo + "@" + revision + " was never pinned in the cache at " + cache.root()
                            + "; run once online, or give a commit SHA that is cached"));
            return new HubStore(client, cache, repo, sha);
        }
        RevisionInfo info = client.revision(repo, revision);
        cache.pin(repo, revision, info.sha());
        cache.putRevisionInfo(repo, info.sha(), info.raw());
        HubStore s = new HubStore(client, cache, repo, info.sha());
        s.files = info.files();
        return s;
    }

    @Override
    public String repo() {
        return repo;
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public Source source() {
        return Source.live(repo, commit);
    }

    public HubClient client() {
        return client;
    }

    public DataCache cache() {
        return cache;
    }

    @Override
    public List<FileEntry> files() throws IOException {
        if (files == null) {
            Optional<byte[]> cached = cache.revisionInfo(repo, commit);
            byte[] raw;
            if (cached.isPresent()) {
                raw = cached.get();
            } else {
                raw = client.revision(repo, commit).raw();
                cache.putRevisionInfo(repo, commit, raw);
            }
            files = RevisionInfo.parse(repo, commit, raw).files();
        }
        return files;
    }

    @Override
    public byte[] file(String path, long maxBytes) throws IOException {
        FileEntry listed = listed(path);
        Optional<byte[]> c = cache.file(repo, commit, path);
        if (c.isPresent()) {
            String problem = mismatch(listed, c.get());
            if (problem == null) {
                return c.get();
            }
            // a replayed or tampered cache: never serve it; fetch the file again (or fail offline)
            cache.dropFile(repo, commit, path);
        }
        byte[] b = client.file(repo, commit, path, maxBytes);
        String problem = mismatch(listed, b);
        if (problem != null) {
            throw new HubException(HubException.Kind.CONTENT_MISMATCH, 200, repo + "@" + commit.substring(0, 7) + ":" + path
                    + ": the server's answer is not the listed file (" + problem + "); nothing was cached");
        }
        cache.putFile(repo, commit, path, b);
        return b;
    }

    /** The listing's entry for a file (size, blob id, LFS sha256), or an error naming the file. */
    private FileEntry listed(String path) throws IOException {
        Map<String, FileEntry> idx = byPath;
        if (idx == null) {
            idx = new java.util.HashMap<>();
            for (FileEntry f : files()) {
                idx.put(f.path(), f);
            }
            byPath = idx;
        }
        FileEntry f = idx.get(path);
        if (f != null) {
            return f;
        }
        throw new HubException(HubException.Kind.ENTRY_NOT_FOUND, 404, repo + "@" + commit.substring(0, 7) + ":" + path
                + ": no such file in the listing of this commit");
    }

    /**
     * Why {@code bytes} are not the listed file, or null if they are: the size must match, and
     * the LFS sha256 (LFS files) or the git blob id (files in git) where the listing has one.
     */
    static String mismatch(FileEntry f, byte[] bytes) {
        if (f.size() >= 0 && f.size() != bytes.length) {
            return bytes.length + " bytes, listed " + f.size();
        }
        if (f.isLfs()) {
            String sha = GitObjects.sha256(bytes);
            return sha.equals(f.lfsSha256()) ? null : "sha256 " + sha.substring(0, 12) + ", listed " + f.lfsSha256().substring(0, 12);
        }
        if (!f.blobId().isEmpty()) {
            String id = GitObjects.blobId(bytes);
            return id.equals(f.blobId()) ? null : "blob id " + id.substring(0, 12) + ", listed " + f.blobId().substring(0, 12);
        }
        return null;
    }

    @Override
    public List<byte[]> read(List<Span> spans) throws IOException {
        byte[][] out = new byte[spans.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        Map<String, List<long[]>> cached = new java.util.HashMap<>(); // each file's cache folder listed once per batch
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            long size = listed(s.file()).size();
            if (size >= 0 && s.end() > size) {
                throw new HubException(HubException.Kind.BAD_INPUT, 0, repo + "@" + commit.substring(0, 7) + ":" + s.file()
                        + ": bytes " + s.start() + "-" + (s.end() - 1) + " lie beyond its " + size + " bytes");
            }
            if (s.length() == 0) {
                out[i] = new byte[0];
                continue;
            }
            List<long[]> known = cached.get(s.file());
            if (known == null) {
                known = cache.ranges(repo, commit, s.file());
                cached.put(s.file(), known);
            }
            Optional<byte[]> c = cache.range(repo, commit, s.file(), s.start(), s.length(), known);
            if (c.isPresent()) {
                out[i] = c.get();
            } else {
                missing.computeIfAbsent(s.file(), f -> new ArrayList<>()).add(i);
            }
        }
        if (missing.isEmpty()) {
            return List.of(out);
        }
        List<Span> requests = plan(spans, missing);
        Map<Span, byte[]> fetched = fetch(requests);
        // each span from the request that covers it: the requests of a file sorted by start, found
        // by binary search (a scan of all requests per span grew with the square of the rows read)
        Map<String, List<Span>> byFile = new java.util.HashMap<>();
        for (Span r : fetched.keySet()) {
            byFile.computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r);
        }
        for (List<Span> rs : byFile.values()) {
            rs.sort(Comparator.comparingLong(Span::start));
        }
        for (var e : missing.entrySet()) {
            List<Span> rs = byFile.get(e.getKey());
            for (int i : e.getValue()) {
                Span s = spans.get(i);
                int lo = 0, hi = rs.size() - 1, at = -1;
                while (lo <= hi) { // the last request starting at or before the span
                    int mid = (lo + hi) >>> 1;
                    if (rs.get(mid).start() <= s.start()) {
                        at = mid;
                        lo = mid + 1;
                    } else {
                        hi = mid - 1;
                    }
                }
                Span r = at < 0 ? null : rs.get(at);
                if (r == null || s.end() > r.end()) {
                    // not found there (requests cut at MAX_REQUEST can overlap): look at every one
                    r = null;
                    for (Span c : rs) {
                        if (c.start() <= s.start() && s.end() <= c.end()) {
                            r = c;
                            break;
                        }
                    }
                }
                if (r != null) {
                    int from = (int) (s.start() - r.start());
                    out[i] = java.util.Arrays.copyOfRange(fetched.get(r), from, from + s.length());
                }
            }
        }
        return List.of(out);
    }

    /** Merge the missing spans of each file into as few requests as the gap and size limits allow. */
    static List<Span> plan(List<Span> spans, Map<String, List<Integer>> missing) {
        List<Span> requests = new ArrayList<>();
        for (var e : missing.entrySet()) {
            List<Span> mine = new ArrayList<>();
            for (int i : e.getValue()) {
                mine.add(spans.get(i));
            }
            mine.sort(Comparator.comparingLong(Span::start));
            long start = -1, end = -1;
            for (Span s : mine) {
                if (start >= 0 && s.start() <= end + MAX_GAP && Math.max(end, s.end()) - start <= MAX_REQUEST) {
                    end = Math.max(end, s.end());
                    continue;
                }
                if (start >= 0) {
                    requests.add(new Span(e.getKey(), start, (int) (end - start)));
                }
                start = s.start();
                end = s.end();
            }
            requests.add(new Span(e.getKey(), start, (int) (end - start)));
        }
        // a single span larger than MAX_REQUEST stays one entry here; fetchOne reads it in chunks
        return requests;
    }

    private Map<Span, byte[]> fetch(List<Span> requests) throws IOException {
        long total = requests.stream().mapToLong(Span::length).sum();
        boolean show = total >= PROGRESS_BYTES || requests.size() >= PROGRESS_REQUESTS;
        Progress progress = show ? Display.progress("fetching " + repo + "@" + commit.substring(0, 7), total, "bytes") : null;
        AtomicInteger done = new AtomicInteger();
        CallGroup group = new CallGroup();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Span r : requests) {
            sizes.put(r.file(), listed(r.file()).size());
        }
        try {
            // completions in the order they happen: the first failure cancels the batch at once
            java.util.concurrent.CompletionService<byte[]> done2 = new java.util.concurrent.ExecutorCompletionService<>(POOL);
            Map<Future<byte[]>, Span> futures = new LinkedHashMap<>();
            for (Span r : requests) {
                futures.put(done2.submit(() -> {
                    if (group.cancelled()) {
                        throw new HubException(HubException.Kind.UNAVAILABLE, 0, repo + ": cancelled (another read of the batch failed)");
                    }
                    byte[] b = fetchOne(r, sizes.get(r.file()), group);
                    if (group.cancelled()) {
                        // a later failure of the batch does not make these bytes wrong, but keep the batch all-or-nothing
                        throw new HubException(HubException.Kind.UNAVAILABLE, 0, repo + ": cancelled (another read of the batch failed)");
                    }
                    cache.putRange(repo, commit, r.file(), r.start(), b);
                    if (progress != null) {
                        synchronized (progress) { // count and show together, so the last update shows n / n
                            progress.advance(b.length, done.incrementAndGet() + " / " + requests.size() + " requests");
                        }
                    }
                    return b;
                }), r);
            }
            Map<Span, byte[]> out = new LinkedHashMap<>();
            IOException failure = null;
            // every task is waited for, so that no fetch is still running when this returns or throws;
            // after a failure the group's cancelled calls and the fail-fast start make that quick
            for (int i = 0; i < requests.size(); i++) {
                try {
                    Future<byte[]> f = done2.take();
                    try {
                        out.put(futures.get(f), f.get());
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof IOException io ? io
                                    : e.getCause() instanceof UncheckedIOException u ? u.getCause()
                                    : new IOException(repo + ": fetch failed: " + e.getCause(), e.getCause());
                            group.cancel(); // ends the reads in flight: cancelling a future would not
                        }
                    }
                } catch (InterruptedException e) {
                    group.cancel();
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while fetching from " + repo);
                }
            }
            if (failure != null) {
                throw failure;
            }
            Map<Span, byte[]> ordered = new LinkedHashMap<>();
            for (Span r : requests) {
                ordered.put(r, out.get(r));
            }
            return ordered;
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** One planned span, in chunks of at most MAX_REQUEST bytes. */
    private byte[] fetchOne(Span r, long fileSize, CallGroup group) throws IOException {
        if (r.length() <= MAX_REQUEST) {
            return client.range(repo, commit, r.file(), r.start(), r.length(), fileSize, group);
        }
        byte[] all = new byte[r.length()];
        for (long off = 0; off < r.length(); off += MAX_REQUEST) {
            int len = (int) Math.min(MAX_REQUEST, r.length() - off);
            System.arraycopy(client.range(repo, commit, r.file(), r.start() + off, len, fileSize, group), 0, all, (int) off, len);
        }
        return all;
    }
}

package org.provenancelab.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The persistent cache of everything read from a hub: revision pins, revision info, whole small
 * files and byte ranges, keyed by repo, commit SHA, file and range. Entries are immutable (a
 * commit never changes), written atomically (temporary file, then rename), and each carries its
 * length and SHA-256, checked on every read: a corrupt or truncated entry is deleted and
 * reported as a miss, so it is fetched again. Layout: see data-cache/README.md.
 */
public final class DataCache {
    private static final byte[] MAGIC = "provenance-lab-cache 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern RANGE_ENTRY = Pattern.compile("(\\d+)-(\\d+)\\.range");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Verified payloads kept in memory, so that many small reads from one large range hash it once. */
    private static final long MEMORY_BYTES = 256L << 20;

    private final Path root;
    private final AtomicLong corrupt = new AtomicLong();
    private final java.util.LinkedHashMap<Path, byte[]> verified = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private long verifiedBytes;

    public DataCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache at {@code LAB_CACHE}, else {@code data-cache/} of the lab. */
    public static DataCache fromEnvironment(Path labHome) {
        String dir = System.getenv("LAB_CACHE");
        return new DataCache(dir != null && !dir.isBlank() ? Path.of(dir) : labHome.resolve("data-cache"));
    }

    public Path root() {
        return root;
    }

    /** Entries found corrupt (and removed) since this object was made. */
    public long corruptEntries() {
        return corrupt.get();
    }

    // --- keys -----------------------------------------------------------------------------

    Path repoDir(String repo) {
        if (!repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("repo id must look like 'owner/name', got '" + repo + "'");
        }
        return root.resolve(repo.replace("/", "--"));
    }

    private Path commitDir(String repo, String commit) {
        if (!commit.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("cache entries are keyed by a full commit SHA, got '" + commit + "'");
        }
        return repoDir(repo).resolve(commit);
    }

    private Path fileDir(String repo, String commit, String file) {
        Path p = commitDir(repo, commit).resolve("files");
        for (String seg : file.split("/")) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("bad file path '" + file + "'");
            }
            p = p.resolve(seg);
        }
        return p;
    }

    // --- revision pins ----------------------------------------------------------------------

    /** The commit a revision (branch, tag) was pinned to by an earlier online run. */
    public Optional<String> pinned(String repo, String revision) {
        if (revision.matches("[0-9a-f]{40}")) {
            return Optional.of(revision);
        }
        Path ref = repoDir(repo).resolve("refs").resolve(encode(revision));
        return get(ref).map(b -> new String(b, StandardCharsets.US_ASCII)).filter(s -> s.matches("[0-9a-f]{40}"));
    }

    public void pin(String repo, String revision, String commit) throws IOException {
        if (!revision.matches("[0-9a-f]{40}")) {
            put(repoDir(repo).resolve("refs").resolve(encode(revision)), commit.getBytes(StandardCharsets.US_ASCII),
                    meta(repo, commit, "refs/" + revision));
        }
    }

    // --- revision info, whole files, ranges --------------------------------------------------

    public Optional<byte[]> revisionInfo(String repo, String commit) {
        return get(commitDir(repo, commit).resolve("revision.json.entry")).map(byte[]::clone);
    }

    public void putRevisionInfo(String repo, String commit, byte[] json) throws IOException {
        put(commitDir(repo, commit).resolve("revision.json.entry"), json, meta(repo, commit, "api revision"));
    }

    /**
     * An answer of the Hub's API about a commit that cannot change once the commit exists (e.g.
     * its history, {@code name} "commits"), kept beside the revision info.
     */
    public Optional<byte[]> api(String repo, String commit, String name) {
        return get(commitDir(repo, commit).resolve(apiEntry(name))).map(byte[]::clone);
    }

    public void putApi(String repo, String commit, String name, byte[] json) throws IOException {
        put(commitDir(repo, commit).resolve(apiEntry(name)), json, meta(repo, commit, "api " + name));
    }

    private static String apiEntry(String name) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("api cache entry names are lower-case words, got '" + name + "'");
        }
        return "api-" + name + ".json.entry";
    }

    public Optional<byte[]> file(String repo, String commit, String file) {
        return get(fileDir(repo, commit, file).resolve("whole.entry")).map(byte[]::clone);
    }

    public void putFile(String repo, String commit, String file, byte[] content) throws IOException {
        put(fileDir(repo, commit, file).resolve("whole.entry"), content, meta(repo, commit, file));
    }

    /** Bytes [start, start + length) of a file, from any cached range that covers them. */
    public Optional<byte[]> range(String repo, String commit, String file, long start, int length) {
        Path dir = fileDir(repo, commit, file);
        for (long[] r : ranges(dir)) {
            if (r[0] <= start && start + length <= r[1]) {
                Optional<byte[]> b = get(dir.resolve(r[0] + "-" + r[1] + ".range"));
                if (b.isPresent()) {
                    int from = (int) (start - r[0]);
                    return Optional.of(java.util.Arrays.copyOfRange(b.get(), from, from + length));
                }
            }
        }
        return Optional.empty();
    }

    public void putRange(String repo, String commit, String file, long start, byte[] bytes) throws IOException {
        Path p = fileDir(repo, commit, file).resolve(start + "-" + (start + bytes.length) + ".range");
        ObjectNode m = meta(repo, commit, file);
        m.put("start", start);
        put(p, bytes, m);
    }

    /** Cached ranges [start, end) of a file. */
    public List<long[]> ranges(String repo, String commit, String file) {
        return ranges(fileDir(repo, commit, file));
    }

    private static List<long[]> ranges(Path dir) {
        List<long[]> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = RANGE_ENTRY.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list cache directory " + dir, e);
        }
        return out;
    }

    // --- the entry format -------------------------------------------------------------------

    private static ObjectNode meta(String repo, String commit, String what) {
        ObjectNode m = JSON.createObjectNode();
        m.put("repo", repo);
        m.put("commit", commit);
        m.put("key", what);
        return m;
    }

    /**
     * Writes MAGIC, one JSON line (key, length, sha256), then the payload: to a temporary file
     * in the same directory, then renamed over the entry. Readers never see a partial entry,
     * and two processes writing the same entry both write the same bytes.
     */
    private void put(Path entry, byte[] payload, ObjectNode meta) throws IOException {
        meta.put("length", payload.length);
        meta.put("sha256", sha256(payload));
        Files.createDirectories(entry.getParent());
        Path tmp = entry.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
            out.write(MAGIC);
            out.write(JSON.writeValueAsBytes(meta));
            out.write('\n');
            out.write(payload);
            Files.write(tmp, out.toByteArray());
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The payload of a valid entry (shared with the memory cache: callers copy before handing it
     * out); a missing entry is empty, a corrupt one is removed and empty.
     */
    private Optional<byte[]> get(Path entry) {
        synchronized (verified) {
            byte[] hit = verified.get(entry);
            if (hit != null && Files.isRegularFile(entry)) {
                return Optional.of(hit);
            }
        }
        Optional<byte[]> read = readVerified(entry);
        read.ifPresent(b -> remember(entry, b));
        return read;
    }

    private void remember(Path entry, byte[] payload) {
        if (payload.length > MEMORY_BYTES / 4) {
            return;
        }
        synchronized (verified) {
            byte[] old = verified.put(entry, payload);
            verifiedBytes += payload.length - (old == null ? 0 : old.length);
            var it = verified.entrySet().iterator();
            while (verifiedBytes > MEMORY_BYTES && it.hasNext()) {
                verifiedBytes -= it.next().getValue().length;
                it.remove();
            }
        }
    }

    private Optional<byte[]> readVerified(Path entry) {
        byte[] all;
        try {
            all = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache entry " + root.relativize(entry), e);
        }
        int nl = -1;
        boolean magic = all.length > MAGIC.length && java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
        if (magic) {
            for (int i = MAGIC.length; i < all.length; i++) {
                if (all[i] == '\n') {
                    nl = i;
                    break;
                }
            }
        }
        if (nl > 0) {
            try {
                JsonNode meta = JSON.readTree(new String(all, MAGIC.length, nl - MAGIC.length, StandardCharsets.UTF_8));
                byte[] payload = java.util.Arrays.copyOfRange(all, nl + 1, all.length);
                if (meta.path("length").asLong(-1) == payload.length && sha256(payload).equals(meta.path("sha256").asText())) {
                    return Optional.of(payload);
                }
            } catch (IOException e) {
                // fall through: unreadable metadata is corruption
            }
        }
        corrupt.incrementAndGet();
        try {
            Files.deleteIfExists(entry);
        } catch (IOException e) {
            // another process may hold or have removed it; it is a miss either way
        }
        return Optional.empty();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A revision name as one safe file name ("refs/pr/1" → "refs%2Fpr%2F1"). */
    static String encode(String revision) {
        String e = java.net.URLEncoder.encode(revision, StandardCharsets.UTF_8).replace("*", "%2A");
        return e.startsWith(".") ? "%2E" + e.substring(1) : e; // never "." or ".."
    }
}

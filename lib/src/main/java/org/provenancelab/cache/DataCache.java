package org.provenancelab.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.provenancelab.hub.RepoId;

/**
 * The persistent cache of everything read from a hub: revision pins, revision info, whole small
 * files and byte ranges, keyed by repo, commit SHA, file and range. Entries are immutable (a
 * commit never changes) and written atomically (temporary file, then rename).
 *
 * <p>Each entry is bound to its key: it records the key it was stored under, and its checksum
 * is the SHA-256 of that key followed by the payload. A read recomputes the checksum with the
 * key that was <em>asked for</em>, so an entry renamed, copied under another file's name, cut
 * or padded is found corrupt, deleted, and reported as a miss. Whole files are further checked
 * by the hub store against the listing's size and blob id (see data-cache/README.md).
 *
 * <p>The cache never follows a symbolic link below its root, neither to read, write nor delete:
 * a planted link is refused with a {@link CacheException}. Temporary files left by a killed
 * writer are removed once they are older than {@link #STALE_TEMP}.
 */
public final class DataCache {
    private static final byte[] MAGIC = "provenance-lab-cache 2\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern RANGE_ENTRY = Pattern.compile("(\\d{1,18})-(\\d{1,18})\\.range");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMP_PREFIX = ".tmp-";
    /** A temporary file this old belongs to a writer that died (a write takes well under a second). */
    public static final Duration STALE_TEMP = Duration.ofMinutes(10);

    /** Verified payloads kept in memory, so that many small reads from one large range hash it once. */
    private static final long MEMORY_BYTES = 256L << 20;

    private final Path root;
    private final AtomicLong corrupt = new AtomicLong();
    private final java.util.LinkedHashMap<Path, byte[]> verified = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private final Set<Path> swept = ConcurrentHashMap.newKeySet();
    private long verifiedBytes;

    public DataCache(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            abs = abs.toRealPath(); // the root itself may be reached through a link; nothing below it may
        } catch (IOException e) {
            // not created yet
        }
        this.root = abs;
    }

    /** The cache at {@code LAB_CACHE}, else {@code data-cache/} of the lab. */
    public static DataCache fromEnvironment(Path labHome) {
        String dir = System.getenv("LAB_CACHE");
        return new DataCache(dir != null && !dir.isBlank() ? Path.of(dir) : labHome.resolve("data-cache"));
    }

    public Path root() {
        return root;
    }

    /** Entries found corrupt or misfiled (and removed) since this object was made. */
    public long corruptEntries() {
        return corrupt.get();
    }

    // --- keys -----------------------------------------------------------------------------

    /** One folder per repo: "owner--name", which the Hub's repo-id rules make injective. */
    Path repoDir(String repo) throws CacheException {
        String p = RepoId.problem(repo);
        if (p != null) {
            throw new CacheException(p);
        }
        return root.resolve(repo.replace("/", "--"));
    }

    private Path commitDir(String repo, String commit) throws CacheException {
        if (commit == null || !commit.matches("[0-9a-f]{40}")) {
            throw new CacheException("cache entries are keyed by a full commit SHA, got '" + commit + "'");
        }
        return repoDir(repo).resolve(commit);
    }

    private Path fileDir(String repo, String commit, String file) throws CacheException {
        Path p = commitDir(repo, commit).resolve("files");
        if (file == null || file.isEmpty() || file.length() > 4096) {
            throw new CacheException("bad file path '" + file + "' in " + repo);
        }
        for (String seg : file.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new CacheException("bad file path '" + file + "' in " + repo);
            }
            String name = segment(seg);
            if (name.length() > 255) {
                throw new CacheException("file path '" + file + "' in " + repo + " has a name too long for the cache");
            }
            try {
                p = p.resolve(name);
            } catch (InvalidPathException e) {
                throw new CacheException("file path '" + file + "' in " + repo + " cannot be a cache folder: " + e.getReason());
            }
        }
        return p;
    }

    // --- revision pins ----------------------------------------------------------------------

    /** The commit a revision (branch, tag) was pinned to by an earlier online run. */
    public Optional<String> pinned(String repo, String revision) throws CacheException {
        if (revision.matches("[0-9a-f]{40}")) {
            return Optional.of(revision);
        }
        Path ref = repoDir(repo).resolve("refs").resolve(encode(revision));
        return get(ref, key(repo, "", "ref", revision, 0, -1)).map(b -> new String(b, StandardCharsets.US_ASCII))
                .filter(s -> s.matches("[0-9a-f]{40}"));
    }

    public void pin(String repo, String revision, String commit) throws IOException {
        if (!revision.matches("[0-9a-f]{40}")) {
            byte[] b = commit.getBytes(StandardCharsets.US_ASCII);
            put(repoDir(repo).resolve("refs").resolve(encode(revision)), b, key(repo, "", "ref", revision, 0, -1));
        }
    }

    // --- revision info, whole files, ranges --------------------------------------------------

    public Optional<byte[]> revisionInfo(String repo, String commit) throws CacheException {
        return get(commitDir(repo, commit).resolve("revision.json.entry"), key(repo, commit, "revision", "", 0, -1))
                .map(byte[]::clone);
    }

    public void putRevisionInfo(String repo, String commit, byte[] json) throws IOException {
        put(commitDir(repo, commit).resolve("revision.json.entry"), json, key(repo, commit, "revision", "", 0, -1));
    }

    /**
     * An answer of the Hub's API about a commit that cannot change once the commit exists (e.g.
     * its history, {@code name} "commits"), kept beside the revision info.
     */
    public Optional<byte[]> api(String repo, String commit, String name) throws CacheException {
        return get(commitDir(repo, commit).resolve(apiEntry(name)), key(repo, commit, "api-" + name, "", 0, -1)).map(byte[]::clone);
    }

    public void putApi(String repo, String commit, String name, byte[] json) throws IOException {
        put(commitDir(repo, commit).resolve(apiEntry(name)), json, key(repo, commit, "api-" + name, "", 0, -1));
    }

    private static String apiEntry(String name) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("api cache entry names are lower-case words, got '" + name + "'");
        }
        return "api-" + name + ".json.entry";
    }

    public Optional<byte[]> file(String repo, String commit, String file) throws CacheException {
        return get(fileDir(repo, commit, file).resolve("whole.entry"), key(repo, commit, "file", file, 0, -1)).map(byte[]::clone);
    }

    public void putFile(String repo, String commit, String file, byte[] content) throws IOException {
        put(fileDir(repo, commit, file).resolve("whole.entry"), content, key(repo, commit, "file", file, 0, -1));
    }

    /** Removes a whole-file entry (the hub store found it does not match the listing). */
    public void dropFile(String repo, String commit, String file) throws IOException {
        Path entry = fileDir(repo, commit, file).resolve("whole.entry");
        checkNoLinks(entry);
        forget(entry);
        Files.deleteIfExists(entry);
    }

    /** Bytes [start, start + length) of a file, from any cached range that covers them. */
    public Optional<byte[]> range(String repo, String commit, String file, long start, int length) throws CacheException {
        return range(repo, commit, file, start, length, ranges(fileDir(repo, commit, file)));
    }

    /**
     * As {@link #range(String, String, String, long, int)}, looking only among {@code known}, the
     * file's entries as {@link #ranges(String, String, String)} listed them: a batch of many spans
     * of one file lists its folder once, not once per span (which grew with the square of the
     * rows read). Every entry used is still read and verified as always.
     */
    public Optional<byte[]> range(String repo, String commit, String file, long start, int length, List<long[]> known)
            throws CacheException {
        Path dir = fileDir(repo, commit, file);
        for (long[] r : known) {
            if (r[0] <= start && start + length <= r[1]) {
                Optional<byte[]> b = get(dir.resolve(r[0] + "-" + r[1] + ".range"), key(repo, commit, "range", file, r[0], r[1]));
                if (b.isPresent()) {
                    int from = (int) (start - r[0]);
                    return Optional.of(java.util.Arrays.copyOfRange(b.get(), from, from + length));
                }
            }
        }
        return Optional.empty();
    }

    public void putRange(String repo, String commit, String file, long start, byte[] bytes) throws IOException {
        long end = start + bytes.length;
        put(fileDir(repo, commit, file).resolve(start + "-" + end + ".range"), bytes, key(repo, commit, "range", file, start, end));
    }

    /** Cached ranges [start, end) of a file. */
    public List<long[]> ranges(String repo, String commit, String file) throws CacheException {
        return ranges(fileDir(repo, commit, file));
    }

    private List<long[]> ranges(Path dir) throws CacheException {
        List<long[]> out = new ArrayList<>();
        checkNoLinks(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = RANGE_ENTRY.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(2));
                    if (a < b) {
                        out.add(new long[] {a, b});
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CacheException("cannot list cache folder " + root.relativize(dir), e);
        }
        return out;
    }

    // --- the entry format -------------------------------------------------------------------

    /** The key an entry is stored under, as recorded in it and hashed with its payload. */
    private static ObjectNode key(String repo, String commit, String kind, String path, long start, long end) {
        ObjectNode m = JSON.createObjectNode();
        m.put("repo", repo);
        m.put("commit", commit);
        m.put("kind", kind);
        m.put("path", path);
        if (end >= 0) {
            m.put("start", start);
            m.put("end", end);
        }
        return m;
    }

    /** SHA-256 of the key's canonical JSON, a newline, and the payload: the key is part of what is checked. */
    private static String keyed(ObjectNode key, byte[] payload) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(JSON.writeValueAsBytes(key));
            md.update((byte) '\n');
            return HexFormat.of().formatHex(md.digest(payload));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes MAGIC, one JSON line (the key, length, sha256 of the payload, keyed checksum), then
     * the payload: to a temporary file in the same folder, then renamed over the entry. Readers
     * never see a partial entry, and two processes writing the same entry write the same bytes.
     */
    private void put(Path entry, byte[] payload, ObjectNode key) throws IOException {
        if (key.has("end") && key.get("end").asLong() - key.get("start").asLong() != payload.length) {
            throw new CacheException("range entry " + root.relativize(entry) + " does not hold " + payload.length + " bytes");
        }
        ObjectNode meta = key.deepCopy();
        meta.put("length", payload.length);
        meta.put("sha256", sha256(payload));
        meta.put("keyed_sha256", keyed(key, payload));
        makeDirs(entry.getParent());
        sweep(entry.getParent());
        checkNoLinks(entry);
        Path tmp = entry.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
            out.write(MAGIC);
            out.write(JSON.writeValueAsBytes(meta));
            out.write('\n');
            out.write(payload);
            Files.write(tmp, out.toByteArray(), java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates the folders from the root down, refusing any that is a link or not a folder. */
    private void makeDirs(Path dir) throws IOException {
        if (!dir.startsWith(root)) {
            throw new CacheException("cache folder " + dir + " is outside the cache " + root);
        }
        Files.createDirectories(root);
        Path p = root;
        for (Path name : root.relativize(dir)) {
            p = p.resolve(name);
            if (Files.isSymbolicLink(p)) {
                throw new CacheException("cache folder " + root.relativize(p) + " is a symbolic link; the cache never follows links");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(p);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // created by another writer meanwhile; checked below
                }
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new CacheException("cache path " + root.relativize(p) + " is not a folder");
            }
        }
    }

    /** No component of {@code path} below the root (the path itself included) may be a link. */
    private void checkNoLinks(Path path) throws CacheException {
        Path p = root;
        for (Path name : root.relativize(path)) {
            p = p.resolve(name);
            if (Files.isSymbolicLink(p)) {
                throw new CacheException("cache path " + root.relativize(p) + " is a symbolic link; the cache never follows links");
            }
        }
    }

    /** Removes temporary files of writers that died, once per folder and cache object. */
    private void sweep(Path dir) {
        if (!swept.add(dir)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - STALE_TEMP.toMillis();
        try (var s = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : s) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if ((a.isRegularFile() || a.isSymbolicLink()) && a.lastModifiedTime().toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // best effort: a leftover temporary file wastes space but is never read
        }
    }

    /**
     * The payload of a valid entry stored under {@code key} (shared with the memory cache:
     * callers copy before handing it out); a missing entry is empty, a corrupt or misfiled one
     * is removed and empty.
     */
    private Optional<byte[]> get(Path entry, ObjectNode key) throws CacheException {
        checkNoLinks(entry);
        synchronized (verified) {
            byte[] hit = verified.get(entry);
            if (hit != null && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(hit);
            }
        }
        Optional<byte[]> read = readVerified(entry, key);
        read.ifPresent(b -> remember(entry, b));
        return read;
    }

    private void forget(Path entry) {
        synchronized (verified) {
            byte[] old = verified.remove(entry);
            if (old != null) {
                verifiedBytes -= old.length;
            }
        }
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

    private Optional<byte[]> readVerified(Path entry, ObjectNode key) throws CacheException {
        byte[] all;
        try {
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            all = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | OutOfMemoryError e) {
            throw new CacheException("cannot read cache entry " + root.relativize(entry) + ": " + e.getMessage(), e);
        }
        int nl = -1;
        boolean magic = all.length > MAGIC.length && java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
        if (magic) {
            for (int i = MAGIC.length; i < Math.min(all.length, MAGIC.length + 64 * 1024); i++) {
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
                boolean sameKey = true;
                for (var it = key.fields(); it.hasNext(); ) {
                    var f = it.next();
                    JsonNode stored = meta.get(f.getKey());
                    sameKey &= stored != null && stored.isValueNode() && f.getValue().asText().equals(stored.asText());
                }
                if (sameKey && meta.path("length").asLong(-1) == payload.length
                        && keyed(key, payload).equals(meta.path("keyed_sha256").asText())) {
                    return Optional.of(payload);
                }
            } catch (IOException e) {
                // fall through: unreadable metadata is corruption
            }
        }
        corrupt.incrementAndGet();
        forget(entry);
        try {
            Files.deleteIfExists(entry); // the entry itself is no link (checked), and no folder above it is
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

    /**
     * A path segment as a folder name, reversibly (so distinct paths get distinct folders): URL
     * encoding, never starting with '.', and never ending like an entry ("whole.entry",
     * "N-M.range") so that a folder cannot collide with an entry of its parent.
     */
    static String segment(String seg) {
        String e = encode(seg);
        if (e.endsWith(".entry") || e.endsWith(".range")) {
            int dot = e.length() - 6;
            e = e.substring(0, dot) + "%2E" + e.substring(dot + 1);
        }
        return e;
    }
}

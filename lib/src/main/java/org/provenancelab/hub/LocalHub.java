package org.provenancelab.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub on loopback that behaves like the Hugging Face Hub for range readers: revision info
 * ({@code api/models/{repo}/revision/{rev}}, with {@code blobs=true} sizes and LFS hashes),
 * resolve URLs with {@code X-Repo-Commit}, LFS files answered with a 302 to a second host
 * (named {@code localhost}, the hub itself being {@code 127.0.0.1}) carrying
 * {@code X-Linked-Etag} and {@code X-Linked-Size}, ranges answered 206, errors with
 * {@code X-Error-Code}, gated repos, and injected faults and latency.
 *
 * <p>It is written on plain sockets because the faults it must produce (a TCP reset in the
 * middle of a body, a body longer than memory streamed from a generator) are below what the
 * embeddable HTTP servers let a handler do.
 */
public final class LocalHub implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final long LFS_THRESHOLD = 10L << 20;

    /**
     * One request as the hub saw it; {@code arrivedNanos} when it was read and {@code answeredNanos}
     * when its answer started (after the simulated latency), both {@link System#nanoTime()}.
     */
    public record Logged(boolean cdn, String method, String path, String range, boolean authorization, int status,
            long arrivedNanos, long answeredNanos) {}

    private record HostedFile(String path, Content content, boolean lfs, String blobId) {}

    private record HostedRepo(String id, String commit, Map<String, HostedFile> files, Map<String, String> refs, boolean gated) {}

    private final Server hub;
    private final Server cdn;
    private final Map<String, HostedRepo> repos = new ConcurrentHashMap<>();
    /** Every published commit, head or not, by "repo@sha": older commits stay readable by SHA. */
    private final Map<String, HostedRepo> commits = new ConcurrentHashMap<>();
    /** Title and parent of each commit, by "repo@sha". */
    private final Map<String, CommitMeta> commitMeta = new ConcurrentHashMap<>();

    private record CommitMeta(String title, String parent, int depth) {}
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<Fault, Integer> remaining = new ConcurrentHashMap<>();
    private final List<Logged> log = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicLong storageBytesServed = new AtomicLong();
    private volatile long latencyMillis;
    private volatile String token;

    private LocalHub() throws IOException {
        this.hub = new Server(false);
        this.cdn = new Server(true);
    }

    /** Starts both hosts on free loopback ports. */
    public static LocalHub start() throws IOException {
        return new LocalHub();
    }

    /** The endpoint, to use as HF_ENDPOINT. */
    public String endpoint() {
        return "http://127.0.0.1:" + hub.socket.getLocalPort();
    }

    /** The storage host LFS redirects point at. */
    public String storageOrigin() {
        return "http://localhost:" + cdn.socket.getLocalPort();
    }

    /** Delay before every answer, on both hosts. */
    public void latency(Duration d) {
        latencyMillis = d.toMillis();
    }

    /** The token gated repos accept. */
    public void acceptToken(String t) {
        token = t;
    }

    public void inject(Fault f) {
        remaining.put(f, f.times());
        faults.add(f);
    }

    public void clearFaults() {
        faults.clear();
        remaining.clear();
    }

    public List<Logged> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public void clearLog() {
        log.clear();
        bytesServed.set(0);
        storageBytesServed.set(0);
    }

    /** Body bytes the storage host sent (LFS files: the shards) since the last {@link #clearLog()}. */
    public long storageBytesServed() {
        return storageBytesServed.get();
    }

    /** Body bytes sent by both hosts since the last {@link #clearLog()}. */
    public long bytesServed() {
        return bytesServed.get() + storageBytesServed.get();
    }

    /**
     * Marks {@code oldId} as renamed to {@code newId}: requests for the old name are answered
     * 307 with a relative Location on this host, as the Hub does for renamed repos.
     */
    public void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    /** Starts a repo definition. */
    public RepoBuilder repo(String id) {
        return new RepoBuilder(id);
    }

    /** Files of one repo, published as one commit on branch main. */
    public final class RepoBuilder {
        private final String id;
        private final Map<String, HostedFile> files = new TreeMap<>();
        private boolean gated;
        private final List<String> extraRefs = new ArrayList<>();
        private String title = "Upload folder using the local hub";

        RepoBuilder(String id) {
            this.id = id;
        }

        /** The commit's title (what the Hub's commits API reports). */
        public RepoBuilder message(String t) {
            title = t;
            return this;
        }

        /** Starts from the files of the repo's current head: a follow-up commit changes only what it sets. */
        public RepoBuilder keepFiles() {
            HostedRepo head = repos.get(id);
            if (head != null) {
                files.putAll(head.files());
            }
            return this;
        }

        /** Removes a file kept from the previous commit. */
        public RepoBuilder delete(String path) {
            files.remove(path);
            return this;
        }

        /** A file; safetensors and anything over 10 MB are LFS files (served from storage). */
        public RepoBuilder file(String path, Content content) {
            boolean lfs = path.endsWith(".safetensors") || content.size() > LFS_THRESHOLD;
            files.put(path, new HostedFile(path, content, lfs, blobId(content, lfs)));
            return this;
        }

        public RepoBuilder file(String path, byte[] bytes) {
            return file(path, Content.of(bytes));
        }

        public RepoBuilder file(String path, String text) {
            return file(path, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Requests need the accepted token; without it: 401, with another: 403 (GatedRepo). */
        public RepoBuilder gated() {
            gated = true;
            return this;
        }

        /** Another name (tag, "refs/pr/1") for the same commit. */
        public RepoBuilder ref(String name) {
            extraRefs.add(name);
            return this;
        }

        /**
         * Publishes the repo; returns its commit SHA (derived from its files, and from its parent
         * when the repo was published before: the earlier head becomes the parent, still readable
         * by its SHA).
         */
        public String publish() {
            HostedRepo previous = repos.get(id);
            StringBuilder sb = new StringBuilder(id);
            if (previous != null) {
                sb.append("\nparent ").append(previous.commit()).append("\n").append(title);
            }
            for (HostedFile f : files.values()) {
                sb.append('\n').append(f.path()).append(' ').append(f.content().size()).append(' ').append(f.content().sha256());
            }
            String commit = sha1Hex(sb.toString());
            Map<String, String> refs = new LinkedHashMap<>();
            refs.put("main", commit);
            for (String r : extraRefs) {
                refs.put(r, commit);
            }
            HostedRepo hosted = new HostedRepo(id, commit, Collections.unmodifiableMap(new TreeMap<>(files)), refs, gated);
            if (previous != null && previous.commit().equals(commit)) {
                return commit; // nothing changed: no new commit
            }
            CommitMeta parent = previous == null ? null : commitMeta.get(id + "@" + previous.commit());
            commitMeta.put(id + "@" + commit, new CommitMeta(title, previous == null ? null : previous.commit(),
                    parent == null ? 0 : parent.depth() + 1));
            commits.put(id + "@" + commit, hosted);
            repos.put(id, hosted);
            return commit;
        }
    }

    @Override
    public void close() {
        hub.close();
        cdn.close();
    }

    // --- the server ---------------------------------------------------------------------------

    private final class Server implements AutoCloseable {
        final ServerSocket socket;
        final boolean isCdn;
        final ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-hub");
            t.setDaemon(true);
            return t;
        });

        Server(boolean isCdn) throws IOException {
            this.isCdn = isCdn;
            this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            workers.execute(this::acceptLoop);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            workers.shutdownNow();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    workers.execute(() -> serve(s));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                s.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 << 10);
                while (true) {
                    Request req = Request.read(in);
                    if (req == null) {
                        return;
                    }
                    if (!handle(s, req, out)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away (e.g. it aborted a 200 to a range request): nothing to do
            }
        }

        /** Returns false if the connection must end. */
        private boolean handle(Socket s, Request req, OutputStream out) throws IOException {
            long arrived = System.nanoTime();
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            Fault fault = takeFault(isCdn, req.path);
            if (fault != null && fault.kind() == Fault.Kind.STALL) {
                try {
                    Thread.sleep(fault.stallMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            Response r = isCdn ? cdnAnswer(req) : hubAnswer(req);
            int shown = fault != null && fault.kind() == Fault.Kind.STATUS ? fault.status()
                    : r.status == 200 && req.headers.containsKey("range") && r.body != null
                            && (fault == null || fault.kind() != Fault.Kind.IGNORE_RANGE) ? 206 : r.status;
            log.add(new Logged(isCdn, req.method, req.path, req.headers.get("range"), req.headers.containsKey("authorization"), shown,
                    arrived, System.nanoTime()));
            if (fault != null && fault.kind() == Fault.Kind.STATUS) {
                Response f = Response.error(fault.status(), "", "injected fault");
                if (fault.retryAfter() >= 0) {
                    f.headers.put("Retry-After", String.valueOf(fault.retryAfter()));
                }
                f.write(out, req, s, null, isCdn ? storageBytesServed : bytesServed);
                return true;
            }
            return r.write(out, req, s, fault, isCdn ? storageBytesServed : bytesServed);
        }
    }

    private synchronized Fault takeFault(boolean isCdn, String path) {
        for (Fault f : faults) {
            if (f.cdn() == isCdn && path.contains(f.pathContains())) {
                int left = remaining.getOrDefault(f, 0);
                if (left > 0) {
                    remaining.put(f, left - 1);
                    return f;
                }
            }
        }
        return null;
    }

    // --- routes -------------------------------------------------------------------------------

    private Response hubAnswer(Request req) {
        List<String> seg = req.segments();
        for (var r : renamed.entrySet()) {
            String oldPath = "/" + r.getKey() + "/", oldApi = "/api/models/" + r.getKey() + "/";
            if (req.path.startsWith(oldPath) || req.path.startsWith(oldApi)) {
                Response moved = new Response(307, null);
                String to = req.path.startsWith(oldApi) ? "/api/models/" + r.getValue() + "/" + req.path.substring(oldApi.length())
                        : "/" + r.getValue() + "/" + req.path.substring(oldPath.length());
                moved.headers.put("Location", to + (req.query.isEmpty() ? "" : "?" + req.query));
                return moved;
            }
        }
        if (seg.size() >= 6 && seg.get(0).equals("api") && seg.get(1).equals("models") && seg.get(4).equals("commits")) {
            String id = seg.get(2) + "/" + seg.get(3);
            HostedRepo repo = repos.get(id);
            Response denied = access(repo, id, req);
            if (denied != null) {
                return denied;
            }
            String commit = commitOf(repo, String.join("/", seg.subList(5, seg.size())));
            if (commit == null) {
                return Response.error(404, "RevisionNotFound", "Invalid rev id: " + String.join("/", seg.subList(5, seg.size())));
            }
            return Response.json(commitsJson(id, commit), commit);
        }
        if (seg.size() >= 6 && seg.get(0).equals("api") && seg.get(1).equals("models") && seg.get(4).equals("revision")) {
            String id = seg.get(2) + "/" + seg.get(3);
            String rev = String.join("/", seg.subList(5, seg.size()));
            HostedRepo repo = repos.get(id);
            Response denied = access(repo, id, req);
            if (denied != null) {
                return denied;
            }
            String commit = commitOf(repo, rev);
            if (commit == null) {
                return Response.error(404, "RevisionNotFound", "Invalid rev id: " + rev);
            }
            return Response.json(revisionJson(at(repo, commit), req.query.contains("blobs=true")), commit);
        }
        if (seg.size() >= 5 && seg.get(2).equals("resolve")) {
            String id = seg.get(0) + "/" + seg.get(1);
            HostedRepo repo = repos.get(id);
            Response denied = access(repo, id, req);
            if (denied != null) {
                return denied;
            }
            String commit = commitOf(repo, seg.get(3));
            if (commit == null) {
                return Response.error(404, "RevisionNotFound", "Invalid rev id: " + seg.get(3));
            }
            String path = String.join("/", seg.subList(4, seg.size()));
            HostedFile f = at(repo, commit).files().get(path);
            if (f == null) {
                return Response.error(404, "EntryNotFound", path + " does not exist on \"" + seg.get(3) + "\"");
            }
            if (f.lfs()) {
                Response r = new Response(302, null);
                r.headers.put("Location", storageOrigin() + "/cdn/" + id + "/" + commit + "/" + path + "?X-Signature=local-" + commit.substring(0, 8));
                r.headers.put("X-Repo-Commit", commit);
                r.headers.put("X-Linked-Etag", "\"" + f.content().sha256() + "\"");
                r.headers.put("X-Linked-Size", String.valueOf(f.content().size()));
                r.headers.put("ETag", "W/\"" + f.blobId() + "\"");
                return r;
            }
            Response r = new Response(200, f.content());
            r.headers.put("X-Repo-Commit", commit);
            r.headers.put("ETag", "\"" + f.blobId() + "\"");
            return r;
        }
        return Response.error(404, "", "no such route");
    }

    private Response cdnAnswer(Request req) {
        List<String> seg = req.segments();
        if (seg.size() < 5 || !seg.get(0).equals("cdn")) {
            return Response.error(404, "", "no such object");
        }
        HostedRepo repo = commits.get(seg.get(1) + "/" + seg.get(2) + "@" + seg.get(3));
        if (repo == null) {
            return Response.error(404, "", "no such object");
        }
        HostedFile f = repo.files().get(String.join("/", seg.subList(4, seg.size())));
        return f == null ? Response.error(404, "", "no such object") : new Response(200, f.content());
    }

    private Response access(HostedRepo repo, String id, Request req) {
        if (repo == null) {
            return Response.error(404, "RepoNotFound", "Repository Not Found for url: " + req.path);
        }
        if (repo.gated()) {
            String auth = req.headers.get("authorization");
            if (auth == null) {
                return Response.error(401, "GatedRepo", "Access to model " + id + " is restricted. You must have access to it and be authenticated to access it.");
            }
            if (token == null || !auth.equals("Bearer " + token)) {
                return Response.error(403, "GatedRepo", "Access to model " + id + " is restricted and you are not in the authorized list.");
            }
        }
        return null;
    }

    private String commitOf(HostedRepo repo, String rev) {
        if (rev.equals(repo.commit()) || commits.containsKey(repo.id() + "@" + rev)) {
            return rev;
        }
        return repo.refs().get(rev);
    }

    /** The repo as it was at one of its commits. */
    private HostedRepo at(HostedRepo head, String commit) {
        HostedRepo r = commits.get(head.id() + "@" + commit);
        return r == null ? head : r;
    }

    /**
     * What {@code api/models/{repo}/commits/{rev}} answers: the commit and its ancestors, newest
     * first, as the Hub lists them (id, title, message, authors, date). Dates are fixed, one day
     * apart, so that pages built from them do not change between runs.
     */
    private byte[] commitsJson(String id, String commit) {
        ObjectMapper m = new ObjectMapper();
        ArrayNode list = m.createArrayNode();
        for (String c = commit; c != null; ) {
            CommitMeta meta = commitMeta.get(id + "@" + c);
            ObjectNode o = list.addObject();
            o.put("id", c);
            o.put("title", meta == null ? "" : meta.title());
            o.put("message", meta == null ? "" : meta.title() + "\n");
            o.putArray("authors").addObject().put("user", "local-hub");
            o.put("date", java.time.LocalDate.of(2025, 1, 1).plusDays(meta == null ? 0 : meta.depth()) + "T00:00:00.000Z");
            c = meta == null ? null : meta.parent();
        }
        try {
            return m.writeValueAsBytes(list);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] revisionJson(HostedRepo repo, boolean blobs) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("id", repo.id());
        root.put("modelId", repo.id());
        root.put("sha", repo.commit());
        root.put("gated", repo.gated() ? "manual" : "false");
        ArrayNode sib = root.putArray("siblings");
        for (HostedFile f : repo.files().values()) {
            ObjectNode s = sib.addObject();
            s.put("rfilename", f.path());
            if (blobs) {
                s.put("size", f.content().size());
                s.put("blobId", f.blobId());
                if (f.lfs()) {
                    ObjectNode lfs = s.putObject("lfs");
                    lfs.put("sha256", f.content().sha256());
                    lfs.put("size", f.content().size());
                    lfs.put("pointerSize", 134);
                }
            }
        }
        try {
            return m.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Git's blob id, as the Hub lists it: of the bytes, or of the LFS pointer for LFS files. */
    private static String blobId(Content c, boolean lfs) {
        if (lfs) {
            return GitObjects.lfsPointerBlobId(c.sha256(), c.size());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) c.size());
        try {
            c.write(out, 0, c.size());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return GitObjects.blobId(out.toByteArray());
    }

    static String sha1Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- HTTP/1.1 framing ---------------------------------------------------------------------

    private static final class Request {
        String method;
        String path;
        String query = "";
        final Map<String, String> headers = new LinkedHashMap<>();

        /** Reads one request head (requests here have no body); null at end of stream. */
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                throw new IOException("bad request line");
            }
            Request r = new Request();
            r.method = parts[0];
            String target = parts[1];
            int q = target.indexOf('?');
            r.path = q >= 0 ? target.substring(0, q) : target;
            r.query = q >= 0 ? target.substring(q + 1) : "";
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                int c = h.indexOf(':');
                if (c > 0) {
                    r.headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
                }
            }
            return r;
        }

        List<String> segments() {
            List<String> out = new ArrayList<>();
            for (String s : path.split("/")) {
                if (!s.isEmpty()) {
                    out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (b.size() > 16 << 10) {
                    throw new IOException("header line too long");
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static final class Response {
        final int status;
        final Content body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Response(int status, Content body) {
            this.status = status;
            this.body = body;
        }

        static Response error(int status, String code, String message) {
            Response r = new Response(status, Content.of(("{\"error\":\"" + message.replace("\"", "'") + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
            if (!code.isEmpty()) {
                r.headers.put("X-Error-Code", code);
            }
            r.headers.put("X-Error-Message", message);
            r.headers.put("Content-Type", "application/json");
            return r;
        }

        static Response json(byte[] json, String commit) {
            Response r = new Response(200, Content.of(json));
            r.headers.put("Content-Type", "application/json");
            r.headers.put("X-Repo-Commit", commit);
            return r;
        }

        /** Writes the answer (honouring Range on 200 content); false if the connection must close. */
        boolean write(OutputStream out, Request req, Socket s, Fault fault, AtomicLong served) throws IOException {
            int code = status;
            long start = 0, length = body == null ? 0 : body.size();
            Matcher m = req.headers.containsKey("range") ? RANGE.matcher(req.headers.get("range")) : null;
            boolean ranged = body != null && status == 200 && m != null && m.matches()
                    && (fault == null || fault.kind() != Fault.Kind.IGNORE_RANGE);
            if (ranged) {
                long a = Long.parseLong(m.group(1));
                long b = m.group(2).isEmpty() ? body.size() - 1 : Math.min(Long.parseLong(m.group(2)), body.size() - 1);
                if (a >= body.size() || a > b) {
                    code = 416;
                    headers.put("Content-Range", "bytes */" + body.size());
                    length = 0;
                } else {
                    code = 206;
                    start = a;
                    length = b - a + 1;
                    headers.put("Content-Range", "bytes " + a + "-" + b + "/" + body.size());
                }
            }
            if (body != null) {
                headers.put("Accept-Ranges", "bytes");
            }
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(code == 416 ? 0 : length).append("\r\n");
            if (body != null && code != 416 && !headers.containsKey("Content-Type")) {
                head.append("Content-Type: application/octet-stream\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (req.method.equals("HEAD") || code == 416 || body == null) {
                out.flush();
                return true;
            }
            if (fault != null && (fault.kind() == Fault.Kind.RESET_MID_BODY || fault.kind() == Fault.Kind.TRUNCATE_BODY)) {
                long half = length / 2;
                body.write(new Counting(out, served), start, half);
                out.flush();
                if (fault.kind() == Fault.Kind.RESET_MID_BODY) {
                    s.setSoLinger(true, 0); // close with RST instead of FIN
                }
                s.close();
                return false;
            }
            body.write(new Counting(out, served), start, length);
            out.flush();
            return true;
        }
    }

    /** Counts body bytes into {@link #bytesServed}. */
    private static final class Counting extends java.io.FilterOutputStream {
        private final AtomicLong bytesServed;

        Counting(OutputStream out, AtomicLong served) {
            super(out);
            this.bytesServed = served;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytesServed.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytesServed.incrementAndGet();
        }
    }

    private static String reason(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 302 -> "Found";
            case 307 -> "Temporary Redirect";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}

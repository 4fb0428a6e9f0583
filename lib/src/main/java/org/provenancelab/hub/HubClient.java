package org.provenancelab.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Hub's HTTP protocol, as far as range reading needs it (see data-cache/README.md and the
 * project's notes on the protocol): revision info, whole small files and byte ranges of large
 * ones. Redirects are followed by hand so that the token is sent only to the endpoint's own
 * origin (scheme, host and port), never to the storage host a 302 points at.
 */
public final class HubClient {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int MAX_REDIRECTS = 5;

    private final HttpUrl endpoint;
    private final Token token;
    private final RetryPolicy retry;
    private final boolean offline;
    private final OkHttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /**
     * Where each LFS file's resolve URL last redirected (signed storage URLs), so that further
     * ranges of the file go there directly: one round trip instead of two. Kept in memory only,
     * for {@link #STORAGE_URL_TTL}; a refusal from storage sends the next try through resolve.
     */
    private final Map<String, StorageUrl> storageUrls = new java.util.concurrent.ConcurrentHashMap<>();
    static final Duration STORAGE_URL_TTL = Duration.ofMinutes(10);

    private record StorageUrl(HttpUrl url, long expiresNanos) {}

    public HubClient(String endpoint, Token token, RetryPolicy retry, boolean offline) {
        HttpUrl url = HttpUrl.parse(endpoint);
        if (url == null) {
            throw new IllegalArgumentException("hub endpoint is not an http(s) URL: '" + endpoint + "'");
        }
        this.endpoint = url;
        this.token = token;
        this.retry = retry;
        this.offline = offline;
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false) // retries are ours, with backoff and a budget
                .connectTimeout(retry.timeout())
                .readTimeout(retry.timeout())
                .build();
    }

    /** Endpoint from HF_ENDPOINT, token from HF_TOKEN or $HF_HOME/token, offline if HF_HUB_OFFLINE=1. */
    public static HubClient fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static HubClient fromEnvironment(Map<String, String> env) {
        String ep = env.getOrDefault("HF_ENDPOINT", "");
        String off = env.getOrDefault("HF_HUB_OFFLINE", "");
        return new HubClient(ep.isBlank() ? DEFAULT_ENDPOINT : ep.strip(), Token.fromEnvironment(env).orElse(null),
                RetryPolicy.DEFAULT, off.equals("1") || off.equalsIgnoreCase("true"));
    }

    public String endpoint() {
        String s = endpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public boolean offline() {
        return offline;
    }

    public boolean hasToken() {
        return token != null;
    }

    /** True if the token occurs in the text (for output scrubbing by callers). */
    public boolean leaksToken(String text) {
        return token != null && token.appearsIn(text);
    }

    /** HTTP requests sent so far (each retry and redirect hop counts). */
    public long requests() {
        return requests.get();
    }

    /** Response body bytes received so far. */
    public long bytesReceived() {
        return bytes.get();
    }

    /** Revision info: the commit a revision points at, and its files with sizes and LFS hashes. */
    public RevisionInfo revision(String repo, String revision) throws IOException {
        HttpUrl url = endpoint.newBuilder().addPathSegments("api/models").addPathSegments(checkRepo(repo))
                .addPathSegment("revision").addPathSegment(revision).addQueryParameter("blobs", "true").build();
        String what = repo + "@" + revision;
        return RevisionInfo.parse(repo, revision, get(url, null, what, 64L << 20, Long.MAX_VALUE, false).body);
    }

    /**
     * The history of a revision: {@code api/models/{repo}/commits/{revision}}, a JSON array of
     * commits (id, title, message, authors, date), newest first, the revision's own commit first.
     * The Hub pages long histories; this is the first page, which holds the commit and its parent.
     */
    public byte[] commits(String repo, String revision) throws IOException {
        HttpUrl url = endpoint.newBuilder().addPathSegments("api/models").addPathSegments(checkRepo(repo))
                .addPathSegment("commits").addPathSegment(revision).build();
        return get(url, null, repo + "@" + shortSha(revision) + " commits", 16L << 20, Long.MAX_VALUE, false).body;
    }

    /** A whole file (config, index, tokenizer...), refused if larger than {@code maxBytes}. */
    public byte[] file(String repo, String commit, String path, long maxBytes) throws IOException {
        return get(resolveUrl(repo, commit, path), null, repo + "@" + shortSha(commit) + ":" + path, maxBytes, Long.MAX_VALUE, false).body;
    }

    /** Bytes [start, start + length) of a file; the server must answer 206 with that exact Content-Range. */
    public byte[] range(String repo, String commit, String path, long start, int length) throws IOException {
        if (start < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range " + start + "+" + length + " of " + path);
        }
        String what = repo + "@" + shortSha(commit) + ":" + path + " bytes " + start + "-" + (start + length - 1);
        HttpUrl resolve = resolveUrl(repo, commit, path);
        return get(resolve, "bytes=" + start + "-" + (start + length - 1), what, length, start, true).body;
    }

    HttpUrl resolveUrl(String repo, String revision, String path) {
        HttpUrl.Builder b = endpoint.newBuilder().addPathSegments(checkRepo(repo)).addPathSegment("resolve").addPathSegment(revision);
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals("..") || seg.equals(".")) {
                throw new IllegalArgumentException("bad file path '" + path + "'");
            }
            b.addPathSegment(seg);
        }
        return b.build();
    }

    private static String checkRepo(String repo) {
        if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("repo id must look like 'owner/name', got '" + repo + "'");
        }
        return repo;
    }

    static String shortSha(String s) {
        return s.matches("[0-9a-f]{40}") ? s.substring(0, 7) : s;
    }

    private record Fetched(byte[] body, Response response) {}

    /** GET with retries; {@code range} null for a whole file. */
    private Fetched get(HttpUrl url, String range, String what, long maxBytes, long rangeStart, boolean isRange) throws IOException {
        if (offline) {
            throw new HubException(HubException.Kind.OFFLINE_MISS, 0, "HF_HUB_OFFLINE=1: no network, and " + what + " is not in the cache");
        }
        long deadline = System.nanoTime() + retry.budget().toNanos();
        IOException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            long retryAfter = 0;
            try {
                return once(url, range, what, maxBytes, rangeStart, isRange);
            } catch (Retryable r) {
                last = r.cause;
                retryAfter = r.retryAfterMillis;
            }
            if (attempt == retry.maxAttempts()) {
                break;
            }
            long wait = retry.delayMillis(attempt, retryAfter);
            if (System.nanoTime() + wait * 1_000_000L > deadline) {
                break;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + what);
            }
        }
        throw new HubException(HubException.Kind.UNAVAILABLE, last instanceof HubException h ? h.status() : 0,
                what + ": gave up after retries: " + (last == null ? "no answer" : last.getMessage()), last);
    }

    /** A failure worth another attempt. */
    private static final class Retryable extends IOException {
        final IOException cause;
        final long retryAfterMillis;

        Retryable(IOException cause, long retryAfterMillis) {
            super(cause.getMessage());
            this.cause = cause;
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    private Fetched once(HttpUrl url, String range, String what, long maxBytes, long rangeStart, boolean isRange) throws IOException {
        String key = url.toString();
        StorageUrl known = isRange ? storageUrls.get(key) : null;
        boolean viaKnown = known != null && known.expiresNanos() - System.nanoTime() > 0;
        HttpUrl current = viaKnown ? known.url() : url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Request.Builder rb = new Request.Builder().url(current).header("Accept-Encoding", "identity");
            if (range != null) {
                rb.header("Range", range);
            }
            if (token != null && sameOrigin(current, endpoint)) {
                rb.header("Authorization", token.bearer());
            }
            requests.incrementAndGet();
            Response resp;
            try {
                resp = http.newCall(rb.build()).execute();
            } catch (IOException e) {
                throw new Retryable(new IOException(what + ": " + describe(e), e), 0);
            }
            try (resp) {
                int code = resp.code();
                if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                    String loc = resp.header("Location");
                    HttpUrl next = loc == null ? null : current.resolve(loc);
                    if (next == null) {
                        throw new HubException(HubException.Kind.PROTOCOL, code, what + ": redirect without a usable Location");
                    }
                    if (isRange && !sameOrigin(next, endpoint)) {
                        storageUrls.put(key, new StorageUrl(next, System.nanoTime() + STORAGE_URL_TTL.toNanos()));
                    }
                    current = next;
                    continue;
                }
                if (viaKnown && (code == 401 || code == 403 || code == 404 || code == 410)) {
                    // the remembered storage URL expired or was revoked: go through resolve again
                    storageUrls.remove(key);
                    viaKnown = false;
                    current = url;
                    continue;
                }
                if (code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504) {
                    throw new Retryable(new HubException(HubException.Kind.UNAVAILABLE, code, what + ": HTTP " + code),
                            retryAfterMillis(resp.header("Retry-After")));
                }
                if (code >= 400) {
                    throw error(resp, what);
                }
                if (isRange) {
                    if (code != 206) {
                        // a 200 here is the whole file, possibly gigabytes: close without reading
                        throw new HubException(HubException.Kind.PROTOCOL, code, what + ": the server ignored the Range header (HTTP "
                                + code + " instead of 206); not reading the whole file");
                    }
                    checkContentRange(resp.header("Content-Range"), rangeStart, maxBytes, what);
                } else if (code != 200) {
                    throw new HubException(HubException.Kind.PROTOCOL, code, what + ": unexpected HTTP " + code);
                }
                return new Fetched(readBody(resp.body(), what, maxBytes, isRange), resp);
            }
        }
        throw new HubException(HubException.Kind.PROTOCOL, 0, what + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private byte[] readBody(ResponseBody body, String what, long maxBytes, boolean exact) throws IOException {
        long declared = body.contentLength();
        if (declared > maxBytes || (exact && declared >= 0 && declared != maxBytes)) {
            throw new HubException(HubException.Kind.PROTOCOL, 0, what + ": server announces " + declared + " bytes, expected "
                    + (exact ? "" : "at most ") + maxBytes);
        }
        int cap = (int) Math.min(maxBytes, declared >= 0 ? declared : Math.min(maxBytes, 1 << 20));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(cap, 16));
        byte[] buf = new byte[64 << 10];
        try (InputStream in = body.byteStream()) {
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new HubException(HubException.Kind.PROTOCOL, 0, what + ": body longer than " + maxBytes + " bytes");
                }
                out.write(buf, 0, n);
                bytes.addAndGet(n);
            }
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            throw new Retryable(new IOException(what + ": body cut off after " + out.size() + " bytes (" + describe(e) + ")", e), 0);
        }
        if ((exact && out.size() != maxBytes) || (declared >= 0 && out.size() != declared)) {
            throw new Retryable(new IOException(what + ": body truncated: got " + out.size() + " of "
                    + (exact ? maxBytes : declared) + " bytes"), 0);
        }
        return out.toByteArray();
    }

    private static void checkContentRange(String header, long start, long length, String what) throws HubException {
        Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.trim());
        if (m == null || !m.matches()) {
            throw new HubException(HubException.Kind.PROTOCOL, 206, what + ": 206 without a valid Content-Range (" + header + ")");
        }
        long s = Long.parseLong(m.group(1)), e = Long.parseLong(m.group(2));
        if (s != start || e != start + length - 1) {
            throw new HubException(HubException.Kind.PROTOCOL, 206, what + ": server sent bytes " + s + "-" + e + " instead");
        }
    }

    private HubException error(Response resp, String what) {
        int code = resp.code();
        String ec = Optional.ofNullable(resp.header("X-Error-Code")).orElse("");
        String em = Optional.ofNullable(resp.header("X-Error-Message")).map(s -> " (" + s + ")").orElse("");
        String repoPage = endpoint() + "/" + what.split("[@:]", 2)[0];
        return switch (ec) {
            case "GatedRepo" -> new HubException(HubException.Kind.GATED, code, what + ": the repo is gated. Accept its terms on "
                    + repoPage + " with your account, then set HF_TOKEN (or save the token in $HF_HOME/token)"
                    + (token == null ? "; no token is set now" : "; the token in use (" + token.origin() + ") has no access yet") + em);
            case "RepoNotFound" -> new HubException(HubException.Kind.REPO_NOT_FOUND, code, what + ": repo not found on " + endpoint()
                    + (token == null ? " (if it is private or gated, set HF_TOKEN)" : "") + em);
            case "RevisionNotFound" -> new HubException(HubException.Kind.REVISION_NOT_FOUND, code, what + ": revision not found" + em);
            case "EntryNotFound" -> new HubException(HubException.Kind.ENTRY_NOT_FOUND, code, what + ": file not found at this revision" + em);
            default -> code == 401 || code == 403
                    ? new HubException(HubException.Kind.UNAUTHORIZED, code, what + ": HTTP " + code + (token == null
                            ? ": authentication required; set HF_TOKEN" : ": the token (" + token.origin() + ") was refused") + em)
                    : new HubException(HubException.Kind.HTTP, code, what + ": HTTP " + code + em);
        };
    }

    private static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.min(Long.parseLong(header.trim()), 3600) * 1000;
        } catch (NumberFormatException e) {
            return 0; // HTTP-date form: fall back to our own backoff
        }
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

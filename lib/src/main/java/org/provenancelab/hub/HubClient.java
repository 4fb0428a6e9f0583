package org.provenancelab.hub;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The Hub's HTTP protocol, as far as range reading needs it (see data-cache/README.md and the
 * project's notes on the protocol): revision info, whole small files and byte ranges of large
 * ones. One shared {@link OkHttpClient} carries the network policies, each its own interceptor:
 * <ol>
 *   <li>{@link RetryInterceptor}: backoff, Retry-After, and the budget as a deadline;</li>
 *   <li>{@link ResponseChecks}: status, encoding, commit, Content-Range and the capped body;</li>
 *   <li>{@link StorageRedirectInterceptor}: redirects by hand, the remembered storage URL;</li>
 *   <li>{@link TokenScopeInterceptor}: the token to the endpoint's origin only, and never
 *       again in a redirect chain that left it;</li>
 *   <li>{@link LeftoverBytesInterceptor} (network): no reuse of a connection with stray bytes.</li>
 * </ol>
 * Each call's OkHttp timeout is the policy's budget, so a call ends within it however slowly
 * a server drips. Messages never contain the token or a signed query string.
 */
public final class HubClient {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    static final Duration STORAGE_URL_TTL = StorageRedirectInterceptor.TTL;

    private final HttpUrl endpoint;
    private final Token token;
    private final RetryPolicy retry;
    private final boolean offline;
    private final OkHttpClient http;
    private final StorageRedirectInterceptor redirects;
    private final Redaction redaction;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public HubClient(String endpoint, Token token, RetryPolicy retry, boolean offline) {
        HttpUrl url = endpoint == null ? null : HttpUrl.parse(endpoint);
        if (url == null) {
            throw new IllegalArgumentException("hub endpoint is not an http(s) URL: '" + endpoint + "'");
        }
        this.endpoint = url;
        this.token = token;
        this.retry = retry;
        this.offline = offline;
        this.redirects = new StorageRedirectInterceptor(url);
        this.redaction = new Redaction(token);
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false) // retries are ours, with backoff and a budget
                // keep a connection for every parallel read: OkHttp's default keeps 5 idle, so each
                // batch after the first would open (and, on the Hub, TLS-handshake) most of them again
                .connectionPool(new ConnectionPool(HubStore.PARALLEL, 5, TimeUnit.MINUTES))
                .connectTimeout(retry.timeout())
                .readTimeout(retry.timeout())
                .writeTimeout(retry.timeout())
                .addInterceptor(new RetryInterceptor(retry))
                .addInterceptor(new ResponseChecks(endpoint(url), token, bytes))
                .addInterceptor(redirects)
                .addInterceptor(new TokenScopeInterceptor(url, token))
                .addNetworkInterceptor(chain -> {
                    requests.incrementAndGet();
                    return chain.proceed(chain.request());
                })
                .addNetworkInterceptor(new LeftoverBytesInterceptor())
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

    private static String endpoint(HttpUrl url) {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String endpoint() {
        return endpoint(endpoint);
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

    /** The text with the token and signed query strings removed (what every message of this client goes through). */
    public String scrub(String text) {
        return redaction.scrub(text);
    }

    /** HTTP requests sent so far (each retry and redirect hop counts). */
    public long requests() {
        return requests.get();
    }

    /** Response body bytes received so far. */
    public long bytesReceived() {
        return bytes.get();
    }

    /** Storage URLs remembered now. */
    int rememberedStorageUrls() {
        return redirects.remembered();
    }

    /** Revision info: the commit a revision points at, and its files with sizes and LFS hashes. */
    public RevisionInfo revision(String repo, String revision) throws IOException {
        String what = RepoId.check(repo) + "@" + checkRevision(revision);
        HttpUrl url = endpoint.newBuilder().addPathSegments("api/models").addPathSegments(repo)
                .addPathSegment("revision").addPathSegment(revision).addQueryParameter("blobs", "true").build();
        String pinned = revision.matches("[0-9a-f]{40}") ? revision : null;
        byte[] body = call(url, null, CallSpec.whole(what, 64L << 20, pinned), null);
        try {
            return RevisionInfo.parse(repo, revision, body);
        } catch (IOException e) {
            throw redaction.scrub(e);
        }
    }

    /**
     * The history of a revision: {@code api/models/{repo}/commits/{revision}}, a JSON array of
     * commits (id, title, message, authors, date), newest first, the revision's own commit first.
     * The Hub pages long histories; this is the first page, which holds the commit and its parent.
     */
    public byte[] commits(String repo, String revision) throws IOException {
        String what = RepoId.check(repo) + "@" + shortSha(checkRevision(revision)) + " commits";
        HttpUrl url = endpoint.newBuilder().addPathSegments("api/models").addPathSegments(repo)
                .addPathSegment("commits").addPathSegment(revision).build();
        // no X-Repo-Commit check: RepoHistory checks that the list starts with the commit asked for
        return call(url, null, CallSpec.whole(what, 16L << 20, null), null);
    }

    /** A whole file (config, index, tokenizer...), refused if larger than {@code maxBytes}. */
    public byte[] file(String repo, String commit, String path, long maxBytes) throws IOException {
        String what = RepoId.check(repo) + "@" + shortSha(checkRevision(commit)) + ":" + path;
        return call(resolveUrl(repo, commit, path), null, CallSpec.whole(what, maxBytes, pinnedOrNull(commit)), null);
    }

    /** Bytes [start, start + length) of a file; the server must answer 206 with that exact Content-Range. */
    public byte[] range(String repo, String commit, String path, long start, int length) throws IOException {
        return range(repo, commit, path, start, length, -1, null);
    }

    /**
     * Bytes [start, start + length) of a file of {@code fileSize} bytes (−1 if unknown; else the
     * answer's Content-Range total must be it), as one call of {@code group} (null for none).
     */
    public byte[] range(String repo, String commit, String path, long start, int length, long fileSize, CallGroup group)
            throws IOException {
        String what = RepoId.check(repo) + "@" + shortSha(checkRevision(commit)) + ":" + path + " bytes " + start + "-"
                + (start + length - 1);
        if (start < 0 || length <= 0 || (fileSize >= 0 && start + length > fileSize)) {
            throw new HubException(HubException.Kind.BAD_INPUT, 0, what + ": not a range of a file of "
                    + (fileSize >= 0 ? fileSize + " bytes" : "unknown size"));
        }
        HttpUrl resolve = resolveUrl(repo, commit, path);
        CallSpec spec = new CallSpec(what, true, start, length, fileSize, pinnedOrNull(commit));
        return call(resolve, "bytes=" + start + "-" + (start + length - 1), spec, group);
    }

    HttpUrl resolveUrl(String repo, String revision, String path) throws HubException {
        HttpUrl.Builder b = endpoint.newBuilder().addPathSegments(RepoId.check(repo)).addPathSegment("resolve")
                .addPathSegment(checkRevision(revision));
        if (path == null || path.isEmpty()) {
            throw new HubException(HubException.Kind.BAD_INPUT, 0, repo + ": empty file path");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals("..") || seg.equals(".") || seg.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new HubException(HubException.Kind.BAD_INPUT, 0, repo + ": bad file path '"
                        + path.replaceAll("[\\x00-\\x1f\\x7f]", "?") + "'");
            }
            b.addPathSegment(seg);
        }
        return b.build();
    }

    private static String checkRevision(String revision) throws HubException {
        if (revision == null || revision.isEmpty() || revision.length() > 256
                || revision.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new HubException(HubException.Kind.BAD_INPUT, 0, "bad revision '"
                    + (revision == null ? "null" : revision.replaceAll("[\\x00-\\x1f\\x7f]", "?")) + "'");
        }
        return revision;
    }

    private static String pinnedOrNull(String commit) {
        return commit.matches("[0-9a-f]{40}") ? commit : null;
    }

    static String shortSha(String s) {
        return s.matches("[0-9a-f]{40}") ? s.substring(0, 7) : s;
    }

    /** One call through the interceptors, within the budget; the body, checked. */
    private byte[] call(HttpUrl url, String range, CallSpec spec, CallGroup group) throws IOException {
        if (offline) {
            throw new HubException(HubException.Kind.OFFLINE_MISS, 0, "HF_HUB_OFFLINE=1: no network, and " + spec.what()
                    + " is not in the cache");
        }
        Request.Builder rb = new Request.Builder().url(url).header("Accept-Encoding", "identity").tag(CallSpec.class, spec);
        if (range != null) {
            rb.header("Range", range);
        }
        Call call = http.newCall(rb.build());
        call.timeout().timeout(retry.budget().toMillis(), TimeUnit.MILLISECONDS);
        if (group != null) {
            group.add(call);
        }
        try (Response resp = call.execute()) {
            return resp.body().bytes();
        } catch (HubException e) {
            throw redaction.scrub(e);
        } catch (IOException e) {
            boolean cancelled = call.isCanceled();
            throw redaction.scrub(new HubException(HubException.Kind.UNAVAILABLE, 0, spec.what() + (cancelled
                    ? (group != null && group.cancelled() ? ": cancelled (another read of the batch failed)"
                            : ": no complete answer within the budget of " + retry.budget().toMillis() + " ms")
                    : ": " + ResponseChecks.describe(e)), e));
        } finally {
            if (group != null) {
                group.remove(call);
            }
        }
    }
}

package org.provenancelab.hub;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows redirects by hand (at most {@link #MAX_REDIRECTS}), marking each hop with whether the
 * chain has left the endpoint's origin (for {@link TokenScopeInterceptor}), and remembers where
 * each file's resolve URL redirected a range request (a signed storage URL), so that further
 * ranges of the file go there directly: one round trip instead of two. Remembered in memory
 * only, for {@link #TTL}; a refusal from a remembered URL sends the request through resolve again.
 */
final class StorageRedirectInterceptor implements Interceptor {
    static final int MAX_REDIRECTS = 5;
    static final Duration TTL = Duration.ofMinutes(10);

    private record Remembered(HttpUrl url, long expiresNanos) {}

    private final HttpUrl endpoint;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    StorageRedirectInterceptor(HttpUrl endpoint) {
        this.endpoint = endpoint;
    }

    /** Storage URLs remembered now (for tests). */
    int remembered() {
        return remembered.size();
    }

    static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request original = chain.request();
        CallSpec spec = original.tag(CallSpec.class);
        String what = spec == null ? original.url().redact() : spec.what();
        boolean range = spec != null && spec.range();
        String key = original.url().toString();
        Remembered known = range ? remembered.get(key) : null;
        boolean viaKnown = known != null && known.expiresNanos() - System.nanoTime() > 0;
        HttpUrl current = viaKnown ? known.url() : original.url();
        boolean left = !TokenScopeInterceptor.sameOrigin(current, endpoint);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Request req = original.newBuilder().url(current).tag(TokenScopeInterceptor.Hop.class,
                    new TokenScopeInterceptor.Hop(left)).build();
            Response resp = chain.proceed(req);
            int code = resp.code();
            String served = resp.header("X-Repo-Commit");
            if (spec != null && spec.commit() != null && served != null && !served.trim().equalsIgnoreCase(spec.commit())) {
                resp.close();
                throw new HubException(HubException.Kind.PROTOCOL, code, what + ": the server says it served commit "
                        + HubClient.shortSha(served.trim()) + ", not the pinned " + HubClient.shortSha(spec.commit()));
            }
            if (isRedirect(code)) {
                String loc = resp.header("Location");
                HttpUrl next = loc == null ? null : current.resolve(loc);
                resp.close();
                if (next == null) {
                    throw new HubException(HubException.Kind.PROTOCOL, code, what + ": redirect without a usable Location");
                }
                if (range && !TokenScopeInterceptor.sameOrigin(next, endpoint)) {
                    remembered.put(key, new Remembered(next, System.nanoTime() + TTL.toNanos()));
                }
                left |= !TokenScopeInterceptor.sameOrigin(next, endpoint);
                current = next;
                continue;
            }
            if (viaKnown && (code == 401 || code == 403 || code == 404 || code == 410)) {
                // the remembered storage URL expired or was revoked: go through resolve again
                resp.close();
                remembered.remove(key);
                viaKnown = false;
                current = original.url();
                left = false;
                continue;
            }
            return resp;
        }
        throw new HubException(HubException.Kind.PROTOCOL, 0, what + ": more than " + MAX_REDIRECTS + " redirects");
    }
}

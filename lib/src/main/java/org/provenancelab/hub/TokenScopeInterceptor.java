package org.provenancelab.hub;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends the token only to the endpoint's own origin (scheme, host and port), and never again in
 * a redirect chain once the chain has left that origin: a storage host that redirects back to
 * the endpoint does not get the token through that route. Any Authorization header on a
 * request to another origin is removed.
 */
final class TokenScopeInterceptor implements Interceptor {
    /** Tag of a redirect hop: whether an earlier hop of its chain left the endpoint's origin. */
    record Hop(boolean leftOrigin) {}

    private final HttpUrl endpoint;
    private final Token token;

    TokenScopeInterceptor(HttpUrl endpoint, Token token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request r = chain.request();
        Hop hop = r.tag(Hop.class);
        boolean send = token != null && sameOrigin(r.url(), endpoint) && (hop == null || !hop.leftOrigin());
        Request.Builder b = r.newBuilder().removeHeader("Authorization");
        if (send) {
            String problem = token.problem();
            if (problem != null) {
                throw new HubException(HubException.Kind.BAD_INPUT, 0, problem);
            }
            b.header("Authorization", token.bearer());
        }
        return chain.proceed(b.build());
    }
}

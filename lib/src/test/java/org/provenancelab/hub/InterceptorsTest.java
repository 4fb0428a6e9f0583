package org.provenancelab.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each network policy on its own: one interceptor on a bare OkHttpClient against the hostile server. */
class InterceptorsTest {
    static final String COMMIT = HostileHubTest.COMMIT;
    static final byte[] BODY = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    final HostileServer a = serve();
    final HostileServer b = serve();

    static HostileServer serve() {
        try {
            return new HostileServer("o/r", COMMIT).file("f.bin", BODY, true).file("small.txt", BODY, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    static OkHttpClient bare(okhttp3.Interceptor... is) {
        OkHttpClient.Builder ob = new OkHttpClient.Builder().followRedirects(false).retryOnConnectionFailure(false)
                .readTimeout(Duration.ofSeconds(2));
        for (okhttp3.Interceptor i : is) {
            ob.addInterceptor(i);
        }
        return ob.build();
    }

    static Request get(String url, CallSpec spec) {
        Request.Builder r = new Request.Builder().url(url).header("Accept-Encoding", "identity");
        if (spec != null) {
            r.tag(CallSpec.class, spec);
            if (spec.range()) {
                r.header("Range", "bytes=" + spec.start() + "-" + (spec.start() + spec.maxBytes() - 1));
            }
        }
        return r.build();
    }

    @Test
    void retryWaitsForRetryAfterAndStopsAtTheBudget() throws Exception {
        AtomicInteger n = new AtomicInteger();
        a.fault((r, ex) -> {
            if (n.getAndIncrement() == 0) {
                ex.write(HostileServer.response(429, Map.of("Retry-After", "1"), new byte[0]));
                return true;
            }
            return false;
        });
        RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5));
        OkHttpClient c = bare(new RetryInterceptor(p));
        long t0 = System.nanoTime();
        try (Response r = c.newCall(get(a.endpoint() + "/o/r/resolve/main/small.txt", null)).execute()) {
            assertEquals(200, r.code());
        }
        assertTrue(System.nanoTime() - t0 >= 1_000_000_000L, "Retry-After: 1 was honoured");
        assertEquals(2, a.log().size());

        // a Retry-After beyond the budget: no wait is started that would end after it
        a.fault((r, ex) -> {
            ex.write(HostileServer.response(503, Map.of("Retry-After", "30"), new byte[0]));
            return true;
        });
        RetryPolicy tight = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(2));
        long t1 = System.nanoTime();
        HubException e = assertThrows(HubException.class,
                () -> bare(new RetryInterceptor(tight)).newCall(get(a.endpoint() + "/x", null)).execute());
        assertEquals(HubException.Kind.UNAVAILABLE, e.kind());
        assertTrue(System.nanoTime() - t1 < 1_000_000_000L, "gave up at once instead of sleeping past the budget");
    }

    @Test
    void tokenGoesToTheEndpointOriginOnlyAndNeverAfterTheChainLeftIt() throws Exception {
        HttpUrl endpoint = HttpUrl.get(a.endpoint());
        Token t = Token.of("hf_scopeTestToken123456", "test");
        OkHttpClient c = bare(new TokenScopeInterceptor(endpoint, t));
        c.newCall(get(a.endpoint() + "/x", null)).execute().close();
        c.newCall(new Request.Builder().url(b.endpoint() + "/x").header("Authorization", "Bearer planted").build()).execute().close();
        c.newCall(new Request.Builder().url(a.endpoint() + "/y").tag(TokenScopeInterceptor.Hop.class,
                new TokenScopeInterceptor.Hop(true)).build()).execute().close();
        assertEquals("Bearer hf_scopeTestToken123456", a.log().get(0).header("Authorization"));
        assertNull(b.log().get(0).header("Authorization"), "another port is another origin; a planted header is removed");
        assertNull(a.log().get(1).header("Authorization"), "a hop after the chain left the origin gets no token");

        Token bad = Token.of("hf_abc\u0007def", "HF_TOKEN");
        HubException e = assertThrows(HubException.class,
                () -> bare(new TokenScopeInterceptor(endpoint, bad)).newCall(get(a.endpoint() + "/x", null)).execute());
        assertTrue(e.getMessage().contains("HF_TOKEN") && !e.getMessage().contains("hf_abc"), e.getMessage());
    }

    @Test
    void storageRedirectIsRememberedAndForgottenWhenRefused() throws Exception {
        a.storageBase = b.endpoint();
        HttpUrl endpoint = HttpUrl.get(a.endpoint());
        StorageRedirectInterceptor redirects = new StorageRedirectInterceptor(endpoint);
        OkHttpClient c = bare(redirects);
        String url = a.endpoint() + "/o/r/resolve/" + COMMIT + "/f.bin";
        for (int i = 0; i < 3; i++) {
            CallSpec spec = new CallSpec("f.bin", true, i, 2, BODY.length, COMMIT);
            try (Response r = c.newCall(get(url, spec)).execute()) {
                assertEquals(206, r.code());
                assertEquals(new String(BODY, i, 2, StandardCharsets.US_ASCII), r.body().string());
            }
        }
        assertEquals(1, a.log().size(), "one trip through resolve, then straight to storage");
        assertEquals(3, b.log().size());
        assertEquals(1, redirects.remembered());

        b.fault((r, ex) -> {
            if (r.query().contains("Signature")) {
                ex.write(HostileServer.response(403, Map.of(), new byte[0])); // the signed URL expired
                return true;
            }
            return false;
        });
        AtomicInteger refused = new AtomicInteger();
        try (Response r = c.newCall(get(url, new CallSpec("f.bin", true, 0, 2, BODY.length, COMMIT))).execute()) {
            refused.set(r.code());
        }
        assertEquals(2, a.log().size(), "the refusal sent the request through resolve again");
        assertEquals(403, refused.get(), "the fresh redirect was refused too, and that answer is returned");

        // a chain of redirects is bounded
        a.fault((r, ex) -> {
            ex.write(HostileServer.response(302, Map.of("Location", "/loop"), new byte[0]));
            return true;
        });
        HubException loop = assertThrows(HubException.class, () -> c.newCall(get(a.endpoint() + "/loop", null)).execute());
        assertTrue(loop.getMessage().contains("redirects"), loop.getMessage());
    }

    @Test
    void responseChecksRefuseEncodedBodiesWrongTotalsAndWrongCommits() throws Exception {
        OkHttpClient c = bare(new ResponseChecks(a.endpoint(), null, new AtomicLong()));
        String url = a.endpoint() + "/o/r/resolve/" + COMMIT + "/small.txt";
        CallSpec spec = new CallSpec("small.txt", true, 2, 4, BODY.length, COMMIT);
        try (Response r = c.newCall(get(url, spec)).execute()) {
            assertEquals("2345", r.body().string());
        }
        List<String> headers = List.of("Content-Encoding: gzip", "Content-Range: bytes 2-5/999", "X-Repo-Commit: " + "f".repeat(40));
        List<String> words = List.of("encoded", "not the pinned file", "not the pinned");
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            a.fault((r, ex) -> {
                String honest = new String(ex.honest(r), StandardCharsets.ISO_8859_1);
                String name = h.substring(0, h.indexOf(':'));
                honest = honest.replaceAll("(?m)^" + name + ": .*\r\n", "");
                ex.write(honest.replaceFirst("\r\n", "\r\n" + h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return true;
            });
            HubException e = assertThrows(HubException.class, () -> c.newCall(get(url, spec)).execute());
            assertTrue(e.getMessage().contains(words.get(i)), e.getMessage());
        }
    }

    @Test
    void leftoverBytesCloseTheConnection() throws Exception {
        AtomicInteger n = new AtomicInteger();
        a.fault((r, ex) -> {
            if (n.getAndIncrement() == 0) {
                byte[] honest = ex.honest(r);
                byte[] extra = HostileServer.response(200, Map.of(), "smuggled".getBytes(StandardCharsets.US_ASCII));
                byte[] both = java.util.Arrays.copyOf(honest, honest.length + extra.length);
                System.arraycopy(extra, 0, both, honest.length, extra.length);
                ex.write(both);
                return true;
            }
            return false;
        });
        OkHttpClient c = new OkHttpClient.Builder().addNetworkInterceptor(new LeftoverBytesInterceptor())
                .readTimeout(2, TimeUnit.SECONDS).retryOnConnectionFailure(false).build();
        String url = a.endpoint() + "/o/r/resolve/main/small.txt";
        IOException e = assertThrows(IOException.class, () -> {
            try (Response r = c.newCall(get(url, null)).execute()) {
                r.body().string();
            }
        });
        assertTrue(e.getMessage().contains("more bytes"), e.getMessage());
        try (Response r = c.newCall(get(url, null)).execute()) {
            assertEquals(new String(BODY, StandardCharsets.US_ASCII), r.body().string(), "not the smuggled answer");
        }
        assertEquals(2, a.log().stream().mapToInt(HostileServer.Req::connection).distinct().count(), "a fresh connection");
    }
}

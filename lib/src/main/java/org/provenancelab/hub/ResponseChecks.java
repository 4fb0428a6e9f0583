package org.provenancelab.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Checks an answer against what the call expects ({@link CallSpec}) and reads its body, capped,
 * into memory, so that only whole and checked bytes leave the chain. Hub errors become
 * {@link HubException}s that say what to do; 408/429/5xx pass through for
 * {@link RetryInterceptor}. A range must come back as 206 with exactly the asked Content-Range,
 * whose total must be the file's size when the listing knows it; any answer must be
 * unencoded (the client asks for identity) and, if it names the commit it served
 * (X-Repo-Commit), must name the pinned one. A body cut short is a plain IOException: worth
 * another attempt.
 */
final class ResponseChecks implements Interceptor {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final String endpoint;
    private final Token token;
    private final AtomicLong bytes;

    ResponseChecks(String endpoint, Token token, AtomicLong bytes) {
        this.endpoint = endpoint;
        this.token = token;
        this.bytes = bytes;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallSpec spec = chain.request().tag(CallSpec.class);
        Response resp = chain.proceed(chain.request());
        if (spec == null || RetryInterceptor.retryable(resp.code())) {
            return resp;
        }
        try (resp) {
            int code = resp.code();
            String what = spec.what();
            if (code >= 400) {
                throw error(resp, what);
            }
            if (spec.range()) {
                if (code != 206) {
                    // a 200 here is the whole file, possibly gigabytes: close without reading
                    throw new HubException(HubException.Kind.PROTOCOL, code, what + ": the server ignored the Range header (HTTP "
                            + code + " instead of 206); not reading the whole file");
                }
            } else if (code != 200) {
                throw new HubException(HubException.Kind.PROTOCOL, code, what + ": unexpected HTTP " + code);
            }
            String enc = resp.header("Content-Encoding");
            if (enc != null && !enc.isBlank() && !enc.trim().equalsIgnoreCase("identity")) {
                throw new HubException(HubException.Kind.PROTOCOL, code, what + ": the body is encoded (Content-Encoding: "
                        + enc.trim() + ") although identity was asked for; refusing bytes that are not the file's");
            }
            String served = resp.header("X-Repo-Commit");
            if (spec.commit() != null && served != null && !served.trim().equalsIgnoreCase(spec.commit())) {
                throw new HubException(HubException.Kind.PROTOCOL, code, what + ": the server says it served commit "
                        + HubClient.shortSha(served.trim()) + ", not the pinned " + HubClient.shortSha(spec.commit()));
            }
            if (spec.range()) {
                checkContentRange(resp.header("Content-Range"), spec, what);
            }
            byte[] body = read(resp.body(), what, spec.maxBytes(), spec.range());
            MediaType type = resp.body().contentType();
            return resp.newBuilder().body(ResponseBody.create(body, type)).build();
        }
    }

    static void checkContentRange(String header, CallSpec spec, String what) throws HubException {
        Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.trim());
        if (m == null || !m.matches()) {
            throw new HubException(HubException.Kind.PROTOCOL, 206, what + ": 206 without a valid Content-Range (" + header + ")");
        }
        long s = Long.parseLong(m.group(1)), e = Long.parseLong(m.group(2));
        if (s != spec.start() || e != spec.start() + spec.maxBytes() - 1) {
            throw new HubException(HubException.Kind.PROTOCOL, 206, what + ": server sent bytes " + s + "-" + e + " instead");
        }
        if (spec.fileSize() >= 0) {
            String total = m.group(3);
            if (total.equals("*") || Long.parseLong(total) != spec.fileSize()) {
                throw new HubException(HubException.Kind.PROTOCOL, 206, what + ": Content-Range says the file has " + total
                        + " bytes, the listing " + spec.fileSize() + "; this is not the pinned file");
            }
        }
    }

    private byte[] read(ResponseBody body, String what, long maxBytes, boolean exact) throws IOException {
        long declared = body.contentLength();
        if (declared > maxBytes || (exact && declared >= 0 && declared != maxBytes)) {
            throw new HubException(HubException.Kind.PROTOCOL, 0, what + ": server announces " + declared + " bytes, expected "
                    + (exact ? "" : "at most ") + maxBytes);
        }
        int cap = (int) Math.min(maxBytes, declared >= 0 ? declared : Math.min(maxBytes, 1 << 20));
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(cap, 16));
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
            throw new IOException(what + ": body cut off after " + out.size() + " bytes (" + describe(e) + ")", e);
        }
        if ((exact && out.size() != maxBytes) || (declared >= 0 && out.size() != declared)) {
            throw new IOException(what + ": body truncated: got " + out.size() + " of " + (exact ? maxBytes : declared) + " bytes");
        }
        return out.toByteArray();
    }

    private HubException error(Response resp, String what) {
        int code = resp.code();
        String ec = Optional.ofNullable(resp.header("X-Error-Code")).orElse("");
        String em = Optional.ofNullable(resp.header("X-Error-Message")).map(s -> " (" + s + ")").orElse("");
        String repoPage = endpoint + "/" + what.split("[@:]", 2)[0];
        return switch (ec) {
            case "GatedRepo" -> new HubException(HubException.Kind.GATED, code, what + ": the repo is gated. Accept its terms on "
                    + repoPage + " with your account, then set HF_TOKEN (or save the token in $HF_HOME/token)"
                    + (token == null ? "; no token is set now" : "; the token in use (" + token.origin() + ") has no access yet") + em);
            case "RepoNotFound" -> new HubException(HubException.Kind.REPO_NOT_FOUND, code, what + ": repo not found on " + endpoint
                    + (token == null ? " (if it is private or gated, set HF_TOKEN)" : "") + em);
            case "RevisionNotFound" -> new HubException(HubException.Kind.REVISION_NOT_FOUND, code, what + ": revision not found" + em);
            case "EntryNotFound" -> new HubException(HubException.Kind.ENTRY_NOT_FOUND, code, what + ": file not found at this revision" + em);
            default -> code == 401 || code == 403
                    ? new HubException(HubException.Kind.UNAUTHORIZED, code, what + ": HTTP " + code + (token == null
                            ? ": authentication required; set HF_TOKEN" : ": the token (" + token.origin() + ") was refused") + em)
                    : new HubException(HubException.Kind.HTTP, code, what + ": HTTP " + code + em);
        };
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

package org.provenancelab.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Retries 408, 429 and 5xx answers and failed attempts (timeouts, resets, cut-off bodies) with
 * exponential backoff, honouring a server's Retry-After, and never past the call's budget: the
 * budget is a deadline for the whole call (the client also sets it as the OkHttp call timeout,
 * which cancels a read in progress), and no wait is started that would end after it. Errors
 * that another attempt cannot fix ({@link HubException}) pass through at once.
 */
final class RetryInterceptor implements Interceptor {
    private final RetryPolicy policy;

    RetryInterceptor(RetryPolicy policy) {
        this.policy = policy;
    }

    static boolean retryable(int code) {
        return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallSpec spec = chain.request().tag(CallSpec.class);
        String what = spec == null ? chain.request().url().redact() : spec.what();
        long deadline = System.nanoTime() + policy.budget().toNanos();
        IOException last = null;
        int lastStatus = 0;
        for (int attempt = 1; ; attempt++) {
            long retryAfter = 0;
            try {
                Response r = chain.proceed(chain.request());
                if (!retryable(r.code())) {
                    return r;
                }
                lastStatus = r.code();
                retryAfter = retryAfterMillis(r.header("Retry-After"));
                last = new HubException(HubException.Kind.UNAVAILABLE, r.code(), what + ": HTTP " + r.code());
                r.close();
            } catch (HubException e) {
                throw e;
            } catch (IOException e) {
                last = e;
                lastStatus = 0;
            }
            if (chain.call().isCanceled()) {
                boolean timedOut = System.nanoTime() - deadline >= -50_000_000L;
                throw new HubException(HubException.Kind.UNAVAILABLE, lastStatus, what + (timedOut
                        ? ": no complete answer within the budget of " + policy.budget().toMillis() + " ms"
                        : ": cancelled (another read of the batch failed)"), last);
            }
            if (attempt >= policy.maxAttempts()) {
                break;
            }
            long wait = policy.delayMillis(attempt, retryAfter);
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
        throw new HubException(HubException.Kind.UNAVAILABLE, lastStatus,
                what + ": gave up after retries: " + (last == null ? "no answer" : last.getMessage()), last);
    }

    static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(Long.parseLong(header.trim()), 3600)) * 1000;
        } catch (NumberFormatException e) {
            return 0; // HTTP-date form: fall back to our own backoff
        }
    }
}

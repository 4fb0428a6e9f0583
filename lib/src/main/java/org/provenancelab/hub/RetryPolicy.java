package org.provenancelab.hub;

import java.time.Duration;

/**
 * Retries of 408/429/5xx, timeouts and resets: exponential backoff from {@code base}, capped
 * at {@code maxDelay}, a server's Retry-After honoured, and never past {@code budget} in total.
 * {@code timeout} bounds connecting and each wait for data within one attempt.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration maxDelay, Duration budget, Duration timeout) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(16), Duration.ofMinutes(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** With a 30 s timeout per attempt. */
    public RetryPolicy(int maxAttempts, Duration base, Duration maxDelay, Duration budget) {
        this(maxAttempts, base, maxDelay, budget, Duration.ofSeconds(30));
    }

    public RetryPolicy withTimeout(Duration t) {
        return new RetryPolicy(maxAttempts, base, maxDelay, budget, t);
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1), or the server's wish if larger. */
    long delayMillis(int attempt, long retryAfterMillis) {
        long exp = base.toMillis() << Math.min(attempt - 1, 20);
        long d = Math.min(exp, maxDelay.toMillis());
        return Math.max(d, retryAfterMillis);
    }
}

package org.provenancelab.hub;

/**
 * A fault the local hub injects into the next {@code times} matching requests.
 *
 * @param kind         what goes wrong
 * @param cdn          true: on the storage host; false: on the hub host
 * @param pathContains only requests whose path contains this (empty: any)
 * @param times        how many requests it hits
 * @param status       HTTP status for {@link Kind#STATUS}
 * @param retryAfter   Retry-After seconds sent with a status, −1 for none
 * @param stallMillis  for {@link Kind#STALL}: how long the answer is held back
 */
public record Fault(Kind kind, boolean cdn, String pathContains, int times, int status, int retryAfter, long stallMillis) {
    public enum Kind {
        /** answer with a status (429, 500, 503, ...) and no body */
        STATUS,
        /** send half the body, then reset the connection (TCP RST) */
        RESET_MID_BODY,
        /** announce the full length, send half, close normally */
        TRUNCATE_BODY,
        /** answer a range request with 200 and the whole file */
        IGNORE_RANGE,
        /** hold the answer back (a server that stops responding: the client's timeout fires) */
        STALL
    }

    public static Fault status(int status, int retryAfter, int times) {
        return new Fault(Kind.STATUS, true, "", times, status, retryAfter, 0);
    }

    public static Fault stall(java.time.Duration d, int times) {
        return new Fault(Kind.STALL, true, "", times, 0, -1, d.toMillis());
    }

    public static Fault on(Kind kind, int times) {
        return new Fault(kind, true, "", times, 0, -1, 0);
    }

    /** The same fault on the hub host instead of the storage host. */
    public Fault onHub() {
        return new Fault(kind, false, pathContains, times, status, retryAfter, stallMillis);
    }

    /** The same fault only for paths containing {@code s}. */
    public Fault onPath(String s) {
        return new Fault(kind, cdn, s, times, status, retryAfter, stallMillis);
    }
}

package org.provenancelab.hub;

import java.io.IOException;

/**
 * A failure talking to a hub, with what the user can do about it. Messages name the repo,
 * revision and file; they never contain a token or a signed storage URL.
 */
public final class HubException extends IOException {
    public enum Kind {
        /** the repo requires accepting its terms (and a token) */
        GATED,
        /** authentication required or refused */
        UNAUTHORIZED,
        REPO_NOT_FOUND,
        REVISION_NOT_FOUND,
        ENTRY_NOT_FOUND,
        /** HF_HUB_OFFLINE=1 and the data is not in the cache */
        OFFLINE_MISS,
        /** the server answered in a way the protocol does not allow (e.g. 200 to a range request) */
        PROTOCOL,
        /** retries exhausted on 408/429/5xx, timeouts or resets */
        UNAVAILABLE,
        /** any other HTTP status */
        HTTP,
        /** the caller's input (repo id, file name, token) is not usable; nothing was sent */
        BAD_INPUT,
        /** the bytes received do not match what the listing says the pinned file holds */
        CONTENT_MISMATCH
    }

    private final Kind kind;
    private final int status;

    public HubException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    public HubException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 if none. */
    public int status() {
        return status;
    }
}

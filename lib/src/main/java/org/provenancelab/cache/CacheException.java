package org.provenancelab.cache;

import java.io.IOException;

/** The cache cannot serve or store an entry safely; the message names the entry or the key. */
public final class CacheException extends IOException {
    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}

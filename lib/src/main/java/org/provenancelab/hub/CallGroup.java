package org.provenancelab.hub;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The calls of one batch: when one fails, {@link #cancel()} stops the others at once. Cancelling
 * a Java future does not interrupt a thread blocked in a socket read; cancelling the OkHttp call
 * closes its socket, so the read ends.
 */
public final class CallGroup {
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    void add(Call c) {
        calls.add(c);
        if (cancelled) {
            c.cancel();
        }
    }

    void remove(Call c) {
        calls.remove(c);
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Cancels every call in flight and every later one. */
    public void cancel() {
        cancelled = true;
        for (Call c : calls) {
            c.cancel();
        }
    }

    /** Calls in flight now. */
    public int inFlight() {
        return calls.size();
    }
}

package org.provenancelab.hub;

/**
 * What one hub call expects, carried as the request's tag through the interceptors.
 *
 * @param what       the human name of what is fetched (repo@commit:path bytes a-b), for messages
 * @param range      true for a byte range (206 with an exact Content-Range required)
 * @param start      first byte of the range
 * @param maxBytes   the exact length of a range, or the most a whole answer may hold
 * @param fileSize   the file's size from the listing, −1 if unknown (a range's Content-Range total must match)
 * @param commit     the pinned commit (an X-Repo-Commit header must name it), null if none
 */
record CallSpec(String what, boolean range, long start, long maxBytes, long fileSize, String commit) {
    static CallSpec whole(String what, long maxBytes, String commit) {
        return new CallSpec(what, false, 0, maxBytes, -1, commit);
    }
}

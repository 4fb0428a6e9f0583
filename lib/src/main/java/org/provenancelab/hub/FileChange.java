package org.provenancelab.hub;

/**
 * How one file differs between a commit and its parent, from the two file listings (git blob ids
 * and sizes): added, deleted or modified. Unchanged files are not listed.
 */
public record FileChange(String path, Kind kind, long sizeBefore, long sizeAfter, String blobBefore, String blobAfter) {
    public enum Kind { ADDED, DELETED, MODIFIED }
}

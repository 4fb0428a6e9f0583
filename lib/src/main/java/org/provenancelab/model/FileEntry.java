package org.provenancelab.model;

/**
 * One file of a repo at a commit (experiment 0a's manifest).
 *
 * @param path      path in the repo
 * @param size      bytes, −1 if unknown
 * @param blobId    git blob id, "" if unknown
 * @param lfsSha256 sha256 of the content for LFS files, "" for files stored in git
 */
public record FileEntry(String path, long size, String blobId, String lfsSha256) {
    public FileEntry {
        blobId = blobId == null ? "" : blobId;
        lfsSha256 = lfsSha256 == null ? "" : lfsSha256;
    }

    public boolean isLfs() {
        return !lfsSha256.isEmpty();
    }
}

package org.provenancelab.hub;

import java.util.List;
import org.provenancelab.model.FileEntry;

/**
 * What {@code api/models/{repo}/revision/{rev}?blobs=true} says: the commit and its files.
 *
 * @param raw the JSON as received (kept in the cache so an offline run can list files)
 */
public record RevisionInfo(String repo, String revision, String sha, List<FileEntry> files, byte[] raw) {
    public RevisionInfo {
        files = List.copyOf(files);
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }
}

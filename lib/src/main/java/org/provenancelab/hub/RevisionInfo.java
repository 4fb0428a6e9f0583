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

    /** Parses the JSON of {@code api/models/{repo}/revision/{revision}}; an error if it names no commit. */
    public static RevisionInfo parse(String repo, String revision, byte[] json) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        String sha = root.path("sha").asText("");
        if (!sha.matches("[0-9a-f]{40}")) {
            throw new HubException(HubException.Kind.PROTOCOL, 200, repo + "@" + revision + ": revision info carries no commit sha");
        }
        List<FileEntry> files = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode s : root.path("siblings")) {
            com.fasterxml.jackson.databind.JsonNode lfs = s.path("lfs");
            files.add(new FileEntry(s.path("rfilename").asText(), s.path("size").asLong(-1), s.path("blobId").asText(""),
                    lfs.isObject() ? lfs.path("sha256").asText("") : ""));
        }
        return new RevisionInfo(repo, revision, sha, files, json);
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }
}

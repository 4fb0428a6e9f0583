package org.provenancelab.hub;

import java.util.List;

/** One commit of a Hub repo, as the Hub's commits API reports it. */
public record CommitInfo(String id, String title, String message, List<String> authors, String date) {
    public CommitInfo {
        authors = List.copyOf(authors);
    }

    public String shortId() {
        return id.length() > 7 ? id.substring(0, 7) : id;
    }
}

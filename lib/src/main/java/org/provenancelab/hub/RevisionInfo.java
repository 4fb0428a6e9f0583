package org.provenancelab.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.provenancelab.model.FileEntry;

/**
 * What {@code api/models/{repo}/revision/{rev}?blobs=true} says: the commit and its files.
 *
 * @param raw the JSON as received (kept in the cache so an offline run can list files)
 */
public record RevisionInfo(String repo, String revision, String sha, List<FileEntry> files, byte[] raw) {
    /** More files than this in one listing are refused (the Hub's own limit per repo is far lower). */
    public static final int MAX_FILES = 1 << 18;
    /** File names longer than this are refused. */
    static final int MAX_PATH = 4096;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20)
                    .maxNameLength(1 << 12).maxNumberLength(40).build())
            .build();

    public RevisionInfo {
        files = List.copyOf(files);
        raw = raw.clone();
    }

    /**
     * Parses the JSON of {@code api/models/{repo}/revision/{revision}} as a stream, keeping only
     * the fields the lab uses, with caps on counts and lengths: a hostile answer ends in a
     * {@link HubException} naming the repo, never in an OutOfMemoryError.
     */
    public static RevisionInfo parse(String repo, String revision, byte[] json) throws IOException {
        String what = repo + "@" + revision;
        String sha = "";
        List<FileEntry> files = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(what, "revision info is not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("sha") && v == JsonToken.VALUE_STRING) {
                    sha = p.getText();
                } else if (field.equals("siblings") && v == JsonToken.START_ARRAY) {
                    for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken()) {
                        if (files.size() >= MAX_FILES) {
                            throw bad(what, "revision info lists more than " + MAX_FILES + " files");
                        }
                        if (s != JsonToken.START_OBJECT) {
                            throw bad(what, "revision info: a sibling is not an object");
                        }
                        files.add(sibling(what, p));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (HubException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw bad(what, "revision info is not valid JSON: " + e.getOriginalMessage());
        }
        if (!sha.matches("[0-9a-f]{40}")) {
            throw bad(what, "revision info carries no commit sha");
        }
        return new RevisionInfo(repo, revision, sha, files, json);
    }

    private static FileEntry sibling(String what, JsonParser p) throws IOException {
        String name = null, blob = "", lfsSha = "";
        long size = -1;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "rfilename" -> name = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "size" -> size = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? p.getLongValue() : -1;
                case "blobId" -> blob = v == JsonToken.VALUE_STRING ? p.getText() : "";
                case "lfs" -> {
                    if (v == JsonToken.START_OBJECT) {
                        for (JsonToken l = p.nextToken(); l != JsonToken.END_OBJECT; l = p.nextToken()) {
                            String lf = p.currentName();
                            JsonToken lv = p.nextToken();
                            if (lf.equals("sha256") && lv == JsonToken.VALUE_STRING) {
                                lfsSha = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null || name.isEmpty() || name.length() > MAX_PATH) {
            throw bad(what, "revision info: a sibling has no usable rfilename");
        }
        if (!blob.isEmpty() && !blob.matches("[0-9a-f]{40}")) {
            throw bad(what, "revision info: blobId of '" + name + "' is not a git object id");
        }
        if (!lfsSha.isEmpty() && !lfsSha.matches("[0-9a-f]{64}")) {
            throw bad(what, "revision info: lfs sha256 of '" + name + "' is not a sha256");
        }
        return new FileEntry(name, size < 0 ? -1 : size, blob, lfsSha);
    }

    private static HubException bad(String what, String problem) {
        return new HubException(HubException.Kind.PROTOCOL, 200, what + ": " + problem);
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }
}

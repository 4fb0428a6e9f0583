package org.provenancelab.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.FileStore;
import org.provenancelab.model.ModelSource;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The history of a pinned Hub repo up to its commit, and what a commit changed: the commit's
 * parent is the next entry of the Hub's history (the Hub's histories are linear), and the changed
 * files come from comparing the two commits' file listings (blob ids and sizes), both read through
 * the same client and cache as the weights. A pinned commit's history never changes, so it is
 * cached and an offline run replays it.
 */
public final class RepoHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubClient client;
    private final DataCache cache;
    private final String repo;
    private final String commit;
    private final Source source;
    private final List<CommitInfo> commits;

    private RepoHistory(HubClient client, DataCache cache, String repo, String commit, Source source, List<CommitInfo> commits) {
        this.client = client;
        this.cache = cache;
        this.repo = repo;
        this.commit = commit;
        this.source = source;
        this.commits = List.copyOf(commits);
    }

    /** The history of a model opened from a hub (real or local), labelled like the model. */
    public static RepoHistory of(ModelSource model) throws IOException {
        if (model instanceof SafetensorsModel sm && hubStore(sm.store()) instanceof HubStore hs) {
            return of(hs.client(), hs.cache(), model.id(), model.commit(), model.source());
        }
        throw new IllegalArgumentException(model.id() + " was not opened from a hub (" + model.source().label()
                + "): it has no commit history to read");
    }

    private static FileStore hubStore(FileStore s) {
        return s instanceof LocalLabelledStore l ? l.inner() : s;
    }

    /** The history of {@code repo} up to {@code commit} (a full SHA). */
    public static RepoHistory of(HubClient client, DataCache cache, String repo, String commit, Source source) throws IOException {
        if (!commit.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("history is read for a pinned commit (40 hex digits), got '" + commit + "'");
        }
        Optional<byte[]> cached = cache.api(repo, commit, "commits");
        byte[] raw;
        if (cached.isPresent()) {
            raw = cached.get();
        } else {
            raw = client.commits(repo, commit);
            cache.putApi(repo, commit, "commits", raw);
        }
        List<CommitInfo> list = parse(repo, commit, raw);
        Provenance.record(source);
        return new RepoHistory(client, cache, repo, commit, source, list);
    }

    /** Parses the commits API's JSON; the first entry must be the commit asked for. */
    static List<CommitInfo> parse(String repo, String commit, byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (!root.isArray()) {
            throw new HubException(HubException.Kind.PROTOCOL, 200, repo + "@" + commit.substring(0, 7)
                    + ": the commits API answered " + root.getNodeType() + " instead of a list");
        }
        List<CommitInfo> out = new ArrayList<>();
        for (JsonNode c : root) {
            List<String> authors = new ArrayList<>();
            for (JsonNode a : c.path("authors")) {
                authors.add(a.path("user").asText(a.asText("")));
            }
            out.add(new CommitInfo(c.path("id").asText(""), c.path("title").asText(""), c.path("message").asText(""), authors,
                    c.path("date").asText("")));
        }
        if (out.isEmpty() || !out.get(0).id().equals(commit)) {
            throw new HubException(HubException.Kind.PROTOCOL, 200, repo + "@" + commit.substring(0, 7)
                    + ": the commits API does not start with that commit (found " + (out.isEmpty() ? "none" : out.get(0).id()) + ")");
        }
        return out;
    }

    public String repo() {
        return repo;
    }

    public Source source() {
        return source;
    }

    /** The commit and its ancestors (as far as the Hub's first page goes), newest first. */
    public List<CommitInfo> commits() {
        return commits;
    }

    /** The pinned commit. */
    public CommitInfo commit() {
        return commits.get(0);
    }

    /** The parent of the pinned commit; empty for a repo's first commit. */
    public Optional<CommitInfo> parent() {
        return commits.size() > 1 ? Optional.of(commits.get(1)) : Optional.empty();
    }

    /** A commit of this history by full SHA or by a prefix of at least 7 hex digits. */
    public Optional<CommitInfo> find(String shaOrPrefix) {
        if (shaOrPrefix.length() < 7) {
            throw new IllegalArgumentException("a commit prefix needs at least 7 hex digits, got '" + shaOrPrefix + "'");
        }
        return commits.stream().filter(c -> c.id().startsWith(shaOrPrefix)).findFirst();
    }

    /** The history of an older commit of the same repo (it holds that commit's parent). */
    public RepoHistory at(String sha) throws IOException {
        return of(client, cache, repo, sha, source.kind() == Source.Kind.LIVE ? Source.live(repo, sha) : Source.local(repo, sha));
    }

    /** Files the pinned commit added, deleted or modified, against its parent; empty for a first commit. */
    public List<FileChange> changes() throws IOException {
        Optional<CommitInfo> p = parent();
        if (p.isEmpty()) {
            return List.of();
        }
        Map<String, FileEntry> before = listing(p.get().id()), after = listing(commit);
        List<FileChange> out = new ArrayList<>();
        for (var e : after.entrySet()) {
            FileEntry old = before.get(e.getKey()), now = e.getValue();
            if (old == null) {
                out.add(new FileChange(now.path(), FileChange.Kind.ADDED, -1, now.size(), "", now.blobId()));
            } else if (!old.blobId().equals(now.blobId()) || old.size() != now.size() || !old.lfsSha256().equals(now.lfsSha256())) {
                out.add(new FileChange(now.path(), FileChange.Kind.MODIFIED, old.size(), now.size(), old.blobId(), now.blobId()));
            }
        }
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                FileEntry old = e.getValue();
                out.add(new FileChange(old.path(), FileChange.Kind.DELETED, old.size(), -1, old.blobId(), ""));
            }
        }
        out.sort((x, y) -> x.path().compareTo(y.path()));
        return out;
    }

    private Map<String, FileEntry> listing(String sha) throws IOException {
        Map<String, FileEntry> m = new TreeMap<>();
        for (FileEntry f : HubStore.open(client, cache, repo, sha).files()) {
            m.put(f.path(), f);
        }
        return m;
    }

    /** The commits as a table: commit, date, title, authors, source. */
    public Table table() {
        Table t = Table.create("Commits of " + repo + " up to " + commit.substring(0, 7), StringColumn.create("commit"),
                StringColumn.create("date"), StringColumn.create("title"), StringColumn.create("authors"), StringColumn.create("source"));
        for (CommitInfo c : commits) {
            t.stringColumn("commit").append(c.shortId());
            t.stringColumn("date").append(c.date());
            t.stringColumn("title").append(c.title());
            t.stringColumn("authors").append(String.join(", ", c.authors()));
            t.stringColumn("source").append(source.label());
        }
        return t;
    }

    /** What the pinned commit changed, as a table. */
    public Table changesTable() throws IOException {
        Table t = Table.create("Files changed by " + repo + "@" + commit.substring(0, 7) + " against its parent",
                StringColumn.create("file"), StringColumn.create("change"), LongColumn.create("bytes before"),
                LongColumn.create("bytes after"), StringColumn.create("source"));
        for (FileChange c : changes()) {
            t.stringColumn("file").append(c.path());
            t.stringColumn("change").append(c.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (c.sizeBefore() >= 0) {
                t.longColumn("bytes before").append(c.sizeBefore());
            } else {
                t.longColumn("bytes before").appendMissing();
            }
            if (c.sizeAfter() >= 0) {
                t.longColumn("bytes after").append(c.sizeAfter());
            } else {
                t.longColumn("bytes after").appendMissing();
            }
            t.stringColumn("source").append(source.label());
        }
        return t;
    }

    @Override
    public String toString() {
        return "history of " + repo + "@" + commit.substring(0, 7) + ": " + commits.size() + " commits (" + source.label() + ")";
    }
}

package org.provenancelab.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A notebook's results file, {@code exports/NN_name.results.json}, as the runner writes it:
 * {@code {notebook, profile, lab_commit, parameters, results: [{key, value, text, source,
 * source_full}]}} (documented in {@code exports/README.md}). The verdict is built from these
 * files only.
 */
public final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final String notebook;
    private final String profile;
    private final String labCommit;
    private final Map<String, String> parameters;
    private final Map<String, ResultEntry> entries;

    private ResultsFile(Path path, String notebook, String profile, String labCommit, Map<String, String> parameters,
                        Map<String, ResultEntry> entries) {
        this.path = path;
        this.notebook = notebook;
        this.profile = profile;
        this.labCommit = labCommit;
        this.parameters = parameters;
        this.entries = entries;
    }

    /**
     * The results file of notebook {@code number} ({@code "09"}) in {@code dir}. Fails, naming
     * the file it looked for, if the notebook has not written one in this run.
     */
    public static ResultsFile require(Path dir, String number) {
        if (!number.matches("\\d{2}")) {
            throw new IllegalArgumentException("a notebook is named by its two-digit number, got '" + number + "'");
        }
        List<Path> found;
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            found = s.filter(p -> p.getFileName().toString().matches(number + "_.*\\.results\\.json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + " for the results of notebook " + number, e);
        }
        if (found.isEmpty()) {
            throw new MissingResultsException(number, dir.resolve(number + "_*.results.json"));
        }
        if (found.size() > 1) {
            throw new IllegalStateException("notebook " + number + " has several results files in " + dir + ": "
                    + found.stream().map(p -> p.getFileName().toString()).toList());
        }
        return read(found.get(0));
    }

    /** Reads one results file; a malformed one fails with its name and what is wrong. */
    public static ResultsFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("results file " + file.getFileName() + " cannot be read as JSON: " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        String notebook = text(root, "notebook", name);
        Map<String, String> params = new LinkedHashMap<>();
        root.path("parameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw new IllegalStateException("results file " + name + " has no 'results' array");
        }
        String nb = notebook.length() >= 2 ? notebook.substring(0, 2) : notebook;
        Map<String, ResultEntry> entries = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String key = text(r, "key", name);
            JsonNode v = r.path("value");
            Double value = v.isNumber() ? Double.valueOf(v.asDouble()) : null;
            List<org.provenancelab.provenance.Source> sources = new ArrayList<>();
            for (JsonNode src : r.path("sources")) {
                try {
                    sources.add(new org.provenancelab.provenance.Source(org.provenancelab.provenance.Source.Kind.valueOf(
                            src.path("kind").asText().toUpperCase(java.util.Locale.ROOT)), src.path("subject").asText(),
                            src.path("revision").asText()));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalStateException("results file " + name + ": entry '" + key + "' lists a source that is not one: "
                            + src, bad);
                }
            }
            ResultEntry e = new ResultEntry(nb, key, value, r.path("text").isTextual() ? r.path("text").asText() : "",
                    r.path("source").asText(""), r.path("source_full").asText(""), sources);
            if (entries.put(key, e) != null) {
                throw new IllegalStateException("results file " + name + " holds key '" + key + "' twice");
            }
        }
        return new ResultsFile(file, nb, root.path("profile").asText(""), root.path("lab_commit").asText(""), params, entries);
    }

    private static String text(JsonNode n, String field, String file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalStateException("results file " + file + ": '" + field + "' is missing or empty");
        }
        return v.asText();
    }

    public Path path() {
        return path;
    }

    /** The notebook's two-digit number. */
    public String notebook() {
        return notebook;
    }

    public String profile() {
        return profile;
    }

    public String labCommit() {
        return labCommit;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public List<ResultEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    public Optional<ResultEntry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * The entry under {@code key}, else the one under {@code standIn} (a published figure, or a
     * layout built from a published config, written where the lab has not measured the real files).
     */
    public Optional<ResultEntry> findOr(String key, String standIn) {
        Optional<ResultEntry> e = find(key);
        return e.isPresent() || standIn == null || standIn.isEmpty() ? e : find(standIn);
    }

    /** The entry, or a clear error naming the file and the key. */
    public ResultEntry get(String key) {
        ResultEntry e = entries.get(key);
        if (e == null) {
            throw new IllegalStateException("results of notebook " + notebook + " (" + path.getFileName()
                    + ") hold no entry '" + key + "'");
        }
        return e;
    }

    /** Entries whose key starts with {@code prefix}. */
    public List<ResultEntry> withPrefix(String prefix) {
        return entries.values().stream().filter(e -> e.key().startsWith(prefix)).toList();
    }
}

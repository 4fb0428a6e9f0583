package org.provenancelab.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A notebook's key results, with their sources, in a machine-readable file beside its export
 * ({@code exports/NN_name.results.json}), for the notebooks that read other notebooks' findings.
 * The runner names the file in {@code LAB_RESULTS}; outside the runner nothing is written and a
 * note says so once. The format is documented in {@code exports/README.md}.
 */
public final class Results {
    /** The variable the runner sets to the results file of the notebook it runs. */
    public static final String ENV = "LAB_RESULTS";
    /** Parameters as a JSON object (optional); without it, those the runner recorded with Provenance.parameter. */
    public static final String PARAMETERS_ENV = "LAB_PARAMETERS";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static boolean noted;

    private Results() {}

    /** One result: a number or a text, and where it came from. */
    public record Entry(String key, Double value, String text, String source, String sourceFull, List<Source> sources) {
        /** The number; an error naming the key if this result is a text. */
        public double number() {
            if (value == null) {
                throw new IllegalStateException("result '" + key + "' is a text, not a number: " + text);
            }
            return value;
        }
    }

    /** A notebook's results file as read back. */
    public record File(String notebook, String profile, String labCommit, JsonNode parameters, Map<String, Entry> results) {
        public Entry get(String key) {
            Entry e = results.get(key);
            if (e == null) {
                throw new IllegalArgumentException("notebook " + notebook + " has no result '" + key + "'; it has " + results.keySet());
            }
            return e;
        }
    }

    public static void put(String key, double value, Source source) {
        put(key, value, null, Sources.of(source));
    }

    public static void put(String key, double value, Sources sources) {
        put(key, value, null, sources);
    }

    public static void put(String key, String text, Source source) {
        put(key, null, Objects.requireNonNull(text, "text"), Sources.of(source));
    }

    public static void put(String key, String text, Sources sources) {
        put(key, null, Objects.requireNonNull(text, "text"), sources);
    }

    private static synchronized void put(String key, Double value, String text, Sources sources) {
        if (key == null || !key.matches("[A-Za-z0-9_.\\-]+")) {
            throw new IllegalArgumentException("a result key is letters, digits, '_', '.', '-', got '" + key + "'");
        }
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("result '" + key + "' is " + value + "; write a finite number or a text");
        }
        Objects.requireNonNull(sources, "sources");
        ENTRIES.put(key, new Entry(key, value, text, sources.label(), sources.fullLabel(), sources.list()));
        sources.record();
        write(System.getenv(ENV), System.getenv(PARAMETERS_ENV));
    }

    /** Forgets this session's results (tests). */
    public static synchronized void reset() {
        ENTRIES.clear();
        noted = false;
    }

    /** The notebook's parameters as the runner recorded them in the kernel (Provenance.parameter). */
    private static ObjectNode recordedParameters() {
        ObjectNode p = JSON.createObjectNode();
        Provenance.parameters().forEach(p::put);
        return p;
    }

    /** Writes every result so far to {@code path} (null: only a note, once). */
    static synchronized void write(String path, String parameters) {
        if (path == null || path.isBlank()) {
            if (!noted) {
                noted = true;
                System.out.println("note: results are written only when the runner executes the notebook (" + ENV + " is not set)");
            }
            return;
        }
        Path file = Path.of(path);
        String name = file.getFileName().toString();
        if (!name.endsWith(".results.json")) {
            throw new IllegalArgumentException(ENV + " must name a .results.json file, got '" + name + "'");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("notebook", name.substring(0, name.length() - ".results.json".length()));
        root.put("profile", Profile.current().label());
        root.put("lab_commit", Lab.commit());
        try {
            root.set("parameters", parameters == null || parameters.isBlank() ? recordedParameters() : JSON.readTree(parameters));
        } catch (IOException e) {
            throw new IllegalArgumentException(PARAMETERS_ENV + " is not a JSON object: " + e.getMessage());
        }
        ArrayNode rs = root.putArray("results");
        for (Entry e : ENTRIES.values()) {
            ObjectNode r = rs.addObject();
            r.put("key", e.key());
            if (e.value() == null) {
                r.putNull("value");
            } else {
                r.put("value", e.value());
            }
            if (e.text() == null) {
                r.putNull("text");
            } else {
                r.put("text", e.text());
            }
            r.put("source", e.source());
            r.put("source_full", e.sourceFull());
            ArrayNode ss = r.putArray("sources");
            for (Source s : e.sources()) {
                ss.addObject().put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT)).put("subject", s.subject())
                        .put("revision", s.revision());
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(name + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results file " + name, e);
        }
    }

    /**
     * Another notebook's results, by number prefix ({@code "07"}): the file the runner wrote beside
     * its export (in the folder of {@code LAB_RESULTS}, else {@code exports/}).
     */
    public static File read(String prefix) throws IOException {
        String env = System.getenv(ENV);
        Path dir = env != null && !env.isBlank() ? Path.of(env).toAbsolutePath().getParent() : Lab.home().resolve("exports");
        List<Path> hits = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix + "_") && p.getFileName().toString().endsWith(".results.json"))
                    .forEach(hits::add);
        } catch (java.nio.file.NoSuchFileException e) {
            // no exports yet: reported below
        }
        if (hits.size() != 1) {
            throw new java.io.FileNotFoundException("no single results file for notebook " + prefix + " in exports/ (found "
                    + hits.stream().map(p -> p.getFileName().toString()).toList() + "); run kernel-setup/run-notebooks.sh " + prefix
                    + " first");
        }
        return parse(hits.get(0));
    }

    static File parse(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonNode r : root.path("results")) {
            List<Source> sources = new ArrayList<>();
            for (JsonNode s : r.path("sources")) {
                sources.add(new Source(Source.Kind.valueOf(s.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                        s.path("subject").asText(), s.path("revision").asText()));
            }
            String key = r.path("key").asText();
            entries.put(key, new Entry(key, r.path("value").isNumber() ? r.path("value").asDouble() : null,
                    Optional.ofNullable(r.get("text")).filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null),
                    r.path("source").asText(), r.path("source_full").asText(), List.copyOf(sources)));
        }
        return new File(root.path("notebook").asText(), root.path("profile").asText(), root.path("lab_commit").asText(),
                root.path("parameters"), entries);
    }
}

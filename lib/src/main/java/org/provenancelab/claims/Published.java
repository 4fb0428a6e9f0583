package org.provenancelab.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.provenancelab.provenance.Lab;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The published outputs of both sides, as copied into {@code notebooks/data/published/<side>/}
 * with the commit of the repository they came from in {@code SOURCE_COMMIT}. Every read
 * records the side's source, so the export's footer lists it.
 */
public final class Published {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private final Path root;

    public Published(Path root) {
        this.root = root;
    }

    /** The copy shipped with the lab checkout. */
    public static Published shipped() {
        return new Published(Lab.home().resolve("notebooks").resolve("data").resolve("published"));
    }

    /** The commit of the side's repository that the files were copied from. */
    public String commit(Side side) {
        Path f = root.resolve(side.id()).resolve("SOURCE_COMMIT");
        String sha;
        try {
            sha = Files.readString(f, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("published data of " + side.id() + ": cannot read " + display(f), e);
        }
        if (!SHA.matcher(sha).matches()) {
            throw new IllegalStateException("published data of " + side.id() + ": " + display(f)
                    + " should hold a 40-hex commit SHA, found '" + sha + "'");
        }
        return sha;
    }

    /** The side's source label, recorded for the footer. */
    public Source source(Side side) {
        return Provenance.record(Source.published(side.id(), commit(side)));
    }

    public JsonNode json(Side side, String relativePath) {
        Path f = file(side, relativePath);
        try {
            JsonNode n = JSON.readTree(f.toFile());
            source(side);
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("published data of " + side.id() + ": " + display(f)
                    + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("published data of " + side.id() + ": cannot read " + display(f), e);
        }
    }

    /**
     * A published text file (a README) as UTF-8, for notebooks that quote it or read numbers
     * out of it; records the side's source like every other read.
     */
    public String text(Side side, String relativePath) {
        Path f = file(side, relativePath);
        try {
            String s = Files.readString(f, StandardCharsets.UTF_8);
            source(side);
            return s;
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalStateException("published data of " + side.id() + ": " + display(f) + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("published data of " + side.id() + ": cannot read " + display(f), e);
        }
    }

    /** Where the copies came from: one row per side, with repository and full commit. */
    public Table sourcesTable() {
        Table t = Table.create("Published data this notebook reads (notebooks/data/published/)",
                tech.tablesaw.api.StringColumn.create("side"), tech.tablesaw.api.StringColumn.create("repository"),
                tech.tablesaw.api.StringColumn.create("commit"), tech.tablesaw.api.StringColumn.create("label"));
        for (Side side : Side.values()) {
            Source s = source(side);
            t.stringColumn("side").append(side.id());
            t.stringColumn("repository").append(side.repository());
            t.stringColumn("commit").append(s.revision());
            t.stringColumn("label").append(s.label());
        }
        return t;
    }

    public Table csv(Side side, String relativePath) {
        Path f = file(side, relativePath);
        try {
            Table t = Table.read().csv(CsvReadOptions.builder(f.toFile()).tableName(side.id() + ": " + relativePath));
            source(side);
            return t;
        } catch (RuntimeException e) {
            throw new IllegalStateException("published data of " + side.id() + ": cannot read " + display(f)
                    + " as CSV: " + e.getMessage(), e);
        }
    }

    private Path file(Side side, String relativePath) {
        Path base = root.resolve(side.id()).normalize();
        Path f = base.resolve(relativePath).normalize();
        if (!f.startsWith(base)) {
            throw new IllegalArgumentException("published data path '" + relativePath + "' leaves the " + side.id() + " folder");
        }
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("published data of " + side.id() + ": no file " + display(f));
        }
        return f;
    }

    /** Paths relative to the data root: exports must not show the machine's absolute paths. */
    private String display(Path f) {
        Path r = root.toAbsolutePath().normalize();
        Path a = f.toAbsolutePath().normalize();
        return a.startsWith(r) ? "published/" + r.relativize(a) : f.getFileName().toString();
    }
}

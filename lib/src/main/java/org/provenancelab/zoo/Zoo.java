package org.provenancelab.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.provenancelab.metrics.LayerMatrix;
import org.provenancelab.metrics.Metric;
import org.provenancelab.provenance.Lab;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The offline evidence zoo: real BERT encoders from Maven Central with documented lineage. The
 * catalog is data ({@code org/provenancelab/zoo/catalog.json}); the jars are fetched by Maven
 * during set-up and looked up in {@code LAB_ZOO_DIR}, {@code kernel-setup/target/zoo/}, or the
 * local Maven repository.
 */
public final class Zoo {
    private static volatile List<ZooEntry> catalog;

    private Zoo() {}

    public static List<ZooEntry> catalog() {
        if (catalog == null) {
            try (InputStream in = Zoo.class.getResourceAsStream("/org/provenancelab/zoo/catalog.json")) {
                if (in == null) {
                    throw new IllegalStateException("zoo catalog missing from the library's resources");
                }
                List<ZooEntry> list = new ArrayList<>();
                for (JsonNode m : new ObjectMapper().readTree(in).path("models")) {
                    List<ZooEntry.Lineage> lineage = new ArrayList<>();
                    for (JsonNode l : m.path("lineage")) {
                        lineage.add(new ZooEntry.Lineage(l.path("statement").asText(), l.path("source").asText()));
                    }
                    list.add(new ZooEntry(m.path("name").asText(), m.path("coordinates").asText(), m.path("quantized").asBoolean(),
                            m.path("quantized_from").asText(""), m.path("layers").asInt(), m.path("hidden").asInt(),
                            m.path("heads").asInt(), m.path("intermediate").asInt(), m.path("vocab").asInt(), lineage));
                }
                catalog = List.copyOf(list);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the zoo catalog", e);
            }
        }
        return catalog;
    }

    /**
     * Why the zoo's jars come from different LangChain4j versions (the catalog's
     * {@code versions_note}): the footer of every page that uses the zoo shows it.
     */
    public static String versionsNote() {
        try (InputStream in = Zoo.class.getResourceAsStream("/org/provenancelab/zoo/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("zoo catalog missing from the library's resources");
            }
            String note = new ObjectMapper().readTree(in).path("versions_note").asText("");
            if (note.isBlank()) {
                throw new IllegalStateException("zoo catalog has no versions_note saying why its LangChain4j versions differ");
            }
            return note;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the zoo catalog", e);
        }
    }

    public static ZooEntry entry(String name) {
        return catalog().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no zoo model '" + name + "'; the zoo holds " + catalog().stream().map(ZooEntry::name).toList()));
    }

    /** Opens a zoo model (reads its jar: about a second per 100 MB). */
    public static ZooModel open(String name) throws IOException {
        ZooEntry e = entry(name);
        return ZooModel.open(e, locate(e));
    }

    /** Where the model's jar is; an error naming the places looked in if none has it. */
    public static Path locate(ZooEntry e) throws ZooException {
        List<Path> places = new ArrayList<>();
        String dir = System.getenv("LAB_ZOO_DIR");
        if (dir != null && !dir.isBlank()) {
            places.add(Path.of(dir).resolve(e.jarName()));
        }
        try {
            places.add(Lab.home().resolve("kernel-setup/target/zoo").resolve(e.jarName()));
        } catch (RuntimeException noHome) {
            // outside a checkout: only the other places
        }
        places.add(localRepository().resolve(e.groupId().replace('.', '/')).resolve(e.artifactId()).resolve(e.version())
                .resolve(e.jarName()));
        Optional<Path> found = places.stream().filter(Files::isRegularFile).findFirst();
        return found.orElseThrow(() -> new ZooException(e.name(), "its jar " + e.coordinates()
                + " is not on this machine; run kernel-setup/setup.sh (it fetches the zoo with Maven). Looked in: " + places));
    }

    /**
     * Serves a zoo model as a Hugging Face-style repo {@code zoo/<name>} on the local hub:
     * config.json, tokenizer.json, model.safetensors.index.json and two safetensors shards
     * holding every tensor as read (int8 weights with their scales and zero points included).
     * Returns the commit.
     */
    public static String publish(org.provenancelab.hub.LocalHub hub, ZooModel model) throws IOException {
        List<org.provenancelab.tensor.Tensor> all = new ArrayList<>(model.graph().tensors().values());
        int half = all.size() / 2;
        List<List<org.provenancelab.tensor.Tensor>> shards = List.of(all.subList(0, half), all.subList(half, all.size()));
        ObjectMapper om = new ObjectMapper();
        var index = om.createObjectNode();
        index.putObject("metadata").put("source", model.entry().coordinates());
        var wm = index.putObject("weight_map");
        var repo = hub.repo(repoId(model.id()));
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            for (var t : shards.get(i)) {
                wm.put(t.name(), file);
            }
            repo.file(file, org.provenancelab.safetensors.ShardLayout.write(shards.get(i),
                    java.util.Map.of("format", "pt", "source", model.entry().coordinates())));
        }
        repo.file("model.safetensors.index.json", om.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
        repo.file("config.json", model.text("config.json"));
        repo.file("tokenizer.json", model.text("tokenizer.json"));
        return repo.publish();
    }

    /** The repo id under which {@link #publish} serves a zoo model. */
    public static String repoId(String name) {
        return "zoo/" + name;
    }

    static Path localRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Every catalog model as read from its jar: the architecture derived from the graph and the
     * tokenizer (to set beside the documented one in {@link #table()}), tensors, renamed MatMul
     * weights, weight type.
     */
    public static Table asRead(java.util.Collection<ZooModel> models) {
        Table t = Table.create("Zoo models as read from their jars", StringColumn.create("model"), IntColumn.create("layers"),
                IntColumn.create("hidden"), IntColumn.create("heads"), IntColumn.create("vocab"), IntColumn.create("tensors"),
                IntColumn.create("MatMul weights renamed"), StringColumn.create("weights"), StringColumn.create("source"));
        for (ZooModel m : models) {
            var c = m.config();
            t.stringColumn("model").append(m.id());
            t.intColumn("layers").append(c.path("num_hidden_layers").asInt());
            t.intColumn("hidden").append(c.path("hidden_size").asInt());
            t.intColumn("heads").append(c.path("num_attention_heads").asInt());
            t.intColumn("vocab").append(c.path("vocab_size").asInt());
            t.intColumn("tensors").append(m.inventory().size());
            t.intColumn("MatMul weights renamed").append(m.graph().matMulWeights());
            t.stringColumn("weights").append(c.path("quantized").asBoolean() ? "int8 codes + scales + zero points" : "float32");
            t.stringColumn("source").append(m.source().label());
        }
        return t;
    }

    /**
     * Pairs of zoo models compared on one per-layer tensor ({@code {i}} for the layer) at the same
     * layer index: mean raw cosine, mean and lowest Pearson r over the layers, and what the catalog
     * documents about the pair ("int8 copy" when one is quantized from the other, else "none
     * documented"). Each pair is two model names; both must have the tensor at every layer.
     */
    public static Table sameIndexPairs(String tensorPattern, List<List<String>> pairs) throws IOException {
        if (tensorPattern == null || !tensorPattern.contains("{i}")) {
            throw new IllegalArgumentException("tensor pattern '" + tensorPattern + "' needs {i} where the layer index goes");
        }
        Table t = Table.create("Zoo pairs of the same shape, " + tensorPattern + " at the same layer index",
                StringColumn.create("pair"), StringColumn.create("documented relation"), DoubleColumn.create("cosine mean"),
                DoubleColumn.create("pearson mean"), DoubleColumn.create("pearson min"), StringColumn.create("source"));
        for (List<String> p : pairs) {
            if (p.size() != 2) {
                throw new IllegalArgumentException("zoo pair " + p + ": give exactly two model names");
            }
            ZooEntry a = entry(p.get(0)), b = entry(p.get(1));
            var sa = open(a.name()).layerSeries(tensorPattern);
            var sb = open(b.name()).layerSeries(tensorPattern);
            var cos = LayerMatrix.across(sa, sb, Metric.COSINE).diagonal().summary();
            var r = LayerMatrix.across(sa, sb, Metric.PEARSON).diagonal().summary();
            boolean copy = a.name().equals(b.quantizedFrom()) || b.name().equals(a.quantizedFrom());
            t.stringColumn("pair").append(a.name() + " vs " + b.name());
            t.stringColumn("documented relation").append(copy ? "int8 copy" : "none documented");
            t.doubleColumn("cosine mean").append(cos.mean());
            t.doubleColumn("pearson mean").append(r.mean());
            t.doubleColumn("pearson min").append(r.min());
            t.stringColumn("source").append(cos.sources().label());
        }
        return t;
    }

    /** The catalog as a table: model, coordinates, architecture, quantization, lineage with sources. */
    public static Table table() {
        Table t = Table.create("The zoo: documented facts (zoo catalog)", StringColumn.create("model"), StringColumn.create("maven coordinates"),
                IntColumn.create("layers"), IntColumn.create("hidden"), IntColumn.create("heads"), IntColumn.create("vocab"),
                BooleanColumn.create("int8"), StringColumn.create("lineage (documented)"), StringColumn.create("sources"));
        for (ZooEntry e : catalog()) {
            t.stringColumn("model").append(e.name());
            t.stringColumn("maven coordinates").append(e.coordinates());
            t.intColumn("layers").append(e.layers());
            t.intColumn("hidden").append(e.hidden());
            t.intColumn("heads").append(e.heads());
            t.intColumn("vocab").append(e.vocab());
            t.booleanColumn("int8").append(e.quantized());
            t.stringColumn("lineage (documented)").append(String.join(" ", e.lineage().stream().map(ZooEntry.Lineage::statement).toList()));
            t.stringColumn("sources").append(String.join(" ", e.lineage().stream().map(ZooEntry.Lineage::source).distinct().toList()));
        }
        return t;
    }
}

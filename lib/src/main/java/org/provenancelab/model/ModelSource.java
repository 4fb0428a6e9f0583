package org.provenancelab.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.provenancelab.metrics.LayerSeries;
import org.provenancelab.provenance.Source;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.tensor.TensorBytes;
import tech.tablesaw.api.Table;

/**
 * The one way notebooks reach weights, whatever holds them: a hub repo pinned to a commit, a
 * local directory of shards, or a zoo model. Reads fetch only the bytes they need.
 */
public interface ModelSource {
    /** Repo id or model name. */
    String id();

    /** The pinned commit (or content hash for local directories and zoo artifacts). */
    String commit();

    /** The label numbers measured from this model carry. */
    Source source();

    /** Files with sizes and LFS hashes (experiment 0a). */
    List<FileEntry> files() throws IOException;

    /** A small text file (config, tokenizer, licence, code shown as text: never executed). */
    String text(String path) throws IOException;

    /** A small JSON file. */
    JsonNode json(String path) throws IOException;

    /** config.json. */
    JsonNode config() throws IOException;

    /** Every tensor, from headers only (experiment 0b). */
    Inventory inventory() throws IOException;

    /** A whole tensor. */
    Tensor read(String tensor) throws IOException;

    /** Several whole tensors in one batch (requests coalesced and parallel where possible). */
    Map<String, Tensor> readAll(List<String> tensors) throws IOException;

    /** Rows [from, to) of a tensor (first dimension). */
    Tensor readRows(String tensor, long from, long to) throws IOException;

    /**
     * Selected rows of a tensor (e.g. the embedding rows of chosen token ids), one tensor of shape
     * [1, columns] per id in the order given; stores that can batch them do. Never the whole matrix.
     */
    default List<Tensor> readRows(String tensor, long[] rows) throws IOException {
        List<Tensor> out = new java.util.ArrayList<>(rows.length);
        for (long r : rows) {
            out.add(readRows(tensor, r, r + 1));
        }
        return out;
    }

    /** {@code count} consecutive elements from element {@code first} (row-major order). */
    Tensor readWindow(String tensor, long first, int count) throws IOException;

    /**
     * {@code windows} non-overlapping windows of {@code length} elements at seeded positions,
     * in ascending order: a deterministic sample of a tensor too big to read.
     */
    List<Tensor> sampleWindows(String tensor, int windows, int length, long seed) throws IOException;

    /** The tensor's bytes, readable piece by piece (byte identity, streaming hashes). */
    TensorBytes bytes(String tensor) throws IOException;

    /**
     * The dequantized values of a quantized weight (int8 codes with scale and zero point). Tensors
     * read as codes refuse {@code doubles()}, so codes are never compared where values are meant.
     */
    default Tensor dequantized(String tensor) throws IOException {
        throw new UnsupportedOperationException(id() + ": holds no quantized weights to dequantize (" + tensor + ")");
    }

    /**
     * The manifest as a table: path, size, and the LFS object id the listing gives. On the Hub the
     * object id is the SHA-256 of the file's content; the lab's synthetic shards, whose content is
     * never materialised, list an id derived from their header instead.
     */
    default Table manifest() throws IOException {
        Table t = Table.create("Files of " + id() + " (" + files().size() + " files)",
                tech.tablesaw.api.StringColumn.create("path"), tech.tablesaw.api.LongColumn.create("bytes"),
                tech.tablesaw.api.StringColumn.create("LFS object id"));
        for (FileEntry f : files()) {
            t.stringColumn("path").append(f.path());
            t.longColumn("bytes").append(f.size());
            t.stringColumn("LFS object id").append(f.lfsSha256() == null ? "" : f.lfsSha256());
        }
        return source().withSourceColumn(t);
    }

    /** The role map for this model's architecture (config's model_type and num_hidden_layers). */
    default Roles roles() throws IOException {
        JsonNode c = config();
        return new Roles(c.path("model_type").asText(""), c.path("num_hidden_layers").asInt(0));
    }

    /**
     * One role's vector in every layer (e.g. {@code ATTN_NORM}, {@code "weight"}), read in one
     * batch, labelled with the tensor names it holds. Expert tensors are left out; MTP layers are
     * marked; quantized tensors are dequantized.
     */
    default LayerSeries layerSeries(Role role, String suffix) throws IOException {
        Inventory inv = inventory();
        java.util.TreeMap<Integer, String> byLayer = new java.util.TreeMap<>();
        java.util.Set<Integer> mtp = new java.util.TreeSet<>();
        for (var t : inv.tensors()) {
            TensorRole r = inv.roles().of(t.name());
            if (r.role() == role && r.layer() >= 0 && r.expert() < 0 && t.name().endsWith("." + suffix)) {
                String before = byLayer.put(r.layer(), t.name());
                if (before != null) {
                    throw new IllegalArgumentException(id() + ": layer " + r.layer() + " has two " + role + " ." + suffix
                            + " tensors (" + before + ", " + t.name() + "); give a name pattern instead");
                }
                if (r.mtp()) {
                    mtp.add(r.layer());
                }
            }
        }
        if (byLayer.isEmpty()) {
            throw new IllegalArgumentException(id() + ": no " + role + " tensor ending in ." + suffix
                    + (inv.roles().known() ? "" : " (" + inv.roles().note() + ")"));
        }
        if (byLayer.firstKey() != 0 || byLayer.lastKey() != byLayer.size() - 1) {
            throw new IllegalArgumentException(id() + ": " + role + " ." + suffix + " is missing in some layers (found layers "
                    + byLayer.keySet() + ")");
        }
        return LayerSeriesReader.read(this, List.copyOf(byLayer.values()), mtp, null);
    }

    /**
     * The tensors a name pattern names, layer by layer: {@code {i}} stands for the layer index
     * ({@code "encoder.layer.{i}.output.LayerNorm.weight"}), from 0 up to the last layer that has one.
     * Quantized tensors are dequantized.
     */
    default LayerSeries layerSeries(String pattern) throws IOException {
        if (!pattern.contains("{i}")) {
            throw new IllegalArgumentException("a layer pattern needs {i} where the layer index goes, got '" + pattern + "'");
        }
        Inventory inv = inventory();
        List<String> names = new java.util.ArrayList<>();
        java.util.Set<Integer> mtp = new java.util.TreeSet<>();
        for (int i = 0; inv.contains(pattern.replace("{i}", Integer.toString(i))); i++) {
            String n = pattern.replace("{i}", Integer.toString(i));
            names.add(n);
            if (inv.roles().of(n).mtp()) {
                mtp.add(i);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(id() + ": no tensor named " + pattern.replace("{i}", "0")
                    + " (pattern '" + pattern + "')");
        }
        return LayerSeriesReader.read(this, names, mtp, pattern);
    }

    /** Parameter counts, with top-k from config's num_experts_per_tok. */
    default ParameterCounts parameterCounts() throws IOException {
        return new ParameterCounts(inventory(), config().path("num_experts_per_tok").asInt(0));
    }
}

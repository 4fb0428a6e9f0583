package org.provenancelab.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.provenancelab.provenance.Source;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One tensor kind across the layers of one model: {@code layer(i)} is layer i's vector (e.g. its
 * input norm weight). It carries the model's {@link Source} and the names of the tensors it holds,
 * and its label says which tensor that is ({@code model.layers.{i}.input_layernorm.weight}).
 * Layers that are not part of the main stack, such as GLM's next-token-prediction layer 46, are
 * listed as MTP so baselines can leave them out.
 */
public final class LayerSeries {
    private final Source source;
    private final String label;
    private final double[][] layers;
    private final List<String> tensors;
    private final Set<Integer> mtp;

    /**
     * @param source  where the vectors were read
     * @param label   which tensor, as a name pattern with {@code {i}} for the layer where possible
     * @param layers  one vector per layer, layer 0 first
     * @param mtp     layers outside the main stack
     * @param tensors the tensor name of each layer (same length as {@code layers})
     */
    public LayerSeries(Source source, String label, List<double[]> layers, Set<Integer> mtp, List<String> tensors) {
        this.source = Objects.requireNonNull(source, "source");
        this.label = Objects.requireNonNull(label, "label");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(source.label() + " " + label + ": no layers");
        }
        if (tensors.size() != layers.size()) {
            throw new IllegalArgumentException(source.label() + " " + label + ": " + layers.size() + " layers but "
                    + tensors.size() + " tensor names");
        }
        this.layers = new double[layers.size()][];
        for (int i = 0; i < this.layers.length; i++) {
            this.layers[i] = Objects.requireNonNull(layers.get(i), source.label() + " layer " + i).clone();
        }
        this.tensors = List.copyOf(tensors);
        this.mtp = new TreeSet<>(mtp);
        for (int m : this.mtp) {
            if (m < 0 || m >= this.layers.length) {
                throw new IllegalArgumentException(source.label() + ": MTP layer " + m + " is not among layers 0.."
                        + (this.layers.length - 1));
            }
        }
    }

    /** Vectors made in code (toy data, tests): tensor names are the label with {@code {i}} filled in. */
    public static LayerSeries of(Source source, String label, List<double[]> layers) {
        List<String> names = java.util.stream.IntStream.range(0, layers.size())
                .mapToObj(i -> label.replace("{i}", Integer.toString(i))).toList();
        return new LayerSeries(source, label, layers, Set.of(), names);
    }

    public Source source() {
        return source;
    }

    public Sources sources() {
        return Sources.of(source);
    }

    /** The model's id (repo, zoo model or toy member). */
    public String model() {
        return source.subject();
    }

    /** Which tensor: a name pattern with {@code {i}} for the layer. */
    public String label() {
        return label;
    }

    /** The tensor name of layer i. */
    public String tensor(int i) {
        return tensors.get(i);
    }

    public List<String> tensors() {
        return tensors;
    }

    public int size() {
        return layers.length;
    }

    /** Layer i's vector (a copy). */
    public double[] layer(int i) {
        return layers[i].clone();
    }

    double[] layerUnsafe(int i) {
        return layers[i];
    }

    public int width(int i) {
        return layers[i].length;
    }

    public boolean isMtp(int layer) {
        return mtp.contains(layer);
    }

    public Set<Integer> mtpLayers() {
        return Set.copyOf(mtp);
    }

    /** One row per layer: layer, tensor, mtp, width, mean, std, min, max, source. */
    public Table table() {
        Table t = Table.create(label + " of " + model() + ", per layer", IntColumn.create("layer"), StringColumn.create("tensor"),
                StringColumn.create("mtp"), IntColumn.create("width"), DoubleColumn.create("mean"), DoubleColumn.create("std"),
                DoubleColumn.create("min"), DoubleColumn.create("max"));
        for (int i = 0; i < layers.length; i++) {
            double[] v = layers[i];
            t.intColumn("layer").append(i);
            t.stringColumn("tensor").append(tensors.get(i));
            t.stringColumn("mtp").append(mtp.contains(i) ? "yes" : "");
            t.intColumn("width").append(v.length);
            t.doubleColumn("mean").append(VectorMetrics.mean(v));
            t.doubleColumn("std").append(VectorMetrics.std(v));
            t.doubleColumn("min").append(Arrays.stream(v).min().orElse(Double.NaN));
            t.doubleColumn("max").append(Arrays.stream(v).max().orElse(Double.NaN));
        }
        return sources().withSourceColumn(t);
    }

    @Override
    public String toString() {
        List<Integer> widths = Arrays.stream(layers).mapToInt(l -> l.length).distinct().boxed().toList();
        return label + " (" + source.label() + "): " + layers.length + " layers" + (mtp.isEmpty() ? "" : ", MTP " + mtp)
                + ", width " + (widths.size() == 1 ? widths.get(0) : widths);
    }
}

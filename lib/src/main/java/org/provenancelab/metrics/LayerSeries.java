package org.provenancelab.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One tensor role across the layers of one model: {@code layers[i]} is layer i's vector
 * (e.g. its input norm weight). Layers that are not part of the main stack, such as GLM's
 * next-token-prediction layer 46, are listed as MTP so baselines can leave them out.
 */
public final class LayerSeries {
    private final String model;
    private final String role;
    private final double[][] layers;
    private final Set<Integer> mtp;

    public LayerSeries(String model, String role, List<double[]> layers, Set<Integer> mtpLayers) {
        this.model = Objects.requireNonNull(model, "model");
        this.role = Objects.requireNonNull(role, "role");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(model + " " + role + ": no layers");
        }
        this.layers = new double[layers.size()][];
        for (int i = 0; i < this.layers.length; i++) {
            this.layers[i] = Objects.requireNonNull(layers.get(i), model + " layer " + i).clone();
        }
        this.mtp = new TreeSet<>(mtpLayers);
        for (int m : this.mtp) {
            if (m < 0 || m >= this.layers.length) {
                throw new IllegalArgumentException(model + ": MTP layer " + m + " is not among layers 0.." + (this.layers.length - 1));
            }
        }
    }

    public LayerSeries(String model, String role, List<double[]> layers) {
        this(model, role, layers, Set.of());
    }

    public String model() {
        return model;
    }

    public String role() {
        return role;
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

    public boolean isMtp(int layer) {
        return mtp.contains(layer);
    }

    public Set<Integer> mtpLayers() {
        return Set.copyOf(mtp);
    }

    @Override
    public String toString() {
        return model + " " + role + " (" + layers.length + " layers" + (mtp.isEmpty() ? "" : ", MTP " + mtp) + ", width "
                + Arrays.stream(layers).mapToInt(l -> l.length).distinct().boxed().toList() + ")";
    }
}

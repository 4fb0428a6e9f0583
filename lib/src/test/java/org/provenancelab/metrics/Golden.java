package org.provenancelab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The numpy/scipy reference values in src/test/resources/golden/metrics.json. */
public final class Golden {
    private static JsonNode root;

    private Golden() {}

    public static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Golden.class.getResourceAsStream("/golden/metrics.json")) {
                if (in == null) {
                    throw new IllegalStateException("golden/metrics.json missing from test resources");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asDouble();
        }
        return d;
    }

    /** Asserts |actual − expected| ≤ 1e-9 · |expected| (the golden file's contract). */
    public static void assertRelative(double expected, double actual, String what) {
        double tol = 1e-9 * Math.abs(expected);
        if (!(Math.abs(actual - expected) <= tol)) {
            throw new AssertionError(what + ": expected " + expected + " but got " + actual
                    + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
        }
    }
}

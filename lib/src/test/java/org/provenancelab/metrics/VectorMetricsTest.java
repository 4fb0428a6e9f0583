package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VectorMetricsTest {
    static final Map<String, ToDoubleBiFunction<double[], double[]>> METRICS = Map.of(
            "cosine", VectorMetrics::cosine,
            "centered_cosine", VectorMetrics::centeredCosine,
            "pearson", VectorMetrics::pearson,
            "spearman", VectorMetrics::spearman,
            "mean_abs_diff", VectorMetrics::meanAbsDiff,
            "rel_l2", VectorMetrics::relL2,
            "p99_abs_diff", VectorMetrics::p99AbsDiff,
            "cv_diff", VectorMetrics::cvDiff);

    static Stream<Arguments> goldenCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode v : Golden.root().get("vectors")) {
            for (String metric : METRICS.keySet()) {
                cases.add(Arguments.of(v.get("name").asText(), metric, v));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("goldenCases")
    void matchesNumpyAndScipy(String name, String metric, JsonNode v) {
        double[] a = Golden.doubles(v.get("a"));
        double[] b = Golden.doubles(v.get("b"));
        assertTrue(v.has(metric), "golden case " + name + " lacks " + metric);
        Golden.assertRelative(v.get(metric).asDouble(), METRICS.get(metric).applyAsDouble(a, b), name + " " + metric);
    }

    @Test
    void everyGoldenMetricIsCovered() {
        for (JsonNode v : Golden.root().get("vectors")) {
            v.fieldNames().forEachRemaining(f -> {
                if (!f.equals("name") && !f.equals("a") && !f.equals("b")) {
                    assertTrue(METRICS.containsKey(f), "no test for golden metric " + f);
                }
            });
        }
    }

    @Test
    void identicalVectorsAreIdenticalByEveryMeasure() {
        double[] a = {0.9, 1.1, 1.0, 0.95, 1.2};
        assertEquals(1.0, VectorMetrics.cosine(a, a), 1e-15);
        assertEquals(1.0, VectorMetrics.pearson(a, a), 1e-15);
        assertEquals(1.0, VectorMetrics.spearman(a, a), 1e-15);
        assertEquals(0.0, VectorMetrics.meanAbsDiff(a, a));
        assertEquals(0.0, VectorMetrics.rmse(a, a));
        assertEquals(0.0, VectorMetrics.maxAbsDiff(a, a));
        assertEquals(0.0, VectorMetrics.relL2(a, a));
        assertEquals(1.0, VectorMetrics.fractionWithin(a, a, 0.0));
    }

    @Test
    void differencesHaveKnownValues() {
        double[] a = {1, 2, 3, 4};
        double[] b = {1, 2, 3, 8};
        assertEquals(1.0, VectorMetrics.meanAbsDiff(a, b));
        assertEquals(2.0, VectorMetrics.rmse(a, b));
        assertEquals(4.0, VectorMetrics.maxAbsDiff(a, b));
        assertEquals(0.75, VectorMetrics.fractionWithin(a, b, 3.999));
        assertEquals(1.0, VectorMetrics.fractionWithin(a, b, 4.0));
    }

    @Test
    void theCosineTrapInMiniature() {
        // Two unrelated "norm" vectors near 1: raw cosine says nearly identical, Pearson says opposite.
        double[] a = {1.01, 0.99, 1.01, 0.99};
        double[] b = {0.99, 1.01, 0.99, 1.01};
        assertTrue(VectorMetrics.cosine(a, b) > 0.999);
        assertEquals(-1.0, VectorMetrics.pearson(a, b), 1e-12);
    }

    @Test
    void badInputIsNamedAndUndefinedResultsAreNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorMetrics.cosine(new double[3], new double[4]));
        assertTrue(e.getMessage().contains("3 vs 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorMetrics.pearson(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> VectorMetrics.fractionWithin(new double[1], new double[1], -1));
        assertTrue(Double.isNaN(VectorMetrics.cosine(new double[] {0, 0}, new double[] {1, 2})));
        assertTrue(Double.isNaN(VectorMetrics.pearson(new double[] {3, 3, 3}, new double[] {1, 2, 3})), "constant vector");
    }
}

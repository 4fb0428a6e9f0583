package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    static double[][] matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = Golden.doubles(rows.get(i));
        }
        return m;
    }

    static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    @Test
    void identicalToScipyOnEveryGoldenCostMatrix() {
        JsonNode cases = Golden.root().get("assignment");
        assertEquals(4, cases.size());
        for (JsonNode c : cases) {
            double[][] cost = matrix(c.get("cost"));
            Assignment a = Assignment.minimize(cost);
            String what = cost.length + "x" + cost[0].length;
            assertArrayEquals(ints(c.get("rows")), a.rows(), what + " rows");
            assertArrayEquals(ints(c.get("cols")), a.cols(), what + " cols");
            Golden.assertRelative(c.get("total").asDouble(), a.total(), what + " total");
        }
    }

    @Test
    void tallMatricesAssignEveryColumn() {
        // the transposed golden 6x9 case: 9 rows, 6 columns
        JsonNode c = Golden.root().get("assignment").get(2);
        double[][] cost = matrix(c.get("cost"));
        double[][] t = new double[cost[0].length][cost.length];
        for (int i = 0; i < cost.length; i++) {
            for (int j = 0; j < cost[0].length; j++) {
                t[j][i] = cost[i][j];
            }
        }
        Assignment a = Assignment.minimize(t);
        int[] goldenRows = ints(c.get("rows")), goldenCols = ints(c.get("cols"));
        assertEquals(goldenRows.length, a.rows().length);
        for (int k = 0; k < goldenRows.length; k++) {
            assertEquals(goldenRows[k], a.columnOfRow(t.length)[goldenCols[k]]);
        }
        for (int k = 1; k < a.rows().length; k++) {
            assertTrue(a.rows()[k - 1] < a.rows()[k], "rows ascending");
        }
        Golden.assertRelative(c.get("total").asDouble(), a.total(), "total");
    }

    @Test
    void optimalAgainstBruteForceOnSmallRandomProblems() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(5), m = n + rnd.nextInt(3);
            double[][] cost = new double[n][m];
            for (double[] row : cost) {
                for (int j = 0; j < m; j++) {
                    row[j] = rnd.nextInt(10) - 3; // integers: many ties
                }
            }
            double best = brute(cost, 0, new boolean[m]);
            assertEquals(best, Assignment.minimize(cost).total(), 1e-12, "trial " + trial);
        }
    }

    private static double brute(double[][] c, int row, boolean[] used) {
        if (row == c.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, c[row][j] + brute(c, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }

    @Test
    void maximizeFindsAHiddenPermutation() {
        int[] hidden = {3, 0, 4, 1, 2};
        double[][] s = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                s[i][j] = j == hidden[i] ? 0.9 : 0.1 * ((i + j) % 3);
            }
        }
        assertArrayEquals(hidden, Assignment.maximize(s).cols());
    }

    @Test
    void nonFiniteCostsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Assignment.minimize(new double[][] {{1, Double.NaN}}));
        assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
    }
}

package org.provenancelab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CurvesAndCkaTest {
    @Test
    void interpMatchesNumpy() {
        for (JsonNode c : Golden.root().get("interp")) {
            double[] expected = Golden.doubles(c.get("resampled"));
            double[] got = Curves.interp(Golden.doubles(c.get("curve")), c.get("m").asInt());
            assertEquals(expected.length, got.length);
            for (int i = 0; i < got.length; i++) {
                Golden.assertRelative(expected[i], got[i], "interp point " + i);
            }
        }
    }

    @Test
    void shapesCompareIndependentlyOfScaleAndLength() {
        double[] a = new double[46], b = new double[48];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i / 45.0 * 3);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 5 + 2 * Math.sin(i / 47.0 * 3);
        }
        Curves.Comparison c = Curves.compare(a, b);
        assertEquals(48, c.points());
        assertTrue(c.pearson() > 0.999, "same shape: " + c.pearson());
        assertEquals(1.0, c.spearman(), 1e-12);
    }

    static double[][] matrix(JsonNode rows) {
        return AssignmentTest.matrix(rows);
    }

    @Test
    void linearCkaMatchesNumpy() {
        JsonNode cases = Golden.root().get("cka");
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            double got = Cka.linear(matrix(c.get("X")), matrix(c.get("Y")));
            Golden.assertRelative(c.get("linear_cka").asDouble(), got, c.get("name").asText());
        }
    }

    @Test
    void gramPathAgreesWithTheDirectFormula() {
        // n < p takes the n × n Gram route; compare with the definition computed naively here
        Random r = new Random(5);
        double[][] x = new double[10][30], y = new double[10][25];
        for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
        for (double[] row : y) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
        Golden.assertRelative(naiveCka(x, y), Cka.linear(x, y), "wide CKA");
    }

    private static double naiveCka(double[][] x, double[][] y) {
        double[][] xc = centre(x), yc = centre(y);
        return sq(frob(mulTA(yc, xc))) / (frob(mulTA(xc, xc)) * frob(mulTA(yc, yc)));
    }

    private static double[][] centre(double[][] m) {
        double[][] c = new double[m.length][m[0].length];
        for (int j = 0; j < m[0].length; j++) {
            double s = 0;
            for (double[] row : m) s += row[j];
            for (int i = 0; i < m.length; i++) c[i][j] = m[i][j] - s / m.length;
        }
        return c;
    }

    private static double[][] mulTA(double[][] a, double[][] b) {
        double[][] o = new double[a[0].length][b[0].length];
        for (int i = 0; i < a[0].length; i++)
            for (int j = 0; j < b[0].length; j++)
                for (int k = 0; k < a.length; k++) o[i][j] += a[k][i] * b[k][j];
        return o;
    }

    private static double frob(double[][] m) {
        double s = 0;
        for (double[] row : m) for (double v : row) s += v * v;
        return Math.sqrt(s);
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void ckaAssignmentRecoversPermutedRotatedLayers() {
        Random r = new Random(9);
        List<double[][]> a = new ArrayList<>(), b = new ArrayList<>();
        for (int l = 0; l < 5; l++) {
            double[][] w = new double[40][12];
            for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
            a.add(w);
        }
        int[] perm = {2, 4, 0, 1, 3};
        for (int l = 0; l < 5; l++) {
            b.add(rotate(a.get(perm[l]), 0.7));
        }
        LayerMatrix m = Cka.matrix(org.provenancelab.provenance.Source.computed("A"), a, org.provenancelab.provenance.Source.computed("B"), b, "k_proj");
        Assignment as = Cka.assign(m);
        // row i of A goes to the column of B that holds it
        int[] expected = new int[5];
        for (int l = 0; l < 5; l++) {
            expected[perm[l]] = l;
        }
        assertArrayEquals(expected, as.cols());
        assertEquals(1.0, m.get(perm[0], 0), 1e-12);
    }

    /** Rotates consecutive column pairs by an angle: an orthogonal change of basis. */
    private static double[][] rotate(double[][] w, double angle) {
        double c = Math.cos(angle), s = Math.sin(angle);
        double[][] o = new double[w.length][w[0].length];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j + 1 < w[0].length; j += 2) {
                o[i][j] = c * w[i][j] - s * w[i][j + 1];
                o[i][j + 1] = s * w[i][j] + c * w[i][j + 1];
            }
        }
        return o;
    }

    static double[][] gaussian(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    /** The unbiased HSIC estimator written out term by term (Song et al. 2012, eq. 5), as the reference. */
    static double hsicReference(double[][] x, double[][] y) {
        int n = x.length;
        double[][] k = new double[n][n], l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double a = 0, b = 0;
                    for (int c = 0; c < x[0].length; c++) a += x[i][c] * x[j][c];
                    for (int c = 0; c < y[0].length; c++) b += y[i][c] * y[j][c];
                    k[i][j] = a;
                    l[i][j] = b;
                }
            }
        }
        double tr = 0, sk = 0, sl = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                tr += k[i][j] * l[j][i];
                sk += k[i][j];
                sl += l[i][j];
                for (int q = 0; q < n; q++) cross += k[i][j] * l[j][q];
            }
        }
        return (tr + sk * sl / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2) * cross) / (n * (n - 3.0));
    }

    @Test
    void debiasedCkaMatchesTheUnbiasedEstimatorAndIsNearZeroForIndependentWideMatrices() {
        double[][] x = gaussian(12, 7, 1), y = gaussian(12, 5, 2);
        double reference = hsicReference(x, y) / Math.sqrt(hsicReference(x, x) * hsicReference(y, y));
        assertEquals(reference, Cka.debiased(x, y), 1e-12);
        assertEquals(1.0, Cka.debiased(x, x), 1e-12);
        // Few rows, many columns: plain CKA of independent matrices is near 1, the debiased one near 0.
        double[][] a = gaussian(64, 4096, 3), b = gaussian(64, 4096, 4);
        assertTrue(Cka.linear(a, b) > 0.9, "plain CKA " + Cka.linear(a, b));
        assertTrue(Math.abs(Cka.debiased(a, b)) < 0.05, "debiased CKA " + Cka.debiased(a, b));
        // A rotated and rescaled copy is still recognised.
        double[][] c = new double[64][];
        for (int i = 0; i < 64; i++) {
            c[i] = new double[4096];
            for (int j = 0; j < 4096; j++) {
                c[i][j] = 3 * a[i][(j + 17) % 4096] * (j % 2 == 0 ? 1 : -1); // a signed permutation of columns, scaled
            }
        }
        assertEquals(1.0, Cka.debiased(a, c), 1e-9);
    }
}

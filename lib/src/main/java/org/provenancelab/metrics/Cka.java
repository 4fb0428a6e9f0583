package org.provenancelab.metrics;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Linear centred kernel alignment between two matrices whose rows correspond (n × p and n × q):
 * after centring each column, |YᵀX|²_F / (|XᵀX|_F |YᵀY|_F). It is unchanged by rotations and
 * isotropic scaling of either side, which is why it can compare layers whose bases differ.
 */
public final class Cka {
    private Cka() {}

    /** Linear CKA of X (n × p) and Y (n × q), rows given as arrays. */
    public static double linear(double[][] x, double[][] y) {
        return linear(matrix(x, "X"), matrix(y, "Y"));
    }

    public static double linear(DMatrixRMaj x, DMatrixRMaj y) {
        if (x.numRows != y.numRows) {
            throw new IllegalArgumentException("CKA needs the same number of rows: X has " + x.numRows + ", Y has " + y.numRows);
        }
        DMatrixRMaj xc = centred(x), yc = centred(y);
        double num, dx, dy;
        int n = x.numRows;
        if (n <= Math.max(x.numCols, y.numCols)) {
            // through the n × n Gram matrices: |YᵀX|²_F = <XXᵀ, YYᵀ>
            DMatrixRMaj k = new DMatrixRMaj(n, n), l = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(xc, xc, k);
            CommonOps_DDRM.multTransB(yc, yc, l);
            num = CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(k, l, null));
            dx = NormOps_DDRM.normF(k);
            dy = NormOps_DDRM.normF(l);
        } else {
            DMatrixRMaj yx = new DMatrixRMaj(y.numCols, x.numCols);
            DMatrixRMaj xx = new DMatrixRMaj(x.numCols, x.numCols);
            DMatrixRMaj yy = new DMatrixRMaj(y.numCols, y.numCols);
            CommonOps_DDRM.multTransA(yc, xc, yx);
            CommonOps_DDRM.multTransA(xc, xc, xx);
            CommonOps_DDRM.multTransA(yc, yc, yy);
            double f = NormOps_DDRM.normF(yx);
            num = f * f;
            dx = NormOps_DDRM.normF(xx);
            dy = NormOps_DDRM.normF(yy);
        }
        double den = dx * dy;
        return den == 0 ? Double.NaN : num / den;
    }

    /**
     * Debiased linear CKA (the unbiased HSIC estimator of Song et al., 2012, in place of the biased
     * one): plain CKA of two independent random matrices with few rows and many columns is close
     * to 1, because both Gram matrices are then close to a multiple of the identity; the debiased
     * form is close to 0 there and still 1 for identical inputs. Needs at least 4 rows.
     */
    public static double debiased(double[][] x, double[][] y) {
        DMatrixRMaj mx = matrix(x, "X"), my = matrix(y, "Y");
        if (mx.numRows != my.numRows) {
            throw new IllegalArgumentException("CKA needs the same number of rows: X has " + mx.numRows + ", Y has " + my.numRows);
        }
        if (mx.numRows < 4) {
            throw new IllegalArgumentException("debiased CKA needs at least 4 rows, got " + mx.numRows);
        }
        DMatrixRMaj k = gramWithoutDiagonal(mx), l = gramWithoutDiagonal(my);
        double kl = hsic(k, l), kk = hsic(k, k), ll = hsic(l, l);
        double den = Math.sqrt(kk * ll);
        return den == 0 || Double.isNaN(den) ? Double.NaN : kl / den;
    }

    private static DMatrixRMaj gramWithoutDiagonal(DMatrixRMaj x) {
        DMatrixRMaj k = new DMatrixRMaj(x.numRows, x.numRows);
        CommonOps_DDRM.multTransB(x, x, k);
        for (int i = 0; i < x.numRows; i++) {
            k.set(i, i, 0);
        }
        return k;
    }

    /** Unbiased HSIC of two Gram matrices with zeroed diagonals (up to the common factor 1/(n(n−3))). */
    private static double hsic(DMatrixRMaj k, DMatrixRMaj l) {
        int n = k.numRows;
        double trace = CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(k, l, null)); // tr(KL), both symmetric
        double sumK = CommonOps_DDRM.elementSum(k), sumL = CommonOps_DDRM.elementSum(l);
        double cross = 0; // 1ᵀ K L 1 = Σ_j (K1)_j (L1)_j
        for (int j = 0; j < n; j++) {
            double rk = 0, rl = 0;
            for (int i = 0; i < n; i++) {
                rk += k.get(i, j);
                rl += l.get(i, j);
            }
            cross += rk * rl;
        }
        return trace + sumK * sumL / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * cross;
    }

    /**
     * CKA of every layer of A against every layer of B, each layer an n × p matrix with the same
     * n (e.g. a projection transposed, rows = hidden dimensions).
     */
    public static LayerMatrix matrix(org.provenancelab.provenance.Source modelA, List<double[][]> a,
            org.provenancelab.provenance.Source modelB, List<double[][]> b, String role) {
        DMatrixRMaj[] ca = new DMatrixRMaj[a.size()], cb = new DMatrixRMaj[b.size()];
        for (int i = 0; i < ca.length; i++) {
            ca[i] = matrix(a.get(i), modelA.label() + " layer " + i);
        }
        for (int j = 0; j < cb.length; j++) {
            cb[j] = matrix(b.get(j), modelB.label() + " layer " + j);
        }
        double[][] v = new double[ca.length][cb.length];
        for (int i = 0; i < ca.length; i++) {
            for (int j = 0; j < cb.length; j++) {
                v[i][j] = linear(ca[i], cb[j]);
            }
        }
        return new LayerMatrix(modelA, modelB, role, "linear CKA", true, v);
    }

    /** The one-to-one layer assignment maximising summed CKA. */
    public static Assignment assign(LayerMatrix cka) {
        return cka.assignment();
    }

    private static DMatrixRMaj centred(DMatrixRMaj m) {
        DMatrixRMaj c = m.copy();
        for (int j = 0; j < c.numCols; j++) {
            double s = 0;
            for (int i = 0; i < c.numRows; i++) {
                s += c.unsafe_get(i, j);
            }
            double mean = s / c.numRows;
            for (int i = 0; i < c.numRows; i++) {
                c.unsafe_set(i, j, c.unsafe_get(i, j) - mean);
            }
        }
        return c;
    }

    private static DMatrixRMaj matrix(double[][] rows, String what) {
        if (rows.length == 0 || rows[0].length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (double[] r : rows) {
            if (r.length != rows[0].length) {
                throw new IllegalArgumentException(what + " is ragged: rows of " + rows[0].length + " and " + r.length);
            }
        }
        return new DMatrixRMaj(rows);
    }
}

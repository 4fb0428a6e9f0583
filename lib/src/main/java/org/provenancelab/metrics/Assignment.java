package org.provenancelab.metrics;

import java.util.Arrays;

/**
 * An optimal one-to-one assignment: rows to distinct columns minimising the summed cost, as
 * scipy.optimize.linear_sum_assignment. With unequal sides, every row (or every column, if
 * there are fewer) is assigned. Rows come out ascending.
 *
 * @param rows  assigned row indices, ascending
 * @param cols  the column assigned to {@code rows[k]}
 * @param total summed cost of the assignment
 */
public record Assignment(int[] rows, int[] cols, double total) {
    public Assignment {
        rows = rows.clone();
        cols = cols.clone();
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    @Override
    public int[] cols() {
        return cols.clone();
    }

    /** The column assigned to each row of an {@code nRows}-row problem, −1 where none. */
    public int[] columnOfRow(int nRows) {
        int[] m = new int[nRows];
        Arrays.fill(m, -1);
        for (int k = 0; k < rows.length; k++) {
            m[rows[k]] = cols[k];
        }
        return m;
    }

    /** The assignment of a layer matrix's row layers to column layers with the largest summed alikeness. */
    public static Assignment of(LayerMatrix m) {
        return maximize(m.alikeness());
    }

    /** Minimum-cost assignment. Costs must be finite. */
    public static Assignment minimize(double[][] cost) {
        int n = cost.length;
        if (n == 0) {
            return new Assignment(new int[0], new int[0], 0);
        }
        int m = cost[0].length;
        for (int i = 0; i < n; i++) {
            if (cost[i].length != m) {
                throw new IllegalArgumentException("cost matrix row " + i + " has " + cost[i].length + " columns, row 0 has " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("cost matrix holds a non-finite value at (" + i + ", " + j + "): " + cost[i][j]);
                }
            }
        }
        if (m == 0) {
            return new Assignment(new int[0], new int[0], 0);
        }
        boolean transposed = n > m;
        double[][] c = transposed ? transpose(cost) : cost;
        int[] colOfRow = solve(c);
        int k = colOfRow.length;
        int[] rows = new int[k];
        int[] cols = new int[k];
        if (!transposed) {
            for (int i = 0; i < k; i++) {
                rows[i] = i;
                cols[i] = colOfRow[i];
            }
        } else {
            // rows of the transposed problem are our columns; list by our row, ascending
            int[] colOf = new int[n];
            Arrays.fill(colOf, -1);
            for (int j = 0; j < k; j++) {
                colOf[colOfRow[j]] = j;
            }
            int t = 0;
            for (int i = 0; i < n; i++) {
                if (colOf[i] >= 0) {
                    rows[t] = i;
                    cols[t++] = colOf[i];
                }
            }
        }
        double total = 0;
        for (int t = 0; t < k; t++) {
            total += cost[rows[t]][cols[t]];
        }
        return new Assignment(rows, cols, total);
    }

    /** The assignment that maximises the summed score (e.g. similarity). */
    public static Assignment maximize(double[][] score) {
        double[][] neg = new double[score.length][];
        for (int i = 0; i < score.length; i++) {
            neg[i] = score[i].clone();
            for (int j = 0; j < neg[i].length; j++) {
                neg[i][j] = -neg[i][j];
            }
        }
        Assignment a = minimize(neg);
        return new Assignment(a.rows, a.cols, -a.total);
    }

    /**
     * Shortest augmenting paths with dual potentials (the Hungarian method in its O(n²m) form),
     * for n ≤ m. Returns the column of each row.
     */
    private static int[] solve(double[][] c) {
        int n = c.length, m = c[0].length;
        double[] u = new double[n + 1], v = new double[m + 1];
        int[] p = new int[m + 1];   // p[j]: row (1-based) matched to column j; 0 = free
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = -1;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = c[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] colOfRow = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                colOfRow[p[j] - 1] = j - 1;
            }
        }
        return colOfRow;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assignment a && Arrays.equals(rows, a.rows) && Arrays.equals(cols, a.cols)
                && Double.compare(total, a.total) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(cols);
    }

    @Override
    public String toString() {
        return "Assignment" + Arrays.toString(cols) + " total " + total;
    }
}

package org.provenancelab.metrics;

import java.util.stream.IntStream;

/**
 * The six whole-tensor comparisons of two equally long vectors, computed in one pass over memory
 * (each equal to its {@link VectorMetrics} counterpart to rounding). Centred sums are taken per
 * block of {@value #BLOCK} elements around the block's own means while the block is in cache,
 * then merged with Chan et al.'s pairwise update: one read of each vector, no cancellation.
 */
public record PairMetrics(double cosine, double centeredCosine, double meanAbsDiff, double rmse, double maxAbsDiff,
                          double relL2) {
    static final int BLOCK = 1024;
    /** Below this length one core is faster than two (the fork costs more than the pass). */
    static final int PARALLEL_MIN = 1 << 18;

    /** All six metrics of a and b. */
    public static PairMetrics of(double[] a, double[] b) {
        VectorMetrics.check(a, b);
        return of(a.length, (from, to) -> scan(a, b, from, to));
    }

    /**
     * All six metrics of two weights read as float (which holds bfloat16, float16, the 8-bit
     * floats and float32 exactly), summed in double: each block is widened in cache, so the
     * values, the order of the sums and the results are those of {@link #of(double[], double[])}
     * on the same values, from half the memory traffic.
     */
    public static PairMetrics of(float[] a, float[] b) {
        VectorMetrics.check(a, b);
        return of(a.length, (from, to) -> {
            double[] x = new double[BLOCK], y = new double[BLOCK];
            Moments total = new Moments();
            for (int s = from; s < to; s += BLOCK) {
                int m = Math.min(to, s + BLOCK) - s;
                for (int i = 0; i < m; i++) {
                    x[i] = a[s + i];
                    y[i] = b[s + i];
                }
                total = total.add(scan(x, y, 0, m));
            }
            return total;
        });
    }

    /** The sums over [from, to), blocks of {@link #BLOCK} from {@code from}. */
    private interface Span {
        Moments scan(int from, int to);
    }

    private static PairMetrics of(int n, Span span) {
        Moments m;
        if (n >= PARALLEL_MIN) {
            int mid = (n / 2 / BLOCK) * BLOCK;
            Moments[] parts = new Moments[2];
            IntStream.range(0, 2).parallel().forEach(p -> parts[p] = p == 0 ? span.scan(0, mid) : span.scan(mid, n));
            m = parts[0].merge(parts[1]);
        } else {
            m = span.scan(0, n);
        }
        double cos = clamp(ratio(m.dot, Math.sqrt(m.aa) * Math.sqrt(m.bb)));
        double cc = clamp(ratio(m.cab, Math.sqrt(m.caa) * Math.sqrt(m.cbb)));
        return new PairMetrics(cos, cc, m.absd / n, Math.sqrt(m.dd / n), m.maxd, ratio(Math.sqrt(m.dd), Math.sqrt(m.aa)));
    }

    /** Running sums of one span; the centred ones about the span's means. */
    private static final class Moments {
        long n;
        double meanA, meanB, cab, caa, cbb, dot, aa, bb, absd, dd, maxd;

        /** This span followed by the next block: the block's sums copied into an empty total, else merged. */
        Moments add(Moments blk) {
            if (n == 0) {
                copy(blk, this);
                return this;
            }
            return merge(blk);
        }

        /** Chan's update: centred sums of the union from each part's sums and the gap between the means. */
        Moments merge(Moments o) {
            if (o.n == 0) {
                return this;
            }
            if (n == 0) {
                return o;
            }
            double total = n + o.n, da = o.meanA - meanA, db = o.meanB - meanB, w = (double) n * o.n / total;
            cab += o.cab + da * db * w;
            caa += o.caa + da * da * w;
            cbb += o.cbb + db * db * w;
            meanA += da * o.n / total;
            meanB += db * o.n / total;
            dot += o.dot;
            aa += o.aa;
            bb += o.bb;
            absd += o.absd;
            dd += o.dd;
            maxd = Double.isNaN(maxd) || Double.isNaN(o.maxd) ? Double.NaN : Math.max(maxd, o.maxd);
            n += o.n;
            return this;
        }
    }

    private static Moments scan(double[] a, double[] b, int from, int to) {
        Moments total = new Moments();
        Moments blk = new Moments();
        for (int s = from; s < to; s += BLOCK) {
            int e = Math.min(to, s + BLOCK), m = e - s;
            double sa0 = 0, sa1 = 0, sb0 = 0, sb1 = 0, d0 = 0, d1 = 0, x0 = 0, x1 = 0, y0 = 0, y1 = 0;
            double ad0 = 0, ad1 = 0, q0 = 0, q1 = 0, mx = 0;
            int i = s;
            for (; i + 1 < e; i += 2) {
                double p = a[i], q = b[i], r = a[i + 1], t = b[i + 1], u = p - q, v = r - t;
                sa0 += p;
                sa1 += r;
                sb0 += q;
                sb1 += t;
                d0 += p * q;
                d1 += r * t;
                x0 += p * p;
                x1 += r * r;
                y0 += q * q;
                y1 += t * t;
                double au = Math.abs(u), av = Math.abs(v);
                ad0 += au;
                ad1 += av;
                q0 += u * u;
                q1 += v * v;
                mx = au > mx ? au : mx; // a compare, not Math.max (NaN is restored from the sums below)
                mx = av > mx ? av : mx;
            }
            for (; i < e; i++) {
                double p = a[i], q = b[i], u = p - q;
                sa0 += p;
                sb0 += q;
                d0 += p * q;
                x0 += p * p;
                y0 += q * q;
                ad0 += Math.abs(u);
                q0 += u * u;
                mx = Math.abs(u) > mx ? Math.abs(u) : mx;
            }
            double ma = (sa0 + sa1) / m, mb = (sb0 + sb1) / m;
            // second pass over the block while it is still in L1: centred sums about the block's means
            double[] c = VectorMetrics.products(a, b, s, e, ma, mb);
            blk.n = m;
            blk.meanA = ma;
            blk.meanB = mb;
            blk.cab = c[0];
            blk.caa = c[1];
            blk.cbb = c[2];
            blk.dot = d0 + d1;
            blk.aa = x0 + x1;
            blk.bb = y0 + y1;
            blk.absd = ad0 + ad1;
            blk.dd = q0 + q1;
            blk.maxd = Double.isNaN(ad0 + ad1) ? Double.NaN : mx; // a NaN difference makes the max NaN, as Math.max would
            total.add(blk);
        }
        return total;
    }

    private static void copy(Moments f, Moments t) {
        t.n = f.n;
        t.meanA = f.meanA;
        t.meanB = f.meanB;
        t.cab = f.cab;
        t.caa = f.caa;
        t.cbb = f.cbb;
        t.dot = f.dot;
        t.aa = f.aa;
        t.bb = f.bb;
        t.absd = f.absd;
        t.dd = f.dd;
        t.maxd = f.maxd;
    }

    static double clamp(double c) {
        return Double.isNaN(c) ? c : Math.max(-1.0, Math.min(1.0, c));
    }

    static double ratio(double num, double den) {
        return den == 0 ? Double.NaN : num / den;
    }
}

package org.provenancelab.toy;

/**
 * Forward and backward pass of the toy language model, written out by hand on plain arrays.
 * Every gradient is checked against central finite differences in {@code ToyLmTest}.
 *
 * <p>Determinism: loops run in a fixed order on one thread, transcendental functions come from
 * {@link StrictMath} (fdlibm, the same bits on every JVM), and Java never fuses a multiply and
 * an add on its own; so the same parameters and batch give the same loss and gradient bits.
 */
public final class ToyLm {
    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);

    private ToyLm() {}

    /** Mean next-token cross-entropy (nats) of the batch; no gradient. */
    public static double loss(ToyParams p, int[][] batch) {
        return run(p, batch, null);
    }

    /**
     * Mean next-token cross-entropy of the batch, adding its gradient to {@code grad}.
     * Each sequence holds T + 1 token ids (inputs 0..T−1, targets 1..T), T ≤ context.
     */
    public static double lossAndGradient(ToyParams p, int[][] batch, ToyParams grad) {
        if (grad == null) {
            throw new IllegalArgumentException("grad buffer is null; use loss() for the loss alone");
        }
        return run(p, batch, grad);
    }

    /** Activations of one block, kept for the backward pass. */
    private static final class Block {
        double[] xIn, r1, h1, q, k, v, probs, att, x2, r2, h2, u, act;
    }

    private static double run(ToyParams p, int[][] batch, ToyParams grad) {
        ToyConfig c = p.config();
        int B = batch.length;
        if (B == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int T = batch[0].length - 1;
        if (T < 1 || T > c.context()) {
            throw new IllegalArgumentException("sequences must hold 2.." + (c.context() + 1) + " tokens, got " + batch[0].length);
        }
        int d = c.width(), f = c.hidden(), V = c.vocab(), H = c.heads(), hd = c.headDim();
        int N = B * T;
        for (int[] s : batch) {
            if (s.length != T + 1) {
                throw new IllegalArgumentException("sequences in a batch must have one length");
            }
            for (int id : s) {
                if (id < 0 || id >= V) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + V);
                }
            }
        }
        double[] x = new double[N * d];
        double[] E = p.get(ToyParams.EMBED), P = p.get(ToyParams.POSITIONS);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int row = (b * T + t) * d, tok = batch[b][t] * d, pos = t * d;
                for (int j = 0; j < d; j++) {
                    x[row + j] = E[tok + j] + P[pos + j];
                }
            }
        }
        Block[] blocks = new Block[c.layers()];
        double scale = 1.0 / Math.sqrt(hd);
        for (int l = 0; l < c.layers(); l++) {
            Block bl = new Block();
            blocks[l] = bl;
            bl.xIn = x.clone();
            bl.r1 = new double[N];
            bl.h1 = rms(x, N, d, p.get(ToyParams.layer(l, ToyParams.ATTN_NORM)), bl.r1);
            bl.q = matmul(bl.h1, N, d, p.get(ToyParams.layer(l, ToyParams.Q)), d);
            bl.k = matmul(bl.h1, N, d, p.get(ToyParams.layer(l, ToyParams.K)), d);
            bl.v = matmul(bl.h1, N, d, p.get(ToyParams.layer(l, ToyParams.V)), d);
            bl.probs = new double[B * H * T * T];
            bl.att = new double[N * d];
            attention(bl, B, T, H, hd, d, scale);
            addInto(x, matmul(bl.att, N, d, p.get(ToyParams.layer(l, ToyParams.O)), d));
            bl.x2 = x.clone();
            bl.r2 = new double[N];
            bl.h2 = rms(x, N, d, p.get(ToyParams.layer(l, ToyParams.FFN_NORM)), bl.r2);
            bl.u = matmul(bl.h2, N, d, p.get(ToyParams.layer(l, ToyParams.UP)), f);
            bl.act = new double[N * f];
            for (int i = 0; i < bl.act.length; i++) {
                bl.act[i] = gelu(bl.u[i]);
            }
            addInto(x, matmul(bl.act, N, f, p.get(ToyParams.layer(l, ToyParams.DOWN)), d));
        }
        double[] xF = x;
        double[] rF = new double[N];
        double[] hF = rms(xF, N, d, p.get(ToyParams.FINAL_NORM), rF);
        double[] logits = matmul(hF, N, d, p.get(ToyParams.HEAD), V);
        double loss = 0;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int row = (b * T + t) * V;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < V; j++) {
                    max = Math.max(max, logits[row + j]);
                }
                double sum = 0;
                for (int j = 0; j < V; j++) {
                    double e = StrictMath.exp(logits[row + j] - max);
                    logits[row + j] = e; // logits now hold unnormalised probabilities
                    sum += e;
                }
                int target = batch[b][t + 1];
                loss -= StrictMath.log(logits[row + target] / sum);
                double inv = 1.0 / sum;
                for (int j = 0; j < V; j++) {
                    logits[row + j] *= inv;
                }
            }
        }
        loss /= N;
        if (grad == null) {
            return loss;
        }
        // backward: logits now hold softmax probabilities; dlogits = (p − onehot) / N
        double[] dlog = logits;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                dlog[(b * T + t) * V + batch[b][t + 1]] -= 1.0;
            }
        }
        for (int i = 0; i < dlog.length; i++) {
            dlog[i] /= N;
        }
        accumulateWeightGrad(hF, N, d, dlog, V, grad.get(ToyParams.HEAD));
        double[] dhF = matmulTransposed(dlog, N, V, p.get(ToyParams.HEAD), d);
        double[] dx = rmsBackward(xF, rF, N, d, p.get(ToyParams.FINAL_NORM), dhF, grad.get(ToyParams.FINAL_NORM));
        for (int l = c.layers() - 1; l >= 0; l--) {
            Block bl = blocks[l];
            // x_out = x2 + act · Wdown
            accumulateWeightGrad(bl.act, N, f, dx, d, grad.get(ToyParams.layer(l, ToyParams.DOWN)));
            double[] dact = matmulTransposed(dx, N, d, p.get(ToyParams.layer(l, ToyParams.DOWN)), f);
            for (int i = 0; i < dact.length; i++) {
                dact[i] *= geluDerivative(bl.u[i]);
            }
            accumulateWeightGrad(bl.h2, N, d, dact, f, grad.get(ToyParams.layer(l, ToyParams.UP)));
            double[] dh2 = matmulTransposed(dact, N, f, p.get(ToyParams.layer(l, ToyParams.UP)), d);
            addInto(dx, rmsBackward(bl.x2, bl.r2, N, d, p.get(ToyParams.layer(l, ToyParams.FFN_NORM)), dh2,
                    grad.get(ToyParams.layer(l, ToyParams.FFN_NORM))));
            // x2 = xIn + att · Wo
            accumulateWeightGrad(bl.att, N, d, dx, d, grad.get(ToyParams.layer(l, ToyParams.O)));
            double[] datt = matmulTransposed(dx, N, d, p.get(ToyParams.layer(l, ToyParams.O)), d);
            double[] dq = new double[N * d], dk = new double[N * d], dv = new double[N * d];
            attentionBackward(bl, datt, dq, dk, dv, B, T, H, hd, d, scale);
            accumulateWeightGrad(bl.h1, N, d, dq, d, grad.get(ToyParams.layer(l, ToyParams.Q)));
            accumulateWeightGrad(bl.h1, N, d, dk, d, grad.get(ToyParams.layer(l, ToyParams.K)));
            accumulateWeightGrad(bl.h1, N, d, dv, d, grad.get(ToyParams.layer(l, ToyParams.V)));
            double[] dh1 = matmulTransposed(dq, N, d, p.get(ToyParams.layer(l, ToyParams.Q)), d);
            addInto(dh1, matmulTransposed(dk, N, d, p.get(ToyParams.layer(l, ToyParams.K)), d));
            addInto(dh1, matmulTransposed(dv, N, d, p.get(ToyParams.layer(l, ToyParams.V)), d));
            addInto(dx, rmsBackward(bl.xIn, bl.r1, N, d, p.get(ToyParams.layer(l, ToyParams.ATTN_NORM)), dh1,
                    grad.get(ToyParams.layer(l, ToyParams.ATTN_NORM))));
        }
        double[] dE = grad.get(ToyParams.EMBED), dP = grad.get(ToyParams.POSITIONS);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int row = (b * T + t) * d, tok = batch[b][t] * d, pos = t * d;
                for (int j = 0; j < d; j++) {
                    dE[tok + j] += dx[row + j];
                    dP[pos + j] += dx[row + j];
                }
            }
        }
        return loss;
    }

    /** y = g ⊙ x / rms(x) per row; the reciprocal rms of each row goes to {@code r}. */
    static double[] rms(double[] x, int n, int d, double[] g, double[] r) {
        double[] y = new double[n * d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double ss = 0;
            for (int j = 0; j < d; j++) {
                ss += x[o + j] * x[o + j];
            }
            double ri = 1.0 / Math.sqrt(ss / d + ToyConfig.EPS);
            r[i] = ri;
            for (int j = 0; j < d; j++) {
                y[o + j] = g[j] * x[o + j] * ri;
            }
        }
        return y;
    }

    /** dx of the RMSNorm, adding dL/dg to {@code dg}: with n = x·r, dx = r·(dn − n·mean(dn ⊙ n)). */
    static double[] rmsBackward(double[] x, double[] r, int n, int d, double[] g, double[] dy, double[] dg) {
        double[] dx = new double[n * d];
        double[] dn = new double[d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double ri = r[i], dot = 0;
            for (int j = 0; j < d; j++) {
                double nj = x[o + j] * ri;
                dg[j] += dy[o + j] * nj;
                dn[j] = dy[o + j] * g[j];
                dot += dn[j] * nj;
            }
            double mean = dot / d;
            for (int j = 0; j < d; j++) {
                dx[o + j] = ri * (dn[j] - x[o + j] * ri * mean);
            }
        }
        return dx;
    }

    /** Y (n × m) = X (n × k) · W (k × m); the inner loop runs along contiguous rows. */
    static double[] matmul(double[] x, int n, int k, double[] w, int m) {
        double[] y = new double[n * m];
        for (int t = 0; t < n; t++) {
            int yo = t * m, xo = t * k;
            for (int i = 0; i < k; i++) {
                double a = x[xo + i];
                int wo = i * m;
                for (int j = 0; j < m; j++) {
                    y[yo + j] += a * w[wo + j];
                }
            }
        }
        return y;
    }

    /** dX (n × k) = dY (n × m) · Wᵀ, through a transposed copy of W so the inner loop is contiguous. */
    static double[] matmulTransposed(double[] dy, int n, int m, double[] w, int k) {
        double[] wt = new double[m * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
                wt[j * k + i] = w[i * m + j];
            }
        }
        return matmul(dy, n, m, wt, k);
    }

    /** dW (k × m) += Xᵀ (k × n) · dY (n × m). */
    static void accumulateWeightGrad(double[] x, int n, int k, double[] dy, int m, double[] dw) {
        for (int t = 0; t < n; t++) {
            int xo = t * k, yo = t * m;
            for (int i = 0; i < k; i++) {
                double a = x[xo + i];
                int wo = i * m;
                for (int j = 0; j < m; j++) {
                    dw[wo + j] += a * dy[yo + j];
                }
            }
        }
    }

    private static void addInto(double[] acc, double[] add) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += add[i];
        }
    }

    private static void attention(Block bl, int B, int T, int H, int hd, int d, double scale) {
        double[] s = new double[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                int po = (b * H + h) * T * T;
                for (int t = 0; t < T; t++) {
                    int qo = (b * T + t) * d + h * hd;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u <= t; u++) {
                        int ko = (b * T + u) * d + h * hd;
                        double dot = 0;
                        for (int e = 0; e < hd; e++) {
                            dot += bl.q[qo + e] * bl.k[ko + e];
                        }
                        s[u] = dot * scale;
                        max = Math.max(max, s[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u <= t; u++) {
                        s[u] = StrictMath.exp(s[u] - max);
                        sum += s[u];
                    }
                    int ao = (b * T + t) * d + h * hd;
                    for (int u = 0; u <= t; u++) {
                        double pr = s[u] / sum;
                        bl.probs[po + t * T + u] = pr;
                        int vo = (b * T + u) * d + h * hd;
                        for (int e = 0; e < hd; e++) {
                            bl.att[ao + e] += pr * bl.v[vo + e];
                        }
                    }
                }
            }
        }
    }

    private static void attentionBackward(Block bl, double[] datt, double[] dq, double[] dk, double[] dv,
            int B, int T, int H, int hd, int d, double scale) {
        double[] dp = new double[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                int po = (b * H + h) * T * T;
                for (int t = 0; t < T; t++) {
                    int ao = (b * T + t) * d + h * hd;
                    double dot = 0;
                    for (int u = 0; u <= t; u++) {
                        int vo = (b * T + u) * d + h * hd;
                        double pr = bl.probs[po + t * T + u];
                        double g = 0;
                        for (int e = 0; e < hd; e++) {
                            g += datt[ao + e] * bl.v[vo + e];
                            dv[vo + e] += pr * datt[ao + e];
                        }
                        dp[u] = g;
                        dot += pr * g;
                    }
                    int qo = ao;
                    for (int u = 0; u <= t; u++) {
                        double ds = bl.probs[po + t * T + u] * (dp[u] - dot) * scale;
                        int ko = (b * T + u) * d + h * hd;
                        for (int e = 0; e < hd; e++) {
                            dq[qo + e] += ds * bl.k[ko + e];
                            dk[ko + e] += ds * bl.q[qo + e];
                        }
                    }
                }
            }
        }
    }

    /** GELU, tanh form (GPT-2's). */
    static double gelu(double u) {
        return 0.5 * u * (1.0 + StrictMath.tanh(GELU_C * (u + 0.044715 * u * u * u)));
    }

    static double geluDerivative(double u) {
        double th = StrictMath.tanh(GELU_C * (u + 0.044715 * u * u * u));
        return 0.5 * (1.0 + th) + 0.5 * u * (1.0 - th * th) * GELU_C * (1.0 + 3.0 * 0.044715 * u * u);
    }
}

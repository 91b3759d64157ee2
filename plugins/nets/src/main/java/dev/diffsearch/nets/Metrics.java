package dev.diffsearch.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Sample-quality metrics in a feature space (rows of {@code d} floats): Fréchet distance (FID), kernel
 * distance (KID), Inception-Score analog, and k-NN precision and recall. Heavy pairwise work runs on
 * NDArrays in a scoped manager; the Fréchet distance is computed in double precision in Java.
 */
public final class Metrics {

  private Metrics() {}

  /** Mean and covariance (unbiased) of a feature set. */
  public record Stats(double[] mean, double[][] cov, int count) {

    public int dim() {
      return mean.length;
    }

    public static Stats of(float[] features, int n, int d) {
      if (n < 2) {
        throw new IllegalArgumentException("need at least 2 samples for a covariance, got " + n);
      }
      double[] mean = new double[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          mean[j] += features[i * d + j];
        }
      }
      for (int j = 0; j < d; j++) {
        mean[j] /= n;
      }
      double[][] cov = new double[d][d];
      double[] c = new double[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          c[j] = features[i * d + j] - mean[j];
        }
        for (int j = 0; j < d; j++) {
          double cj = c[j];
          if (cj == 0) {
            continue;
          }
          double[] row = cov[j];
          for (int k = j; k < d; k++) {
            row[k] += cj * c[k];
          }
        }
      }
      for (int j = 0; j < d; j++) {
        for (int k = j; k < d; k++) {
          cov[j][k] /= (n - 1);
          cov[k][j] = cov[j][k];
        }
      }
      return new Stats(mean, cov, n);
    }
  }

  /**
   * Fréchet distance between Gaussians: {@code ‖μ1−μ2‖² + Tr(Σ1) + Tr(Σ2) − 2·Tr((Σ1^½ Σ2 Σ1^½)^½)}.
   */
  public static double fid(Stats a, Stats b) {
    int d = a.dim();
    if (b.dim() != d) {
      throw new IllegalArgumentException("feature dimensions differ: " + d + " vs " + b.dim());
    }
    double diff = 0;
    for (int j = 0; j < d; j++) {
      double t = a.mean()[j] - b.mean()[j];
      diff += t * t;
    }
    double tr = 0;
    for (int j = 0; j < d; j++) {
      tr += a.cov()[j][j] + b.cov()[j][j];
    }
    double[][] rootA = sqrtPsd(a.cov());
    double[][] m = multiply(multiply(rootA, b.cov()), rootA);
    symmetrise(m);
    double[] eig = Jacobi.eigenvalues(m);
    double trRoot = 0;
    for (double e : eig) {
      trRoot += Math.sqrt(Math.max(e, 0));
    }
    return Math.max(0, diff + tr - 2 * trRoot);
  }

  /** Inception-Score analog: {@code exp(E_x KL(p(y|x) ‖ p(y)))} from per-sample class probabilities. */
  public static double inceptionScore(double[][] probabilities) {
    int n = probabilities.length;
    int k = probabilities[0].length;
    double[] marginal = new double[k];
    for (double[] p : probabilities) {
      for (int c = 0; c < k; c++) {
        marginal[c] += p[c] / n;
      }
    }
    double kl = 0;
    for (double[] p : probabilities) {
      for (int c = 0; c < k; c++) {
        if (p[c] > 0) {
          kl += p[c] * (Math.log(p[c]) - Math.log(marginal[c]));
        }
      }
    }
    return Math.exp(kl / n);
  }

  /** KID estimate and its standard deviation over subsets. */
  public record Kid(double mean, double std, int subsets, int subsetSize) {}

  /**
   * Kernel Inception Distance (Bińkowski et al. 2018): the unbiased MMD² with the cubic polynomial kernel
   * {@code k(x,y) = (x·y/d + 1)³}, averaged over {@code subsets} random subsets of
   * {@code min(1000, na, nb)} rows from each set (fixed seed).
   */
  public static Kid kid(float[] a, int na, float[] b, int nb, int d, int subsets, NDManager parent) {
    int m = Math.min(1000, Math.min(na, nb));
    SplittableRandom rng = new SplittableRandom(2018);
    double[] values = new double[subsets];
    for (int s = 0; s < subsets; s++) {
      float[] x = subset(a, na, d, m, rng);
      float[] y = subset(b, nb, d, m, rng);
      try (NDManager mm = parent.newSubManager()) {
        NDArray xa = mm.create(x, new Shape(m, d)).toType(DataType.FLOAT64, false);
        NDArray ya = mm.create(y, new Shape(m, d)).toType(DataType.FLOAT64, false);
        double kxx = offDiagonalMean(kernel(xa, xa, d), m);
        double kyy = offDiagonalMean(kernel(ya, ya, d), m);
        double kxy = kernel(xa, ya, d).mean().getDouble();
        values[s] = kxx + kyy - 2 * kxy;
      }
    }
    double mean = 0;
    for (double v : values) {
      mean += v / subsets;
    }
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean) / Math.max(1, subsets - 1);
    }
    return new Kid(mean, Math.sqrt(var), subsets, m);
  }

  private static NDArray kernel(NDArray x, NDArray y, int d) {
    return x.matMul(y.transpose()).div(d).add(1).pow(3);
  }

  private static double offDiagonalMean(NDArray k, int m) {
    double total = k.sum().getDouble();
    double diag = k.mul(k.getManager().eye(m, m, 0, DataType.FLOAT64)).sum().getDouble();
    return (total - diag) / ((double) m * (m - 1));
  }

  private static float[] subset(float[] data, int n, int d, int m, SplittableRandom rng) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    float[] out = new float[m * d];
    for (int i = 0; i < m; i++) {
      System.arraycopy(data, idx[i] * d, out, i * d, d);
    }
    return out;
  }

  /** Precision and recall of a generated set against a real one. */
  public record PrecisionRecall(double precision, double recall, int k) {}

  /**
   * Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls
   * around its points with radius the distance to the point's k-th nearest neighbour in the same set.
   * Precision: share of generated points inside the real manifold; recall: share of real points inside
   * the generated manifold.
   */
  public static PrecisionRecall precisionRecall(float[] real, int nr, float[] fake, int nf, int d, int k,
      NDManager parent) {
    if (nr <= k || nf <= k) {
      throw new IllegalArgumentException("precision/recall with k=" + k + " needs more than " + k + " samples per set");
    }
    float[] realRadii = kthNeighbourDistances(real, nr, d, k, parent);
    float[] fakeRadii = kthNeighbourDistances(fake, nf, d, k, parent);
    double precision = coverage(real, nr, realRadii, fake, nf, d, parent);
    double recall = coverage(fake, nf, fakeRadii, real, nr, d, parent);
    return new PrecisionRecall(precision, recall, k);
  }

  /** Squared Euclidean distances between rows of x [a, d] and y [b, d]. */
  private static NDArray squaredDistances(NDArray x, NDArray y) {
    NDArray xx = x.square().sum(new int[] {1}, true);
    NDArray yy = y.square().sum(new int[] {1}, true).transpose();
    return xx.add(yy).sub(x.matMul(y.transpose()).mul(2)).maximum(0f);
  }

  private static final int CHUNK = 1000;

  /** Distance of every row to its k-th nearest other row of the same set. */
  public static float[] kthNeighbourDistances(float[] data, int n, int d, int k, NDManager parent) {
    float[] out = new float[n];
    float[] best = new float[k + 1];
    try (NDManager m = parent.newSubManager()) {
      NDArray all = m.create(data, new Shape(n, d));
      for (int start = 0; start < n; start += CHUNK) {
        int len = Math.min(CHUNK, n - start);
        float[] dist;
        try (NDManager c = m.newSubManager()) {
          NDArray rows = all.get(start + ":" + (start + len));
          rows.attach(c);
          NDArray sq = squaredDistances(rows, all);
          sq.attach(c);
          dist = sq.toFloatArray();
        }
        for (int i = 0; i < len; i++) {
          // the k+1 smallest squared distances of the row (one of them is the point itself, 0)
          java.util.Arrays.fill(best, Float.POSITIVE_INFINITY);
          int base = i * n;
          for (int j = 0; j < n; j++) {
            float v = dist[base + j];
            if (v < best[k]) {
              int p = k;
              while (p > 0 && best[p - 1] > v) {
                best[p] = best[p - 1];
                p--;
              }
              best[p] = v;
            }
          }
          out[start + i] = (float) Math.sqrt(best[k]);
        }
      }
    }
    return out;
  }

  /** Share of {@code query} rows within radius[i] of some manifold row i. */
  private static double coverage(float[] manifold, int n, float[] radii, float[] query, int nq, int d, NDManager parent) {
    int inside = 0;
    try (NDManager m = parent.newSubManager()) {
      NDArray base = m.create(manifold, new Shape(n, d));
      NDArray r2 = m.create(radii, new Shape(1, n)).square();
      for (int start = 0; start < nq; start += CHUNK) {
        int len = Math.min(CHUNK, nq - start);
        try (NDManager c = m.newSubManager()) {
          NDArray q = c.create(java.util.Arrays.copyOfRange(query, start * d, (start + len) * d), new Shape(len, d));
          NDArray dist = squaredDistances(q, base);
          dist.attach(c);
          NDArray within = dist.sub(r2).min(new int[] {1}).lte(0f);
          within.attach(c);
          boolean[] flags = within.toBooleanArray();
          for (boolean f : flags) {
            inside += f ? 1 : 0;
          }
        }
      }
    }
    return (double) inside / nq;
  }

  /** Σ^½ of a symmetric positive semi-definite matrix (negative eigenvalues clipped to 0). */
  public static double[][] sqrtPsd(double[][] a) {
    int d = a.length;
    double[][] copy = new double[d][];
    for (int i = 0; i < d; i++) {
      copy[i] = a[i].clone();
    }
    Jacobi.Eigen e = Jacobi.decompose(copy);
    double[][] out = new double[d][d];
    for (int k = 0; k < d; k++) {
      double s = Math.sqrt(Math.max(e.values()[k], 0));
      if (s == 0) {
        continue;
      }
      for (int i = 0; i < d; i++) {
        double vik = e.vectors()[i][k] * s;
        if (vik == 0) {
          continue;
        }
        for (int j = 0; j < d; j++) {
          out[i][j] += vik * e.vectors()[j][k];
        }
      }
    }
    return out;
  }

  public static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    int inner = b.length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < inner; k++) {
        double aik = a[i][k];
        if (aik == 0) {
          continue;
        }
        double[] bk = b[k];
        double[] oi = out[i];
        for (int j = 0; j < m; j++) {
          oi[j] += aik * bk[j];
        }
      }
    }
    return out;
  }

  private static void symmetrise(double[][] m) {
    for (int i = 0; i < m.length; i++) {
      for (int j = i + 1; j < m.length; j++) {
        double v = 0.5 * (m[i][j] + m[j][i]);
        m[i][j] = v;
        m[j][i] = v;
      }
    }
  }
}

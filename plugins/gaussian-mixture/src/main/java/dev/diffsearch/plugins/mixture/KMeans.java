package dev.diffsearch.plugins.mixture;

import java.util.SplittableRandom;

/** Lloyd's k-means with k-means++ seeding: enough to fit a mixture's means once. */
final class KMeans {

  /** Centroids, member counts and the mean squared distance of members to their centroid. */
  record Result(float[][] centroids, int[] counts, double[] meanSquaredResidual) {}

  private KMeans() {}

  static Result fit(float[][] points, int k, int iterations, SplittableRandom random) {
    int n = points.length;
    int dim = points[0].length;
    float[][] centroids = new float[k][];
    centroids[0] = points[random.nextInt(n)].clone();
    double[] best = new double[n];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        best[i] = Math.min(best[i], dist(points[i], centroids[c - 1]));
        total += best[i];
      }
      double pick = random.nextDouble() * total;
      int chosen = n - 1;
      for (int i = 0; i < n; i++) {
        pick -= best[i];
        if (pick <= 0) {
          chosen = i;
          break;
        }
      }
      centroids[c] = points[chosen].clone();
    }
    int[] assign = new int[n];
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < n; i++) {
        assign[i] = nearest(points[i], centroids);
      }
      double[][] sums = new double[k][dim];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        counts[assign[i]]++;
        for (int d = 0; d < dim; d++) {
          sums[assign[i]][d] += points[i][d];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          continue;
        }
        for (int d = 0; d < dim; d++) {
          centroids[c][d] = (float) (sums[c][d] / counts[c]);
        }
      }
    }
    int[] counts = new int[k];
    double[] residual = new double[k];
    for (int i = 0; i < n; i++) {
      int c = nearest(points[i], centroids);
      counts[c]++;
      residual[c] += dist(points[i], centroids[c]);
    }
    for (int c = 0; c < k; c++) {
      residual[c] = counts[c] == 0 ? 0 : residual[c] / counts[c];
    }
    return new Result(centroids, counts, residual);
  }

  private static int nearest(float[] p, float[][] centroids) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = dist(p, centroids[c]);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  private static double dist(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}

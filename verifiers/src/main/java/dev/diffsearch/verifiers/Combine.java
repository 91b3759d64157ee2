package dev.diffsearch.verifiers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How an ensemble combines its members' scores over one batch of candidates. Ranks are normalized to
 * [0, 1] within the batch (0 the worst, 1 the best; ties get their average rank; NaN and −∞ rank
 * lowest); z-scores are (s − mean)/std within the batch (0 when all are equal).
 */
enum Combine {
  MEAN_RANK,
  WEIGHTED_RANK,
  WEIGHTED_ZSCORE;

  static Combine parse(String s) {
    return switch (s) {
      case "mean-rank" -> MEAN_RANK;
      case "weighted-rank" -> WEIGHTED_RANK;
      case "weighted-zscore" -> WEIGHTED_ZSCORE;
      default -> null;
    };
  }

  /** The combined score of each row, from each member's scores and weights. */
  float[] combine(float[][] memberScores, double[] weights) {
    int n = memberScores[0].length;
    double[] total = new double[n];
    double weightSum = 0;
    for (int m = 0; m < memberScores.length; m++) {
      double w = this == MEAN_RANK ? 1.0 : weights[m];
      double[] part = this == WEIGHTED_ZSCORE ? zscores(memberScores[m]) : ranks(memberScores[m]);
      for (int i = 0; i < n; i++) {
        total[i] += w * part[i];
      }
      weightSum += w;
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (total[i] / weightSum);
    }
    return out;
  }

  /** Normalized ranks in [0, 1], ties averaged; a single row ranks 0.5. */
  static double[] ranks(float[] scores) {
    int n = scores.length;
    double[] out = new double[n];
    if (n == 1) {
      out[0] = 0.5;
      return out;
    }
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> key(scores[i])));
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && key(scores[order[j + 1]]) == key(scores[order[i]])) {
        j++;
      }
      double rank = (i + j) / 2.0 / (n - 1);
      for (int k = i; k <= j; k++) {
        out[order[k]] = rank;
      }
      i = j + 1;
    }
    return out;
  }

  /** (s − mean)/std within the batch; non-finite scores count as the batch minimum. */
  static double[] zscores(float[] scores) {
    int n = scores.length;
    double min = Double.POSITIVE_INFINITY;
    for (float s : scores) {
      if (Float.isFinite(s)) {
        min = Math.min(min, s);
      }
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Float.isFinite(scores[i]) ? scores[i] : (Double.isInfinite(min) ? 0 : min);
    }
    double mean = Arrays.stream(v).average().orElse(0);
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElse(0);
    double std = Math.sqrt(var);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = std == 0 ? 0 : (v[i] - mean) / std;
    }
    return out;
  }

  private static double key(float s) {
    return Float.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
  }
}

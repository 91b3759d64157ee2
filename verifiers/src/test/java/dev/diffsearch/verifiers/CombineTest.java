package dev.diffsearch.verifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CombineTest {

  @Test
  void ranksAreNormalizedAndTiesShareTheirAverageRank() {
    assertThat(Combine.ranks(new float[] {3f, 1f, 2f})).containsExactly(1.0, 0.0, 0.5);
    // 5 rows: ranks 0..4 over 4; the two 2s share (1 + 2)/2 = 1.5
    assertThat(Combine.ranks(new float[] {2f, 7f, 2f, -1f, 9f})).containsExactly(0.375, 0.75, 0.375, 0.0, 1.0);
    assertThat(Combine.ranks(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, 0f})).containsExactly(0.25, 0.25, 1.0);
    assertThat(Combine.ranks(new float[] {4f})).containsExactly(0.5);
  }

  @Test
  void meanRankIsTheUnweightedMeanOfTheMembersRanks() {
    float[][] members = {{1f, 2f, 3f}, {30f, 10f, 20f}};
    float[] combined = Combine.MEAN_RANK.combine(members, new double[] {5, 1}); // weights are ignored
    assertThat(combined[0]).isCloseTo((0f + 1f) / 2, within(1e-6f));
    assertThat(combined[1]).isCloseTo((0.5f + 0f) / 2, within(1e-6f));
    assertThat(combined[2]).isCloseTo((1f + 0.5f) / 2, within(1e-6f));
  }

  @Test
  void weightedRankAndZscoreUseTheWeights() {
    float[][] members = {{1f, 2f, 3f}, {30f, 10f, 20f}};
    float[] rank = Combine.WEIGHTED_RANK.combine(members, new double[] {3, 1});
    assertThat(rank[2]).isCloseTo((3 * 1f + 0.5f) / 4, within(1e-6f));
    float[] z = Combine.WEIGHTED_ZSCORE.combine(members, new double[] {1, 1});
    double sd = Math.sqrt(2.0 / 3.0); // population std of {1, 2, 3}; {30, 10, 20} has 10·sd
    assertThat(z[0]).isCloseTo((float) ((-1 / sd + 10 / (10 * sd)) / 2), within(1e-5f));
    assertThat(z[1]).isCloseTo((float) ((0 - 10 / (10 * sd)) / 2), within(1e-5f));
    assertThat(Combine.zscores(new float[] {5f, 5f})).containsExactly(0.0, 0.0);
  }
}

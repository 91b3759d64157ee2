package dev.diffsearch.plugins.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.diffsearch.plugins.torchscript.DdpmSchedule.Kind;
import org.junit.jupiter.api.Test;

/** σ_i = √((1 − ᾱ_i)/ᾱ_i) of the DDPM schedules, and the quantization of σ to the nearest timestep. */
class DdpmScheduleTest {

  @Test
  void theLinearScheduleOfAThousandStepsSpansTheKnownSigmas() {
    DdpmSchedule s = new DdpmSchedule(Kind.LINEAR, 1000);
    // ᾱ_0 = 1 − 0.0001; ᾱ_999 ≈ 4.04e-5 (Ho et al. 2020)
    assertThat(s.sigma(0)).isCloseTo(Math.sqrt(0.0001 / 0.9999), within(1e-12));
    assertThat(s.sigma(499)).isCloseTo(3.4241366, within(1e-6));
    assertThat(s.sigma(999)).isCloseTo(157.4072808, within(1e-5));
  }

  @Test
  void theCosineScheduleTelescopesToItsAlphaBarFunction() {
    // unclipped, ∏(1 − β_j) = f((i+1)/T)/f(0) with f(u) = cos²((u + 0.008)/1.008 · π/2)
    DdpmSchedule s = new DdpmSchedule(Kind.COSINE, 1000);
    for (int i : new int[] {0, 10, 500, 900, 990}) {
      double a = f((i + 1) / 1000.0) / f(0);
      assertThat(s.sigma(i)).isCloseTo(Math.sqrt((1 - a) / a), within(1e-9 * s.sigma(i)));
    }
  }

  private static double f(double u) {
    double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  @Test
  void eachTimestepsOwnSigmaMapsBackToItAndNeighboursSplitAtTheLogMidpoint() {
    for (Kind kind : Kind.values()) {
      DdpmSchedule s = new DdpmSchedule(kind, 1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(s.nearest(s.sigma(i))).isEqualTo(i);
      }
      for (int i = 0; i < 999; i++) {
        double mid = Math.sqrt(s.sigma(i) * s.sigma(i + 1));
        assertThat(s.nearest(mid * 0.9999)).isEqualTo(i);
        assertThat(s.nearest(mid * 1.0001)).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void levelsBeyondTheScheduleClampToItsEnds() {
    DdpmSchedule s = new DdpmSchedule(Kind.LINEAR, 1000);
    assertThat(s.nearest(0)).isZero();
    assertThat(s.nearest(1e-6)).isZero();
    assertThat(s.nearest(80)).isBetween(900, 999);
    assertThat(s.nearest(1e6)).isEqualTo(999);
    assertThat(s.nearest(Double.POSITIVE_INFINITY)).isEqualTo(999);
  }

  @Test
  void fewerTimestepsScaleTheLinearBetasToTheSameRange() {
    // β scaled by 1000/T: T = 250 ends near the same σ as T = 1000
    DdpmSchedule s = new DdpmSchedule(Kind.LINEAR, 250);
    assertThat(s.sigma(0)).isCloseTo(Math.sqrt(0.0004 / 0.9996), within(1e-12));
    assertThat(s.sigma(249) / 157.4).isBetween(0.8, 1.25);
  }
}

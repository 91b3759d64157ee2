package dev.diffsearch.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ForwardingDenoiser;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.search.Cohort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outputs in flight ({@link Cohort}): every slot's thread calls as if it had the model to itself; each
 * round puts the waiting calls' rows, in slot order, through the model in batches of at most max-batch
 * rows. Checked against the exact Gaussian-mixture denoiser called on each slot's rows alone, and by the
 * batches the model saw, which follow from the slots' calls only, never from thread timing.
 */
class CohortTest {

  /** A model that records the rows and classes of each call it gets. */
  static final class Recording extends ForwardingDenoiser {
    final List<int[]> calls = Collections.synchronizedList(new ArrayList<>());

    Recording(Denoiser model) {
      super(model);
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
      calls.add(conditioning.classes());
      return super.denoise(x, sigma, conditioning);
    }

    List<Integer> sizes() {
      return calls.stream().map(c -> c.length).toList();
    }
  }

  /** A row verifier (or batch verifier) whose score of a row is its mean; it records the rows of each call. */
  static Verifier meanOfEachRow(Verifier.Scope scope, List<Integer> calls) {
    return new Verifier() {
      @Override
      public Scope scope() {
        return scope;
      }

      @Override
      public float[] score(VerifierInput input) {
        calls.add(input.size());
        return input.samples().reshape(input.size(), -1).mean(new int[] {1}).toFloatArray();
      }

      @Override
      public VerifierScores scoreAll(VerifierInput input) {
        float[] s = score(input);
        float[] twice = s.clone();
        for (int i = 0; i < twice.length; i++) {
          twice[i] *= 2;
        }
        return new VerifierScores(s, Map.of("twice", twice));
      }
    };
  }

  /** What each slot does: calls of {@code rows[slot]} rows, {@code calls[slot]} of them, then it leaves. */
  private static void runSlots(Cohort cohort, Denoiser exact, int[] rows, int[] calls, int[] classes,
      NDManager manager, boolean score) throws Throwable {
    Throwable[] failed = new Throwable[rows.length];
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < rows.length; s++) {
      int slot = s;
      Thread t = new Thread(() -> {
        try (NDManager mine = manager.newSubManager()) {
          Denoiser model = cohort.denoiser(slot);
          Verifier verifier = cohort.verifier(slot);
          Condition c = Condition.ofClass(classes[slot]);
          for (int i = 0; i < calls[slot]; i++) {
            int b = rows[slot];
            float[] noise = new NoiseSource(slot, i).gaussian(b * 784);
            NDArray x = mine.create(noise, new Shape(b, 1, 28, 28)).mul(3);
            float[] levels = new float[b];
            Arrays.fill(levels, 0.5f + slot + i);
            NDArray sigma = mine.create(levels);
            NDArray out = model.denoise(x, sigma, Conditioning.repeat(c, null, b));
            assertThat(out.getShape()).isEqualTo(x.getShape());
            assertThat(out.getManager()).isSameAs(x.getManager());
            int[] cls = new int[b];
            Arrays.fill(cls, classes[slot]);
            float[] alone = exact.denoise(x, sigma, cls).toFloatArray();
            float[] shared = out.toFloatArray();
            for (int j = 0; j < alone.length; j++) {
              assertThat(shared[j]).as("slot %d call %d element %d", slot, i, j).isCloseTo(alone[j],
                  org.assertj.core.api.Assertions.within(1e-4f));
            }
            if (score) {
              List<String> ids = new ArrayList<>();
              for (int j = 0; j < b; j++) {
                ids.add("s" + slot + "c" + i + "r" + j);
              }
              VerifierScores scores = verifier.scoreAll(
                  new VerifierInput(ids, out, Map.of(), Collections.nCopies(b, c)));
              float[] means = out.reshape(b, -1).mean(new int[] {1}).toFloatArray();
              assertThat(scores.total()).containsExactly(means, org.assertj.core.api.Assertions.within(1e-6f));
              assertThat(scores.parts().get("twice")).hasSize(b);
              for (int j = 0; j < b; j++) {
                assertThat(scores.parts().get("twice")[j]).isCloseTo(2 * means[j],
                    org.assertj.core.api.Assertions.within(1e-5f));
              }
            }
          }
        } catch (Throwable e) {
          failed[slot] = e;
        } finally {
          cohort.leave(slot);
        }
      }, "slot-" + s);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Throwable e : failed) {
      if (e != null) {
        throw e;
      }
    }
  }

  @Test
  void eachRoundPutsTheWaitingRowsInSlotOrderThroughTheModelInBatchesOfMaxBatch() throws Throwable {
    try (MixtureFixture fx = new MixtureFixture()) {
      List<List<Integer>> seen = new ArrayList<>();
      for (int attempt = 0; attempt < 2; attempt++) {
        Recording model = new Recording(fx.model);
        int[] classes = {1, 3, 1};
        Cohort cohort = new Cohort(model, meanOfEachRow(Verifier.Scope.ROW, new ArrayList<>()), 8,
            List.of(Condition.ofClass(1), Condition.ofClass(3), Condition.ofClass(1)), fx.manager);
        // slots of 5, 3 and 7 rows; the middle one leaves after 2 calls
        runSlots(cohort, fx.model, new int[] {5, 3, 7}, new int[] {4, 2, 4}, classes, fx.manager, false);
        assertThat(cohort.rounds()).isEqualTo(4);
        // rounds 1-2: 5 + 3 + 7 = 15 rows -> 8 + 7; rounds 3-4: 5 + 7 = 12 rows -> 8 + 4
        assertThat(model.sizes()).containsExactly(8, 7, 8, 7, 8, 4, 8, 4);
        assertThat(model.calls.get(0)).containsExactly(1, 1, 1, 1, 1, 3, 3, 3); // slot 0's rows, then slot 1's
        assertThat(model.calls.get(1)).containsOnly(1);
        assertThat(cohort.modelCallsAndRows()).containsExactly(8, 2 * 15 + 2 * 12);
        seen.add(model.sizes());
      }
      assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }
  }

  @Test
  void rowVerifiersScoreTheRowsOfSeveralOutputsInOneCallAndBatchVerifiersEachCallAlone() throws Throwable {
    try (MixtureFixture fx = new MixtureFixture()) {
      int[] classes = {0, 2, 3};
      List<Condition> conditions = List.of(Condition.ofClass(0), Condition.ofClass(2), Condition.ofClass(3));
      List<Integer> rowCalls = Collections.synchronizedList(new ArrayList<>());
      Cohort rows = new Cohort(fx.model, meanOfEachRow(Verifier.Scope.ROW, rowCalls), 8, conditions, fx.manager);
      runSlots(rows, fx.model, new int[] {4, 2, 3}, new int[] {2, 2, 2}, classes, fx.manager, true);
      // whole calls up to max-batch rows: 4 + 2 in one, 3 in the next, each round
      assertThat(rowCalls).containsExactly(6, 3, 6, 3);

      List<Integer> batchCalls = Collections.synchronizedList(new ArrayList<>());
      Cohort batches = new Cohort(fx.model, meanOfEachRow(Verifier.Scope.BATCH, batchCalls), 8, conditions, fx.manager);
      runSlots(batches, fx.model, new int[] {4, 2, 3}, new int[] {2, 2, 2}, classes, fx.manager, true);
      assertThat(batchCalls).containsExactly(4, 2, 3, 4, 2, 3);
    }
  }

  @Test
  void aFailingModelCallFailsEverySlotWhoseRowsWereInIt() throws Throwable {
    try (MixtureFixture fx = new MixtureFixture()) {
      Denoiser failsOnTheSecondCall = new ForwardingDenoiser(fx.model) {
        int calls;

        @Override
        public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
          if (++calls == 2) {
            throw new IllegalStateException("model failed");
          }
          return super.denoise(x, sigma, conditioning);
        }
      };
      Cohort cohort = new Cohort(failsOnTheSecondCall, meanOfEachRow(Verifier.Scope.ROW, new ArrayList<>()), 64,
          List.of(Condition.ofClass(1), Condition.ofClass(2)), fx.manager);
      // round 1 fine; round 2 fails for both slots; each leaves on its failure
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
              runSlots(cohort, fx.model, new int[] {2, 2}, new int[] {3, 3}, new int[] {1, 2}, fx.manager, false))
          .isInstanceOf(IllegalStateException.class).hasMessage("model failed");
      assertThat(cohort.rounds()).isEqualTo(2);
    }
  }

  @Test
  void aCallConditionedOnNoOutputOfTheCohortIsRefusedOnTheCallersThread() {
    try (MixtureFixture fx = new MixtureFixture(); NDManager m = fx.manager.newSubManager()) {
      Cohort cohort = new Cohort(fx.model, meanOfEachRow(Verifier.Scope.ROW, new ArrayList<>()), 8,
          List.of(Condition.ofClass(1)), fx.manager);
      NDArray x = m.zeros(new Shape(2, 1, 28, 28));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> cohort.denoiser(0).denoise(x, m.ones(new Shape(2)),
              Conditioning.repeat(Condition.ofClass(4), null, 2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no output's of this cohort");
      assertThat(cohort.rounds()).isZero(); // nothing was waiting: no round ran, none is owed
      cohort.leave(0);
    }
  }

  @Test
  void winnersRenderedTogetherAreEachRenderedAloneAndMustShareTheirSigmaPath() {
    try (MixtureFixture fx = new MixtureFixture()) {
      double sigmaMax = fx.heun.sigmas()[0];
      List<dev.diffsearch.api.spi.Recipe> recipes = new ArrayList<>();
      List<Condition> conditions = new ArrayList<>();
      for (int i = 0; i < 3; i++) { // a path's shape: solved to 1.0, renoised to 2.0, solved to 0
        recipes.add(dev.diffsearch.api.spi.Recipe.start(sigmaMax, new NoiseSource(7, i).gaussian(784))
            .solve(1.0).renoise(2.0, new NoiseSource(8, i).gaussian(784)).solve(0));
        conditions.add(Condition.ofClass(i == 1 ? 5 : 2));
      }
      List<float[]> together = dev.diffsearch.core.run.Replay.renderTogether(fx.model, fx.heun, recipes, conditions, fx.manager);
      assertThat(together).hasSize(3);
      for (int i = 0; i < 3; i++) {
        float[] alone = dev.diffsearch.core.run.Replay.render(fx.model, fx.heun, recipes.get(i),
            Conditioning.repeat(conditions.get(i), null, 1), fx.manager);
        for (int j = 0; j < alone.length; j++) {
          assertThat(together.get(i)[j]).as("row %d element %d", i, j).isCloseTo(alone[j],
              org.assertj.core.api.Assertions.within(1e-4f));
        }
        // a batch of one is the render itself, bit for bit
        assertThat(dev.diffsearch.core.run.Replay.renderTogether(fx.model, fx.heun, recipes.subList(i, i + 1),
            conditions.subList(i, i + 1), fx.manager).get(0)).isEqualTo(alone);
      }
      List<dev.diffsearch.api.spi.Recipe> mixed = List.of(recipes.get(0),
          dev.diffsearch.api.spi.Recipe.solved(sigmaMax, new NoiseSource(9, 0).gaussian(784)));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.diffsearch.core.run.Replay.renderTogether(
              fx.model, fx.heun, mixed, conditions.subList(0, 2), fx.manager))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma path");
    }
  }
}

package dev.diffsearch.core.run;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.core.denoise.NfeMeter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cohort's winners, rendered together when every slot has put its winner (or withdrawn: a failed
 * search), by the thread that puts the last one: recipes of one shape in batches of at most
 * {@code max-batch} rows, in slot order ({@link Replay#renderTogether}).
 */
final class CohortRenders {

  /**
   * A winner's render: its sample, the NFE and forward passes that made it, and the outputs whose winners
   * shared its batch, in row order (empty when it was rendered alone).
   */
  record Rendered(float[] sample, long nfe, long passes, List<String> together) {}

  private final Pipeline pipeline;
  private final List<Pipeline.Output> members;
  private final NDManager manager;
  private final Recipe[] recipes;
  private final boolean[] settled;
  private int settledCount;
  private final Rendered[] done;
  private RuntimeException failure;
  private boolean finished;

  CohortRenders(Pipeline pipeline, List<Pipeline.Output> members, NDManager manager) {
    this.pipeline = pipeline;
    this.members = members;
    this.manager = manager;
    this.recipes = new Recipe[members.size()];
    this.settled = new boolean[members.size()];
    this.done = new Rendered[members.size()];
  }

  /** Puts slot {@code slot}'s winner and waits for its render. */
  synchronized Rendered put(int slot, Recipe recipe) {
    recipes[slot] = recipe;
    settle(slot);
    boolean interrupted = false;
    while (!finished) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // the render is under way for every slot: wait for it
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    return done[slot];
  }

  /** Slot {@code slot} puts no winner (its search failed); nothing when it put one already. */
  synchronized void withdraw(int slot) {
    if (!settled[slot]) {
      settle(slot);
    }
  }

  private void settle(int slot) {
    settled[slot] = true;
    if (++settledCount == settled.length) {
      try {
        renderAll();
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        finished = true;
        notifyAll();
      }
    }
  }

  private void renderAll() {
    Map<List<Double>, List<Integer>> byShape = new LinkedHashMap<>();
    for (int s = 0; s < recipes.length; s++) {
      if (recipes[s] != null) {
        byShape.computeIfAbsent(Replay.shapeOf(recipes[s]), k -> new ArrayList<>()).add(s);
      }
    }
    int maxBatch = pipeline.spec().maxBatch();
    for (List<Integer> slots : byShape.values()) {
      for (int from = 0; from < slots.size(); from += maxBatch) {
        List<Integer> batch = slots.subList(from, Math.min(slots.size(), from + maxBatch));
        List<Recipe> rows = batch.stream().map(s -> recipes[s]).toList();
        List<Condition> conditions = batch.stream().map(s -> members.get(s).condition()).toList();
        List<String> ids = batch.size() == 1 ? List.of() : batch.stream().map(s -> members.get(s).id()).toList();
        NfeMeter meter = new NfeMeter(pipeline.denoiser());
        List<float[]> samples = Replay.renderTogether(meter, pipeline.finalSampler(), rows, conditions, manager);
        for (int i = 0; i < batch.size(); i++) {
          done[batch.get(i)] = new Rendered(samples.get(i), meter.nfe() / batch.size(),
              meter.forwardPasses() / batch.size(), ids);
        }
      }
    }
  }
}

package dev.diffsearch.core.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.search.Cohort;
import dev.diffsearch.core.search.OutputSearch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a wired pipeline output by output: search under the budget, regenerate the winner alone from its
 * recipe with the final sampler (so the kept sample is reproduced bit for bit from its saved noises),
 * save it.
 *
 * <p>With {@code search.outputs-in-flight} K above 1, the outputs are searched in cohorts of K
 * consecutive outputs, each on its own thread, whose denoiser calls share batches ({@link Cohort}); the
 * next cohort starts when this one is done. Which rows share a batch depends only on the cohort, so the run
 * is deterministic for its K, and a resumed run searches a cohort that was cut short again whole (its
 * finished outputs as well, unsaved) so that its files equal an uninterrupted run's. A cohort's winners are
 * rendered together, once every search in it has ended: recipes of one shape (the same σ path) share
 * batches, in output order, and each output's summary names the outputs its render shared a batch with
 * ({@code rendered-with}), which {@code regenerate} renders together again to reproduce it bit for bit.
 */
public final class Runner {

  private Runner() {}

  /** What a run did in this attempt. */
  public record Result(int outputsRun, int outputsSkipped, long searchNfe, long finalNfe, double wallSeconds) {}

  public static Result run(Pipeline pipeline, RunStore store, NDManager manager, Progress.Listener progress)
      throws IOException {
    return run(pipeline, store, manager, progress, 1);
  }

  /**
   * {@link #run(Pipeline, RunStore, NDManager, Progress.Listener)} with up to {@code cohortsAtOnce} cohorts
   * searched side by side (each its own rounds and model calls; outputs one at a time are cohorts of one).
   * Cohorts share nothing that decides a result, so the files are the same for any number side by side:
   * it is how a run with one intra-op thread fills the other cores.
   */
  public static Result run(Pipeline pipeline, RunStore store, NDManager manager, Progress.Listener progress,
      int cohortsAtOnce) throws IOException {
    long started = System.nanoTime();
    List<Pipeline.Output> outputs = pipeline.outputs();
    int total = outputs.size();
    long finalCost = pipeline.finalSampler().nfe(pipeline.finalSampler().sigmas());
    int skipped = 0;
    for (Pipeline.Output o : outputs) {
      if (store.isFinished(o.id())) {
        skipped++;
      }
    }
    Tally tally = new Tally(progress, (total - skipped) * (pipeline.spec().nfe() + finalCost), skipped, total, started);
    int inFlight = Math.max(1, Math.min(pipeline.spec().outputsInFlight(), total));
    if (inFlight == 1 && cohortsAtOnce <= 1) {
      for (Pipeline.Output output : outputs) {
        if (!store.isFinished(output.id())) {
          searchAndKeep(pipeline, store, output, new NfeMeter(pipeline.denoiser()), pipeline.verifier(), () -> { },
              false, manager, tally, null, 0);
        }
      }
    } else {
      List<List<Pipeline.Output>> cohorts = new ArrayList<>();
      for (int from = 0; from < total; from += inFlight) {
        List<Pipeline.Output> cohort = outputs.subList(from, Math.min(total, from + inFlight));
        if (!cohort.stream().allMatch(o -> store.isFinished(o.id()))) {
          cohorts.add(cohort);
        }
      }
      int side = Math.max(1, Math.min(cohortsAtOnce, cohorts.size()));
      ExecutorService threads = Executors.newFixedThreadPool(inFlight * side, outputThreads());
      ExecutorService sides = Executors.newFixedThreadPool(side, outputThreads());
      try {
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        for (List<Pipeline.Output> cohort : cohorts) {
          running.add(sides.submit(() -> {
            if (!failed.get()) { // after a failure no further cohort starts; those under way finish
              try {
                runCohort(pipeline, store, cohort, threads, manager, tally);
              } catch (IOException | RuntimeException | Error e) {
                failed.set(true);
                throw e;
              }
            }
            return null;
          }));
        }
        rethrowFirst(running);
      } finally {
        sides.shutdownNow();
        threads.shutdownNow();
      }
    }
    store.writeSummary(store.previousWallSeconds() + seconds(started), total);
    return new Result(tally.ran, skipped, tally.searchNfe, tally.finalNfe, seconds(started));
  }

  /** Searches {@code cohort}'s outputs together, one thread each; the first failure, in output order, is thrown once all have ended. */
  private static void runCohort(Pipeline pipeline, RunStore store, List<Pipeline.Output> members,
      ExecutorService threads, NDManager manager, Tally tally) throws IOException {
    try (NDManager scope = manager.newSubManager()) {
      Cohort cohort = new Cohort(pipeline.denoiser(), pipeline.verifier(), pipeline.spec().maxBatch(),
          members.stream().map(Pipeline.Output::condition).toList(), scope);
      CohortRenders renders = new CohortRenders(pipeline, members, scope);
      List<Future<?>> running = new ArrayList<>();
      for (int slot = 0; slot < members.size(); slot++) {
        Pipeline.Output output = members.get(slot);
        boolean again = store.isFinished(output.id()); // kept already: searched again only for its batches' sake
        int s = slot;
        running.add(threads.submit(() -> {
          try {
            searchAndKeep(pipeline, store, output, new NfeMeter(cohort.denoiser(s)), cohort.verifier(s),
                () -> cohort.leave(s), again, scope, tally, renders, s);
          } finally {
            cohort.leave(s);
            renders.withdraw(s);
          }
          return null;
        }));
      }
      rethrowFirst(running);
    }
  }

  /** Waits for every task; then throws the first failure, in task order, if any. */
  private static void rethrowFirst(List<Future<?>> running) throws IOException {
    Throwable first = null;
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        first = first == null ? e.getCause() : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = first == null ? e : first;
      }
    }
    if (first instanceof IOException e) {
      throw e;
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  /** Daemon threads named after what they do. */
  private static ThreadFactory outputThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "diffsearch-output-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Searches one output with {@code meter} (over the model, or over its slot of a cohort) and
   * {@code verifier}, calls {@code searched} when the search is over, then renders the winner (alone, or
   * with its cohort's in {@code renders} as slot {@code slot}) and saves it, unless {@code again} (an output
   * already kept, searched and rendered again for its cohort's sake).
   */
  private static void searchAndKeep(Pipeline pipeline, RunStore store, Pipeline.Output output, NfeMeter meter,
      Verifier verifier, Runnable searched, boolean again, NDManager manager, Tally tally, CohortRenders renders, int slot)
      throws IOException {
    long outputStart = System.nanoTime();
    long budget = pipeline.spec().nfe();
    try (NDManager scope = manager.newSubManager()) {
      // once per output, for search and render; in a cohort the rows are conditioned on the cohort's one encoding
      // of all its outputs' conditions, and the winners rendered with theirs
      Object encoding = renders == null ? pipeline.denoiser().encode(List.of(output.condition())) : null;
      OutputSearch context =
          new OutputSearch(
              meter,
              pipeline.searchSampler(),
              verifier,
              output.condition(),
              encoding,
              budget,
              pipeline.spec().maxBatch(),
              new NoiseSource(pipeline.spec().seed(), output.index()),
              again ? c -> { } : c -> {
                store.candidate(output, c, pipeline.verifierName());
                tally.candidate(output.id(), c.nfe());
              },
              scope);
      SearchOutcome outcome = pipeline.algorithm().search(context);
      searched.run();
      long searchNfe = meter.nfe();
      long searchPasses = meter.forwardPasses();

      Recipe recipe = outcome.best().recipe();
      CohortRenders.Rendered rendered;
      if (renders == null) {
        NfeMeter renderMeter = new NfeMeter(pipeline.denoiser());
        float[] sample = Replay.render(renderMeter, pipeline.finalSampler(), recipe,
            Conditioning.repeat(output.condition(), encoding, 1), scope);
        rendered = new CohortRenders.Rendered(sample, renderMeter.nfe(), renderMeter.forwardPasses(), List.of());
      } else {
        rendered = renders.put(slot, recipe);
      }
      if (again) {
        return;
      }
      float[] sample = rendered.sample();
      long finalNfe = rendered.nfe();
      long passes = searchPasses + rendered.passes();

      Shape shape = pipeline.denoiser().sampleShape();
      byte[] png = Png.encode(sample, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2));
      ObjectNode summary = JsonNodeFactory.instance.objectNode();
      summary.put("id", output.id());
      summary.put("class", output.classLabel());
      Runs.putPrompt(summary, output.condition());
      summary.put("best-id", outcome.best().id());
      summary.put("best-score", outcome.best().score());
      summary.put("candidates", context.candidatesReported());
      summary.put("search-nfe", searchNfe);
      summary.put("nfe-budget", budget); // beside what was spent: equal budgets are compared by both
      summary.put("final-nfe", finalNfe);
      summary.put("forward-passes", passes);
      summary.put("wall-seconds", Math.round(seconds(outputStart) * 1000) / 1000.0);
      summary.set("recipe", Recipes.toJson(recipe));
      if (!rendered.together().isEmpty()) { // regenerate renders these again, together, to reproduce it
        ArrayNode with = summary.putArray("rendered-with");
        rendered.together().forEach(with::add);
      }
      synchronized (tally) { // the summary's totals and the progress line agree
        store.finish(summary, png, Recipes.stackNoises(recipe), Recipes.noiseShape(recipe, shape),
            store.previousWallSeconds() + seconds(tally.started), tally.total);
        tally.finished(output.id(), searchNfe, finalNfe);
      }
    }
  }

  /** Counts of this attempt, shared by the outputs in flight; progress goes out one line at a time. */
  private static final class Tally {
    final Progress.Listener progress;
    final long planned;
    final int total;
    final long started;
    int done;
    int ran;
    long candidates;
    long finishedNfe;
    long inFlightNfe;
    long searchNfe;
    long finalNfe;
    /** NFE each output in flight has spent, as its candidates reported it. */
    final Map<String, Long> spent = new HashMap<>();

    Tally(Progress.Listener progress, long planned, int done, int total, long started) {
      this.progress = progress;
      this.planned = planned;
      this.done = done;
      this.total = total;
      this.started = started;
    }

    synchronized void candidate(String output, long nfe) {
      candidates++;
      Long before = spent.put(output, nfe);
      inFlightNfe += nfe - (before == null ? 0 : before);
      progress.onProgress(new Progress(candidates, finishedNfe + inFlightNfe, planned, done, total, seconds(started)));
    }

    synchronized void finished(String output, long search, long fin) {
      Long before = spent.remove(output);
      inFlightNfe -= before == null ? 0 : before;
      finishedNfe += search + fin;
      searchNfe += search;
      finalNfe += fin;
      done++;
      ran++;
      progress.onProgress(new Progress(candidates, finishedNfe + inFlightNfe, planned, done, total, seconds(started)));
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}

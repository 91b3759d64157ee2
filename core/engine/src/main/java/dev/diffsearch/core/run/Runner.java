package dev.diffsearch.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.StepObserver;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.search.OutputSearch;
import java.io.IOException;
import java.util.List;

/**
 * Runs a wired pipeline output by output: search under the budget, regenerate the winner alone from its
 * recipe with the final sampler (so the kept sample is reproduced bit for bit from its saved noises),
 * save it.
 */
public final class Runner {

  private Runner() {}

  /** What a run did in this attempt. */
  public record Result(int outputsRun, int outputsSkipped, long searchNfe, long finalNfe, double wallSeconds) {}

  public static Result run(Pipeline pipeline, RunStore store, NDManager manager, Progress.Listener progress)
      throws IOException {
    long started = System.nanoTime();
    int total = pipeline.outputs().size();
    long budget = pipeline.spec().nfe();
    long finalCost = pipeline.finalSampler().nfe(pipeline.finalSampler().sigmas());
    int skipped = 0;
    for (Pipeline.Output o : pipeline.outputs()) {
      if (store.isFinished(o.id())) {
        skipped++;
      }
    }
    long planned = (total - skipped) * (budget + finalCost);
    long[] counters = new long[2]; // candidates, nfe of finished outputs
    int done = skipped;
    int ran = 0;
    long searchTotal = 0;
    long finalTotal = 0;
    NfeMeter meter = new NfeMeter(pipeline.denoiser());
    for (Pipeline.Output output : pipeline.outputs()) {
      if (store.isFinished(output.id())) {
        continue;
      }
      long outputStart = System.nanoTime();
      final int doneNow = done;
      final long nfeBefore = counters[1];
      try (NDManager scope = manager.newSubManager()) {
        Object encoding = meter.encode(List.of(output.condition())); // once per output, for search and render
        OutputSearch context =
            new OutputSearch(
                meter,
                pipeline.searchSampler(),
                pipeline.verifier(),
                output.condition(),
                encoding,
                budget,
                pipeline.spec().maxBatch(),
                new NoiseSource(pipeline.spec().seed(), output.index()),
                c -> {
                  store.candidate(output, c, pipeline.verifierName());
                  counters[0]++;
                  progress.onProgress(
                      new Progress(counters[0], nfeBefore + c.nfe(), planned, doneNow, total, seconds(started)));
                },
                scope);
        SearchOutcome outcome = pipeline.algorithm().search(context);
        long searchNfe = meter.nfe();
        long searchPasses = meter.forwardPasses();

        meter.reset(Long.MAX_VALUE);
        Recipe recipe = outcome.best().recipe();
        float[] sample = render(meter, pipeline.finalSampler(), recipe,
            Conditioning.repeat(output.condition(), encoding, 1), scope);
        long finalNfe = meter.nfe();
        long passes = searchPasses + meter.forwardPasses();

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
        counters[1] += searchNfe + finalNfe;
        done++;
        ran++;
        searchTotal += searchNfe;
        finalTotal += finalNfe;
        summary.set("recipe", Recipes.toJson(recipe));
        store.finish(summary, png, Recipes.stackNoises(recipe), Recipes.noiseShape(recipe, shape),
            store.previousWallSeconds() + seconds(started), total);
        progress.onProgress(new Progress(counters[0], counters[1], planned, done, total, seconds(started)));
      }
    }
    store.writeSummary(store.previousWallSeconds() + seconds(started), total);
    return new Result(ran, skipped, searchTotal, finalTotal, seconds(started));
  }

  /**
   * Replays a recipe alone, as a batch of one, with {@code sampler}: x = σ_start·n₀, then each solve
   * along the sampler's grid points between its end points and each renoise with its saved ε. The
   * computation that makes a kept sample and that {@code regenerate} repeats bit for bit.
   *
   * @param conditioning the one row's condition and its encoding
   */
  public static float[] render(Denoiser denoiser, Sampler sampler, Recipe recipe, Conditioning conditioning,
      NDManager manager) {
    Shape shape = denoiser.sampleShape();
    long[] dims = new long[shape.dimension() + 1];
    dims[0] = 1;
    System.arraycopy(shape.getShape(), 0, dims, 1, shape.dimension());
    float[] x = Recipe.startState(recipe.sigmaStart(), recipe.initialNoise());
    for (Recipe.Segment segment : recipe.segments()) {
      if (segment.isRenoise()) {
        x = Recipe.kick(x, segment.from(), segment.to(), recipe.noises().get(segment.noise()));
      } else {
        try (NDManager scope = manager.newSubManager()) {
          double[] grid = SigmaGrid.between(sampler.sigmas(), segment.from(), segment.to());
          NDArray out = sampler.solve(denoiser, scope.create(x, new Shape(dims)), conditioning, grid,
              StepObserver.NONE);
          x = out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }
      }
    }
    return x;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}

package dev.diffsearch.app;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.config.PipelineSpec;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.plugin.PluginRuntime;
import dev.diffsearch.core.run.Pipeline;
import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.CandidateListener;
import dev.diffsearch.core.spi.Denoiser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diffsearch bench}: NFE per second of random search through the framework against a bare loop
 * that calls the same denoiser with the same batch shapes and σ values, in one process, rounds
 * interleaved so both see the same machine load.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks random search (NFE/s) against a bare denoiser loop on the same batches.",
        "Default model: the exact gaussian-mixture reference; prints the ratio per batch size."})
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--model", description = "model backend (default: ${DEFAULT-VALUE})")
  String model = "gaussian-mixture";

  @Option(names = "--verifier", description = "verifier (default: ${DEFAULT-VALUE})")
  String verifier = "mixture-posterior";

  @Option(names = "--steps", description = "heun steps per candidate (default: ${DEFAULT-VALUE})")
  int steps = 10;

  @Option(names = "--candidates", description = "candidates per measurement (default: ${DEFAULT-VALUE})")
  int candidates = 64;

  @Option(names = "--batches", split = ",", description = "max batch sizes (default: ${DEFAULT-VALUE})")
  int[] batches = {1, 16, 64};

  @Option(names = "--rounds", description = "measured rounds per batch size, after one warm-up (default: ${DEFAULT-VALUE})")
  int rounds = 5;

  @Option(names = "--plugins-dir", paramLabel = "DIR")
  Path pluginsDir;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Environment.engine();
    Path plugins = pluginsDir != null ? pluginsDir : Environment.defaultPluginsDir();
    String yaml = String.join("\n",
        "model: {name: " + model + "}",
        "sampler: {search: {name: heun, steps: " + steps + "}}",
        "verifier: {name: " + verifier + "}",
        "search: {name: random, nfe: 1000000000, candidates: " + candidates + "}",
        "conditions: {classes: [0]}");
    ObjectNode tree = ConfigLoader.parse(yaml, "bench");
    PipelineSpec spec = PipelineSpec.from(tree, Path.of("."));
    System.out.printf("bench: model %s, heun %d steps, %d candidates per measurement, %d rounds (median)%n",
        model, steps, candidates, rounds);
    System.out.printf("%6s %16s %16s %8s%n", "batch", "search NFE/s", "bare NFE/s", "ratio");
    try (PluginRuntime runtime = PluginRuntime.start(plugins); NDManager manager = NDManager.newBaseManager()) {
      Pipeline p = Pipeline.build(spec, runtime.registry(), manager, Path.of("."));
      for (int b : batches) {
        double[] search = new double[rounds];
        double[] bare = new double[rounds];
        for (int r = -1; r < rounds; r++) {
          double s = searchRate(p, b, manager);
          double l = bareRate(p, b, manager);
          if (r >= 0) {
            search[r] = s;
            bare[r] = l;
          }
        }
        double sm = median(search);
        double bm = median(bare);
        System.out.printf("%6d %16.0f %16.0f %8.3f%n", b, sm, bm, sm / bm);
      }
    }
    return 0;
  }

  private double searchRate(Pipeline p, int batch, NDManager manager) {
    NfeMeter meter = new NfeMeter(p.denoiser());
    try (NDManager scope = manager.newSubManager()) {
      SearchContext ctx = new SearchContext(meter, p.searchSampler(), p.verifier(), 0, Long.MAX_VALUE / 2, batch,
          new NoiseSource(1, 0), CandidateListener.NONE, scope);
      long t0 = System.nanoTime();
      p.algorithm().search(ctx);
      double sec = (System.nanoTime() - t0) / 1e9;
      return meter.nfe() / sec;
    }
  }

  /** The same denoiser calls as the search makes (batches and σ values), with nothing around them. */
  private double bareRate(Pipeline p, int batch, NDManager manager) {
    Denoiser d = p.denoiser();
    double[] grid = p.searchSampler().sigmas();
    List<Double> sigmas = new ArrayList<>();
    for (int i = 0; i < grid.length - 1; i++) {
      sigmas.add(grid[i]);
      if (grid[i + 1] > 0) {
        sigmas.add(grid[i + 1]);
      }
    }
    NoiseSource noise = new NoiseSource(2, 0);
    long nfe = 0;
    long t0 = System.nanoTime();
    for (int start = 0; start < candidates; start += batch) {
      int b = Math.min(batch, candidates - start);
      int[] classes = new int[b];
      try (NDManager scope = manager.newSubManager()) {
        long[] dims = new long[d.sampleShape().dimension() + 1];
        dims[0] = b;
        System.arraycopy(d.sampleShape().getShape(), 0, dims, 1, dims.length - 1);
        NDArray x = scope.create(noise.gaussian((int) (b * d.sampleShape().size()), grid[0]), new Shape(dims));
        for (double s : sigmas) {
          try (NDManager step = scope.newSubManager()) {
            NDArray sig = step.full(new Shape(b), (float) s);
            NDArray out = d.denoise(x, sig, classes);
            out.close();
            nfe += b;
          }
        }
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    return nfe / sec;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

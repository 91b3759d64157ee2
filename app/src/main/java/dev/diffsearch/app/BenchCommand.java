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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code diffsearch bench}: NFE per second of random search through the framework against a bare loop
 * that replays the very denoiser calls the search made (same batches, inputs and σ values, recorded
 * once), in one process, rounds interleaved so both see the same machine load.
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


  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path plugins = common.startEngine();
    String yaml = String.join("\n",
        "model: {name: " + model + "}",
        "sampler: {search: {name: heun, steps: " + steps + "}}",
        "verifier: {name: " + verifier + "}",
        "search: {name: random, nfe: 1000000000, candidates: " + candidates + "}",
        "conditions: {classes: [0]}");
    ObjectNode tree = ConfigLoader.parse(yaml, "bench");
    PipelineSpec spec = PipelineSpec.from(tree, Path.of("."));
    common.out().printf("bench: model %s, heun %d steps, %d candidates per measurement, %d rounds (median)%n",
        model, steps, candidates, rounds);
    common.out().printf("%6s %16s %16s %8s%n", "batch", "search NFE/s", "bare NFE/s", "ratio");
    try (PluginRuntime runtime = PluginRuntime.start(plugins); NDManager manager = NDManager.newBaseManager()) {
      Pipeline p = Pipeline.build(spec, runtime.registry(), manager, Path.of("."));
      for (int b : batches) {
        List<Call> calls = record(p, b, manager);
        double[] search = new double[rounds];
        double[] bare = new double[rounds];
        for (int r = -1; r < rounds; r++) {
          double s = searchRate(p, b, manager);
          double l = bareRate(p, calls, manager);
          if (r >= 0) {
            search[r] = s;
            bare[r] = l;
          }
        }
        double sm = median(search);
        double bm = median(bare);
        common.out().printf("%6d %16.0f %16.0f %8.3f%n", b, sm, bm, sm / bm);
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

  /** One recorded denoiser call: its input batch, noise levels and classes. */
  private record Call(float[] x, Shape shape, float[] sigma, int[] classes) {}

  /** The denoiser calls one search at this batch size makes, recorded with their exact inputs. */
  private List<Call> record(Pipeline p, int batch, NDManager manager) {
    List<Call> calls = new ArrayList<>();
    Denoiser inner = p.denoiser();
    Denoiser recorder = new Denoiser() {
      @Override
      public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
        calls.add(new Call(x.toFloatArray(), x.getShape(), sigma.toFloatArray(), classes.clone()));
        return inner.denoise(x, sigma, classes);
      }

      @Override
      public Shape sampleShape() {
        return inner.sampleShape();
      }
    };
    try (NDManager scope = manager.newSubManager()) {
      SearchContext ctx = new SearchContext(new NfeMeter(recorder), p.searchSampler(), p.verifier(), 0,
          Long.MAX_VALUE / 2, batch, new NoiseSource(1, 0), CandidateListener.NONE, scope);
      p.algorithm().search(ctx);
    }
    return calls;
  }

  /** The recorded calls replayed on the same denoiser with nothing around them. */
  private double bareRate(Pipeline p, List<Call> calls, NDManager manager) {
    Denoiser d = p.denoiser();
    long nfe = 0;
    long t0 = System.nanoTime();
    for (Call c : calls) {
      try (NDManager step = manager.newSubManager()) {
        NDArray x = step.create(c.x(), c.shape());
        d.denoise(x, step.create(c.sigma()), c.classes());
        nfe += c.classes().length;
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

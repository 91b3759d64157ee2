package dev.diffsearch.app;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.CandidateListener;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ForwardingDenoiser;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.config.PipelineSpec;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.plugin.PluginRuntime;
import dev.diffsearch.core.run.Pipeline;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.RunStore;
import dev.diffsearch.core.run.Runner;
import dev.diffsearch.core.search.OutputSearch;
import dev.diffsearch.core.search.ScoringDecorator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
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

  @Option(names = "--model-option", paramLabel = "KEY=VALUE",
      description = "an option of the model backend, e.g. variant=l (repeatable)")
  java.util.Map<String, String> modelOptions = new java.util.LinkedHashMap<>();

  @Option(names = "--verifier", description = "verifier (default: ${DEFAULT-VALUE})")
  String verifier = "mixture-posterior";

  @Option(names = "--steps", converter = CommandSupport.Positive.class, description = "heun steps per candidate (default: ${DEFAULT-VALUE})")
  int steps = 10;

  @Option(names = "--candidates", converter = CommandSupport.Positive.class, description = "candidates per measurement (default: ${DEFAULT-VALUE})")
  int candidates = 128;

  @Option(names = "--batches", split = ",", converter = CommandSupport.Positive.class, description = "max batch sizes (default: ${DEFAULT-VALUE})")
  int[] batches = {1, 16, 64};

  @Option(names = "--rounds", converter = CommandSupport.Positive.class, description = "measured rounds per batch size (default: ${DEFAULT-VALUE})")
  int rounds = 15;

  @Option(names = "--warmup", paramLabel = "SECONDS", converter = CommandSupport.NonNegative.class,
      description = {"unmeasured rounds first, for at least this long and two rounds (default: ${DEFAULT-VALUE});",
          "the JIT compiles for seconds on another core, which would skew the first rounds"})
  double warmup = 5;

  @Option(names = "--algorithms", split = ",", paramLabel = "NAME",
      description = {"instead: NFE/s of these algorithms against random at the same max batch, each set to fill",
          "its batches (zero-order: B - 1 neighbours; paths: B paths x 4 branches; smc: B particles, raw potential, lambda 1; beam: B beams x 4)"})
  List<String> algorithms;

  @Option(names = "--soak", paramLabel = "NFE", converter = CommandSupport.Positive.class,
      description = {"instead: a memory soak, random search until this many NFE (e.g. 20000) at the first",
          "--batches value, RSS and live NDArrays sampled; passes when RSS ends within 5 % of RSS after the",
          "first tenth and no NDArray is left alive per search"})
  Integer soak;

  @Option(names = "--in-flight", split = ",", paramLabel = "K", converter = CommandSupport.Positive.class,
      description = {"instead: two whole runs side by side, e.g. 1,4: --outputs outputs of random search with",
          "--candidates each at max batch = the largest --batches value, searched one at a time against K at a",
          "time (search.outputs-in-flight), winners rendered with heun 18; NFE/s, mean best score, ratio"})
  int[] inFlight;

  @Option(names = "--outputs", converter = CommandSupport.Positive.class,
      description = "outputs per run with --in-flight, every class in turn; above the classes, rounded up to whole rounds of them (default: ${DEFAULT-VALUE})")
  int outputs = 10;

  @Option(names = "--threads", paramLabel = "N", split = ",", converter = CommandSupport.Positive.class,
      description = {"the engine's intra-op threads (default: the engine's own); with --in-flight one value for",
          "each side, e.g. 2,1, and with fewer threads than cores a side runs cohorts side by side (cores / N)"})
  int[] threads;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    PluginDirs plugins = common.startEngine();
    Optional<Integer> engineThreads = EngineSetup.intraOpThreads();
    try {
      return measure(plugins);
    } finally { // the setting is the process's: put it back for whatever runs next in it (tests)
      engineThreads.ifPresent(EngineSetup::setIntraOpThreads);
    }
  }

  private int measure(PluginDirs plugins) throws Exception {
    if (threads != null && (threads.length > 2 || threads.length == 2 && inFlight == null)) {
      throw new ConfigException("--threads", "takes one value, or two with --in-flight (one for each side)");
    }
    if (threads != null && !EngineSetup.setIntraOpThreads(threads[0])) {
      throw new ConfigException("--threads", "the engine's intra-op threads cannot be set here");
    }
    if (algorithms != null) {
      return compareAlgorithms(plugins);
    }
    if (soak != null) {
      return soak(plugins);
    }
    if (inFlight != null) {
      return compareInFlight(plugins);
    }
    String yaml = String.join("\n",
        modelYaml(),
        "sampler: {search: {name: heun, steps: " + steps + "}}",
        "verifier: {name: " + verifier + "}",
        "search: {name: random, nfe: 1000000000, candidates: " + candidates + "}",
        "conditions: {classes: [0]}");
    ObjectNode tree = ConfigLoader.parse(yaml, "bench");
    PipelineSpec spec = PipelineSpec.from(tree, Path.of("."));
    common.out().printf("bench: model %s, heun %d steps, %d candidates per measurement, %d rounds%n",
        model, steps, candidates, rounds);
    common.out().printf("ratio: median over rounds of search/bare, timed back to back in alternating order;%n");
    common.out().printf("wall = NFE per elapsed second, cpu = NFE per process CPU second (robust to a busy machine)%n");
    common.out().printf("%6s %14s %14s %11s %15s %10s%n", "batch", "search NFE/s", "bare NFE/s", "wall ratio",
        "wall IQR", "cpu ratio");
    try (PluginRuntime runtime = PluginRuntime.start(plugins); NDManager manager = NDManager.newBaseManager()) {
      Pipeline p = Pipeline.build(spec, runtime.registry(), manager, Path.of("."));
      for (int b : batches) {
        List<Call> calls = record(p, b, manager);
        double[][][] timed = interleaved(() -> searchRate(p, b, manager), () -> bareRate(p, calls, manager));
        double[] wallRatio = ratios(timed[0], timed[1], 0);
        double[] sorted = wallRatio.clone();
        Arrays.sort(sorted);
        common.out().printf("%6d %14.0f %14.0f %11.3f %7.3f..%-7.3f %10.3f%n", b, median(column(timed[0], 0)),
            median(column(timed[1], 0)), median(wallRatio), sorted[rounds / 4], sorted[(3 * rounds) / 4],
            median(ratios(timed[0], timed[1], 1)));
        common.out().flush();
      }
    }
    return 0;
  }

  /**
   * The memory soak: one search of {@code --candidates} after another, each in a scope of its own as the engine
   * runs outputs, until {@code --soak} NFE; RSS and the live NDArrays under the bench's manager (the model's and
   * whatever a search left behind) are sampled ten times. Exit 0 when RSS ends within 5 % of the first sample
   * (after a tenth of the NFE: warm-up) and the live arrays end where they were then, else 1.
   */
  private int soak(PluginDirs plugins) throws IOException {
    int batch = batches[0];
    String yaml = String.join("\n", modelYaml(),
        "sampler: {search: {name: heun, steps: " + steps + "}}",
        "verifier: {name: " + verifier + "}",
        "search: {name: random, nfe: 1000000000, candidates: " + candidates + "}",
        "conditions: {classes: [0]}");
    PipelineSpec spec = PipelineSpec.from(ConfigLoader.parse(yaml, "bench"), Path.of("."));
    common.out().printf("soak (outputs of every class in turn): model %s, verifier %s, random search of %d candidates (heun %d steps) at batch %d,"
        + " until %d NFE%n", model, verifier, candidates, steps, batch, soak);
    common.out().printf("%10s %10s %12s%n", "NFE", "RSS MiB", "live arrays");
    try (PluginRuntime runtime = PluginRuntime.start(plugins); NDManager manager = NDManager.newBaseManager()) {
      Pipeline p = Pipeline.build(spec, runtime.registry(), manager, Path.of("."));
      long nfe = 0;
      long next = soak / 10;
      long rss0 = -1;
      int arrays0 = -1;
      long rss = 0;
      int arrays = 0;
      for (int output = 0; nfe < soak; output++) {
        NfeMeter meter = new NfeMeter(p.denoiser());
        try (NDManager scope = manager.newSubManager()) {
          int classLabel = p.denoiser().numClasses() > 0 ? output % p.denoiser().numClasses() : Denoiser.UNCONDITIONAL;
          OutputSearch ctx = new OutputSearch(meter, p.searchSampler(), p.verifier(), classLabel, p.spec().nfe(), batch,
              new NoiseSource(1, output), CandidateListener.NONE, scope);
          p.algorithm().search(ctx);
        }
        nfe += meter.nfe();
        if (nfe >= next || nfe >= soak) {
          System.gc();
          rss = rssKib() / 1024;
          arrays = manager.getManagedArrays().size();
          if (rss0 < 0) {
            rss0 = rss;
            arrays0 = arrays;
          }
          common.out().printf("%10d %10d %12d%n", nfe, rss, arrays);
          common.out().flush();
          next += soak / 10;
        }
      }
      boolean flat = rss <= rss0 * 1.05;
      boolean noLeak = arrays == arrays0;
      common.out().printf("soak: RSS %d MiB after warm-up, %d MiB at the end (%+.1f %%, %s); live arrays %d -> %d (%s)%n",
          rss0, rss, 100.0 * (rss - rss0) / rss0, flat ? "not above +5 %" : "GREW", arrays0, arrays,
          noLeak ? "none left per search" : "LEAK");
      return flat && noLeak ? 0 : 1;
    }
  }

  /**
   * Whole runs through the engine ({@link Runner}, into a temporary run directory each time), one with each of
   * the two {@code --in-flight} values, timed back to back in alternating order: NFE (search and final) per
   * wall and CPU second, the mean best score, and how many outputs chose the same winner in both.
   */
  private int compareInFlight(PluginDirs plugins) throws IOException {
    if (inFlight.length != 2) {
      throw new ConfigException("--in-flight", "takes two values to compare, e.g. 1,4; got " + inFlight.length);
    }
    int batch = Arrays.stream(batches).max().orElseThrow();
    try (PluginRuntime runtime = PluginRuntime.start(plugins); NDManager manager = NDManager.newBaseManager()) {
      int classes = inFlightPipeline(runtime, manager, 1, batch, "classes: [0]").denoiser().numClasses();
      if (classes == 0) {
        throw new ConfigException("--model", model + " is unconditional; --in-flight runs every class in turn");
      }
      int perClass = (outputs + classes - 1) / classes; // more outputs than classes: whole rounds of the classes
      String conditions = outputs < classes
          ? "classes: " + java.util.stream.IntStream.range(0, outputs).boxed().toList() + ", samples-per-class: 1"
          : "classes: all, samples-per-class: " + perClass;
      Pipeline a = inFlightPipeline(runtime, manager, inFlight[0], batch, conditions);
      Pipeline b = inFlightPipeline(runtime, manager, inFlight[1], batch, conditions);
      int engine = EngineSetup.intraOpThreads().orElse(1);
      int threadsA = threads == null ? engine : threads[0];
      int threadsB = threads == null ? engine : threads[threads.length - 1];
      int cores = Runtime.getRuntime().availableProcessors();
      common.out().printf("bench: model %s, verifier %s, %d outputs (every class in turn) of random search, %d candidates of heun %d"
          + " steps each, max batch %d, winners rendered with heun 18; %d rounds; %d cores%n", model, verifier,
          a.outputs().size(), candidates, steps, batch, rounds, cores);
      common.out().printf("NFE/s: search and final NFE of the whole run per wall second (cpu: per process CPU second)%n");
      // every round of a side makes the same files: its winners are kept from its first
      AtomicReference<Winners> winnersA = new AtomicReference<>();
      AtomicReference<Winners> winnersB = new AtomicReference<>();
      double[][][] timed = interleaved(() -> runRate(a, manager, winnersA, threadsA, Math.max(1, cores / threadsA)),
          () -> runRate(b, manager, winnersB, threadsB, Math.max(1, cores / threadsB)));
      List<String> first = winnersA.get().ids();
      List<String> second = winnersB.get().ids();
      int same = 0;
      for (int i = 0; i < first.size(); i++) {
        same += first.get(i).equals(second.get(i)) ? 1 : 0;
      }
      double meanA = winnersA.get().meanScore();
      double meanB = winnersB.get().meanScore();
      common.out().printf("%10s %8s %13s %10s %10s %16s%n", "in flight", "threads", "side by side", "NFE/s", "cpu NFE/s",
          "mean best score");
      common.out().printf("%10d %8d %13d %10.0f %10.0f %16.4f%n", inFlight[0], threadsA, Math.max(1, cores / threadsA),
          median(column(timed[0], 0)), median(column(timed[0], 1)), meanA);
      common.out().printf("%10d %8d %13d %10.0f %10.0f %16.4f%n", inFlight[1], threadsB, Math.max(1, cores / threadsB),
          median(column(timed[1], 0)), median(column(timed[1], 1)), meanB);
      double[] ratio = ratios(timed[1], timed[0], 0);
      double[] sorted = ratio.clone();
      Arrays.sort(sorted);
      common.out().printf("ratio second/first: %.3f (wall, median of %d rounds; IQR %.3f..%.3f), %.3f (cpu); same winner in %d of %d outputs%n",
          median(ratio), rounds, sorted[rounds / 4], sorted[(3 * rounds) / 4],
          median(ratios(timed[1], timed[0], 1)), same, first.size());
    }
    return 0;
  }

  private Pipeline inFlightPipeline(PluginRuntime runtime, NDManager manager, int k, int batch, String conditions) {
    String yaml = String.join("\n",
        modelYaml(),
        "sampler: {search: {name: heun, steps: " + steps + "}, final: {name: heun, steps: 18}}",
        "verifier: {name: " + verifier + "}",
        "search: {name: random, nfe: " + candidates * (2L * steps - 1) + ", max-batch: " + batch
            + ", outputs-in-flight: " + k + "}",
        "conditions: {" + conditions + "}");
    PipelineSpec spec = PipelineSpec.from(ConfigLoader.parse(yaml, "bench"), Path.of("."));
    return Pipeline.build(spec, runtime.registry(), manager, Path.of("."));
  }

  /** Each output's best candidate id, in run order, and the mean of their scores. */
  private record Winners(List<String> ids, double meanScore) {}

  /**
   * One whole run of {@code p} into a temporary directory, deleted after, at {@code engineThreads} intra-op
   * threads with {@code side} cohorts side by side: {NFE per wall second, per CPU second}; the run's winners go
   * to {@code winners} unless it holds some already.
   */
  private double[] runRate(Pipeline p, NDManager manager, AtomicReference<Winners> winners,
      int engineThreads, int side) {
    Path dir = null;
    try {
      EngineSetup.setIntraOpThreads(engineThreads);
      dir = Files.createTempDirectory("diffsearch-bench");
      ObjectNode runJson = JsonNodeFactory.instance.objectNode();
      ArrayNode ids = runJson.putArray("outputs");
      p.outputs().forEach(o -> ids.addObject().put("id", o.id()));
      long cpu0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      Runner.Result r;
      try (RunStore store = RunStore.create(dir.resolve("run"), runJson)) {
        r = Runner.run(p, store, manager, Progress.Listener.NONE, side);
      }
      double[] rates = rates(r.searchNfe() + r.finalNfe(), t0, cpu0);
      if (winners.get() == null) {
        JsonNode outputs = new ObjectMapper().readTree(dir.resolve("run").resolve(RunStore.SUMMARY).toFile()).path("outputs");
        List<String> best = new ArrayList<>();
        double sum = 0;
        for (JsonNode o : outputs) {
          best.add(o.path("best-id").asText());
          sum += o.path("best-score").asDouble();
        }
        winners.set(new Winners(best, sum / best.size()));
      }
      return rates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        try {
          RunStore.deleteTree(dir);
        } catch (IOException e) {
          common.err().println("bench: could not delete " + dir + ": " + e.getMessage());
        }
      }
    }
  }

  /** This process' resident set in KiB ({@code VmRSS} of /proc/self/status), or 0 where there is none. */
  static long rssKib() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  /** The model line of the bench pipelines, with the {@code --model-option}s. */
  private String modelYaml() {
    StringBuilder b = new StringBuilder("model: {name: " + model);
    modelOptions.forEach((k, v) -> b.append(", ").append(k).append(": ").append(v));
    return b.append('}').toString();
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** NFE per wall second and per process CPU second (all threads: engine, GC, JIT). */
  private static double[] rates(long nfe, long wall0, long cpu0) {
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
    return new double[] {nfe / wall, nfe / cpu};
  }

  /** Options that make an algorithm put {@code b} rows through the denoiser at once. */
  static String fill(String algorithm, int b) {
    return switch (algorithm) {
      case "random" -> "candidates: " + 4 * b;
      case "zero-order" -> "neighbours: " + Math.max(1, b - 1) + ", on-stall: continue"; // pivot + N fill a batch
      case "paths" -> "paths: " + b + ", branches: 4";
      // weights that never fall below the ESS threshold on the mixture posterior (the settings the README's
      // numbers were measured with): resampled copies start at a kicked σ and would split the batch
      case "smc" -> "particles: " + b + ", potential: raw, lambda: 1";
      case "beam" -> "beams: " + b + ", branches: 4";
      default -> "";
    };
  }

  /**
   * Budget-driven searches get about 4·B candidates' worth (random: 4·B; zero-order: a first round of B,
   * then three of B − 1); the others spend what their structure needs.
   */
  private long budget(String algorithm, int b) {
    long cost = 2L * steps - 1;
    return switch (algorithm) {
      case "random" -> 4L * b * cost;
      case "zero-order" -> (b == 1 ? 4 : 4L * b - 3) * cost;
      default -> 1_000_000_000L;
    };
  }

  private int compareAlgorithms(PluginDirs plugins) {
    common.out().printf("bench: model %s, heun %d steps, algorithms against random at the same max batch, %d rounds%n",
        model, steps, rounds);
    common.out().printf("ratio: median over rounds of algorithm/random NFE per second, timed back to back;%n");
    common.out().printf("rows/call: mean rows per denoiser call (batching); verifier: share of wall time spent scoring;%n");
    common.out().printf("ratio w/o: the same ratio with the verifier's time taken out; model us/NFE: wall time inside%n");
    common.out().printf("denoiser calls per NFE (what the model itself costs in each search)%n");
    common.out().printf("%6s %-12s %10s %12s %7s %9s %15s %17s %10s %15s%n", "batch", "algorithm", "NFE/s", "random NFE/s",
        "ratio", "cpu ratio", "rows/call", "verifier", "ratio w/o", "model us/NFE");
    try (PluginRuntime runtime = PluginRuntime.start(plugins); NDManager manager = NDManager.newBaseManager()) {
      for (int b : batches) {
        Pipeline random = pipeline(runtime, manager, "random", b);
        for (String name : algorithms) {
          Pipeline p = pipeline(runtime, manager, name, b);
          double[][][] timed = interleaved(() -> searchRate(p, b, manager), () -> searchRate(random, b, manager));
          double[][] a = timed[0];
          double[][] z = timed[1];
          common.out().printf("%6d %-12s %10.0f %12.0f %7.3f %9.3f %7.1f / %-5.1f %7.1f%% / %4.1f%% %10.3f %6.1f / %-6.1f%n",
              b, name, median(column(a, 0)), median(column(z, 0)), median(ratios(a, z, 0)), median(ratios(a, z, 1)),
              median(column(a, 2)), median(column(z, 2)), 100 * median(column(a, 3)), 100 * median(column(z, 3)),
              median(ratios(a, z, 4)), median(column(a, 5)), median(column(z, 5)));
          common.out().flush();
        }
      }
    }
    return 0;
  }

  /**
   * Times {@code x} and {@code y} back to back, {@code --rounds} times in alternating order, after
   * unmeasured rounds of both (at least two, for at least {@code --warmup} seconds): {x rows, y rows}.
   */
  private double[][][] interleaved(java.util.function.Supplier<double[]> x, java.util.function.Supplier<double[]> y) {
    long end = System.nanoTime() + (long) (warmup * 1e9);
    for (int i = 0; i < 2 || System.nanoTime() < end; i++) {
      x.get();
      y.get();
    }
    double[][] a = new double[rounds][];
    double[][] b = new double[rounds][];
    for (int r = 0; r < rounds; r++) {
      if ((r & 1) == 0) {
        a[r] = x.get();
        b[r] = y.get();
      } else {
        b[r] = y.get();
        a[r] = x.get();
      }
    }
    return new double[][][] {a, b};
  }

  private static double[] column(double[][] rows, int j) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][j];
    }
    return out;
  }

  private static double[] ratios(double[][] a, double[][] b, int j) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i][j] / b[i][j];
    }
    return out;
  }

  private Pipeline pipeline(PluginRuntime runtime, NDManager manager, String algorithm, int batch) {
    String yaml = String.join("\n",
        modelYaml(),
        "sampler: {search: {name: heun, steps: " + steps + "}}",
        "verifier: {name: " + verifier + "}",
        "search: {name: " + algorithm + ", nfe: " + budget(algorithm, batch) + ", max-batch: " + batch + ", "
            + fill(algorithm, batch) + "}",
        "conditions: {classes: [0]}");
    PipelineSpec spec = PipelineSpec.from(ConfigLoader.parse(yaml, "bench"), Path.of("."));
    return Pipeline.build(spec, runtime.registry(), manager, Path.of("."));
  }

  /**
   * One search: {NFE per wall second, NFE per CPU second, rows per denoiser call, share of wall time in
   * the verifier, NFE per wall second outside the verifier}.
   */
  private double[] searchRate(Pipeline p, int batch, NDManager manager) {
    TimedDenoiser model = new TimedDenoiser(p.denoiser());
    NfeMeter meter = new NfeMeter(model);
    TimedVerifier verifier = new TimedVerifier(p.verifier());
    try (NDManager scope = manager.newSubManager()) {
      OutputSearch ctx = new OutputSearch(meter, p.searchSampler(), verifier, 0, p.spec().nfe(), batch,
          new NoiseSource(1, 0), CandidateListener.NONE, scope);
      long cpu0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      p.algorithm().search(ctx);
      long wall = System.nanoTime() - t0;
      double[] r = rates(meter.nfe(), t0, cpu0);
      return new double[] {r[0], r[1], (double) meter.nfe() / meter.calls(), (double) verifier.nanos / wall,
          meter.nfe() / ((wall - verifier.nanos) / 1e9), model.nanos / 1e3 / meter.nfe()};
    }
  }

  /** A denoiser that adds up the wall time spent in it. */
  private static final class TimedDenoiser extends ForwardingDenoiser {

    long nanos;

    TimedDenoiser(Denoiser inner) {
      super(inner);
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
      return denoise(x, sigma, Conditioning.ofClasses(classes));
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
      long t0 = System.nanoTime();
      try {
        return delegate().denoise(x, sigma, conditioning);
      } finally {
        nanos += System.nanoTime() - t0;
      }
    }
  }

  /** A verifier that adds up the wall time spent in it. */
  private static final class TimedVerifier extends ScoringDecorator {

    long nanos;

    TimedVerifier(Verifier inner) {
      super(inner);
    }

    @Override
    public VerifierScores scoreAll(VerifierInput input) {
      long t0 = System.nanoTime();
      try {
        return delegate().scoreAll(input);
      } finally {
        nanos += System.nanoTime() - t0;
      }
    }
  }

  /** One recorded denoiser call: its input batch, noise levels and conditions. */
  private record Call(float[] x, Shape shape, float[] sigma, Conditioning conditioning) {}

  /** The denoiser calls one search at this batch size makes, recorded with their exact inputs. */
  private List<Call> record(Pipeline p, int batch, NDManager manager) {
    List<Call> calls = new ArrayList<>();
    Denoiser recorder = new ForwardingDenoiser(p.denoiser()) {
      @Override
      public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
        return denoise(x, sigma, Conditioning.ofClasses(classes));
      }

      @Override
      public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
        calls.add(new Call(x.toFloatArray(), x.getShape(), sigma.toFloatArray(), conditioning));
        return delegate().denoise(x, sigma, conditioning);
      }
    };
    try (NDManager scope = manager.newSubManager()) {
      OutputSearch ctx = new OutputSearch(new NfeMeter(recorder), p.searchSampler(), p.verifier(), 0,
          Long.MAX_VALUE / 2, batch, new NoiseSource(1, 0), CandidateListener.NONE, scope);
      p.algorithm().search(ctx);
    }
    return calls;
  }

  /** The recorded calls replayed on the same denoiser with nothing around them. */
  private double[] bareRate(Pipeline p, List<Call> calls, NDManager manager) {
    Denoiser d = p.denoiser();
    long nfe = 0;
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (Call c : calls) {
      try (NDManager step = manager.newSubManager()) {
        NDArray x = step.create(c.x(), c.shape());
        d.denoise(x, step.create(c.sigma()), c.conditioning());
        nfe += c.conditioning().size();
      }
    }
    return rates(nfe, t0, cpu0);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

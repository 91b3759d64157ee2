package dev.diffsearch.core.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.io.Npy;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.api.spi.RunEvaluator;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.config.PipelineSpec;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.Origin;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Starting, resuming and regenerating runs: the engine's entry points for the CLI and for tests. */
public final class Runs {

  private Runs() {}

  /**
   * Where and how to start a run.
   *
   * @param plugins the plugin directories of the command line; the pipeline's {@code plugins.dir}
   *     replaces their user directory unless {@code --plugins-dir} chose it
   * @param cohortsAtOnce how many cohorts of outputs are searched side by side (see {@link Runner}); the
   *     files do not depend on it
   */
  public record Request(
      Path config,
      List<String> overrides,
      Path outDir,
      PluginDirs plugins,
      Function<String, String> env,
      Progress.Listener progress,
      int cohortsAtOnce) {

    /** A request that searches one cohort at a time. */
    public Request(Path config, List<String> overrides, Path outDir, PluginDirs plugins, Function<String, String> env,
        Progress.Listener progress) {
      this(config, overrides, outDir, plugins, env, progress, 1);
    }

    /** A request whose plugins come from {@code pluginsDir} alone, unless the pipeline names a directory. */
    public Request(Path config, List<String> overrides, Path outDir, Path pluginsDir, Function<String, String> env,
        Progress.Listener progress) {
      this(config, overrides, outDir, PluginDirs.only(pluginsDir), env, progress, 1);
    }
  }

  /** What a finished attempt left behind. */
  public record Outcome(Path runDir, Runner.Result result, List<String> warnings) {}

  /** Reads, wires and runs a pipeline into a new run directory. */
  public static Outcome start(Request request) throws IOException {
    return start(request, null);
  }

  /**
   * {@link #start(Request)} with the plugins and the model of {@code workbench} (kept open across runs), when it
   * is not null.
   */
  public static Outcome start(Request request, Workbench workbench) throws IOException {
    return wired(request, workbench, (w, manager) -> {
      Path runDir = runDir(request, w.spec());
      try (RunStore store = RunStore.create(runDir, w.runJson(w.pipeline()))) {
        Runner.Result result = Runner.run(w.pipeline(), store, manager, request.progress(), request.cohortsAtOnce());
        return new Outcome(runDir, result, w.runtime().warnings());
      }
    });
  }

  /**
   * A request's config read and wired: its tree as written (with {@code --set}), its spec, the directory its paths
   * are relative to, the pipeline and the plugins it came from.
   */
  record Wired(Request request, ObjectNode tree, PipelineSpec spec, Path baseDir, Pipeline pipeline,
      PluginRuntime runtime) {

    /** The run.json of a run of {@code pipeline} (this one, or some of its outputs): secrets redacted. */
    ObjectNode runJson(Pipeline pipeline) {
      return Runs.runJson(ConfigLoader.withoutLiteralSecrets(tree), ConfigLoader.redacted(tree, request.env()), baseDir,
          spec, pipeline, runtime);
    }
  }

  /** What is done with a wired request, its native arrays in {@code manager}. */
  interface WiredWork<T> {
    T apply(Wired wired, NDManager manager) throws IOException;
  }

  /**
   * Reads and wires {@code request} (plugins and model from {@code workbench} when it is not null, else started here
   * and closed after) and hands it to {@code work}: how a run starts, and how a split run prepares and runs its parts.
   */
  static <T> T wired(Request request, Workbench workbench, WiredWork<T> work) throws IOException {
    ObjectNode tree = ConfigLoader.read(request.config(), request.overrides());
    Path baseDir = request.config().toAbsolutePath().getParent();
    PipelineSpec spec = PipelineSpec.from(ConfigLoader.substituteEnv(tree, request.env()), baseDir);
    PluginDirs dirs = request.plugins().withPipelineDir(spec.pluginsDir());
    PluginRuntime runtime = workbench == null ? PluginRuntime.start(dirs) : workbench.runtime(dirs);
    try (NDManager manager = NDManager.newBaseManager()) {
      Pipeline pipeline = Pipeline.build(spec, runtime.registry(), manager, baseDir, workbench);
      return work.apply(new Wired(request, tree, spec, baseDir, pipeline, runtime), manager);
    } finally {
      if (workbench == null) {
        runtime.close();
      }
    }
  }

  /** The request's run directory: {@code --out}, else the config's {@code output.dir/output.name} (or file name and time). */
  static Path runDir(Request request, PipelineSpec spec) {
    if (request.outDir() != null) {
      return request.outDir();
    }
    String name = spec.runName();
    if (name == null) {
      String file = request.config().getFileName().toString().replaceFirst("\\.ya?ml$", "");
      name = file + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
    return spec.outputDir().resolve(name);
  }

  /**
   * Reads and wires each of {@code overrides} applied to {@code config}, as {@link #start} would, without running
   * anything: a bad configuration is its {@link ConfigException} before any compute. One plugin runtime for all
   * (the pipeline's {@code plugins.dir} of the first).
   *
   * @param where what each configuration is called in the error (e.g. a sweep condition), by index
   */
  public static void check(Path config, List<List<String>> overrides, PluginDirs plugins, Function<String, String> env,
      IntFunction<String> where) throws IOException {
    Path baseDir = config.toAbsolutePath().getParent();
    List<PipelineSpec> specs = new ArrayList<>();
    for (int i = 0; i < overrides.size(); i++) {
      try {
        specs.add(PipelineSpec.from(ConfigLoader.substituteEnv(ConfigLoader.read(config, overrides.get(i)), env), baseDir));
      } catch (ConfigException e) {
        throw new ConfigException(where.apply(i) + ": " + e.getMessage(), e);
      }
    }
    if (specs.isEmpty()) {
      return;
    }
    try (PluginRuntime runtime = PluginRuntime.start(plugins.withPipelineDir(specs.get(0).pluginsDir()))) {
      for (int i = 0; i < specs.size(); i++) {
        try (NDManager manager = NDManager.newBaseManager()) {
          Pipeline.build(specs.get(i), runtime.registry(), manager, baseDir);
        } catch (ConfigException e) {
          throw new ConfigException(where.apply(i) + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Continues a killed run: finished outputs are kept, the rest computed as the first attempt would have. */
  public static Outcome resume(Path runDir, Path pluginsDir, Function<String, String> env,
      Progress.Listener progress) throws IOException {
    return resume(runDir, PluginDirs.only(pluginsDir), env, progress, note -> {});
  }

  /**
   * Continues a killed run: finished outputs whose work is all there are kept, the rest computed as the
   * first attempt would have (see {@link ResumeAudit}); {@code notes} gets one line for each finished
   * output recomputed, saying why. A directory whose files belong to another run is refused with a
   * {@link ConfigException} before anything is written. The run's {@code plugins.dir} replaces the user
   * directory of {@code plugins} unless {@code --plugins-dir} chose it.
   */
  public static Outcome resume(Path runDir, PluginDirs plugins, Function<String, String> env,
      Progress.Listener progress, Consumer<String> notes) throws IOException {
    return resume(runDir, plugins, env, progress, notes, null);
  }

  /** {@link #resume(Path, PluginDirs, Function, Progress.Listener, Consumer)} with {@code workbench}'s plugins and model. */
  public static Outcome resume(Path runDir, PluginDirs plugins, Function<String, String> env,
      Progress.Listener progress, Consumer<String> notes, Workbench workbench) throws IOException {
    return resume(runDir, plugins, env, progress, notes, workbench, 1);
  }

  /**
   * {@link #resume(Path, PluginDirs, Function, Progress.Listener, Consumer, Workbench)} with up to
   * {@code cohortsAtOnce} cohorts of outputs side by side.
   */
  public static Outcome resume(Path runDir, PluginDirs plugins, Function<String, String> env,
      Progress.Listener progress, Consumer<String> notes, Workbench workbench, int cohortsAtOnce) throws IOException {
    ObjectNode runJson = RunStore.readRunJson(runDir);
    Loaded loaded = load(runJson, env, runDir);
    PluginDirs dirs = plugins.withPipelineDir(loaded.spec.pluginsDir());
    PluginRuntime runtime = workbench == null ? PluginRuntime.start(dirs) : workbench.runtime(dirs);
    try (NDManager manager = NDManager.newBaseManager()) {
      Pipeline pipeline = Pipeline.build(loaded.spec, runtime.registry(), manager, loaded.baseDir, workbench);
      ResumeAudit.Kept kept = ResumeAudit.audit(runDir, runJson, pipeline, notes);
      try (RunStore store = RunStore.resume(runDir, kept)) {
        Runner.Result result = Runner.run(pipeline, store, manager, progress, cohortsAtOnce);
        return new Outcome(runDir, result, runtime.warnings());
      }
    } finally {
      if (workbench == null) {
        runtime.close();
      }
    }
  }

  /**
   * Measures the finished run in {@code runDir} with the evaluator of its model: the {@link RunEvaluator}
   * named as run.json's {@code config.model.name}, which writes {@code runDir/metrics.json}. The run's
   * {@code plugins.dir} replaces the user directory of {@code plugins} unless {@code --plugins-dir} chose it.
   * A directory without run.json, or a model without an evaluator, is a {@link ConfigException} (one line).
   */
  public static ObjectNode evaluate(Path runDir, PluginDirs plugins, Consumer<String> warnings) throws IOException {
    return evaluate(runDir, plugins, warnings, true).orElseThrow();
  }

  /**
   * {@link #evaluate(Path, PluginDirs, Consumer)}, or empty (nothing written) when the run's model has no
   * evaluator among the plugins.
   */
  public static Optional<ObjectNode> evaluateIfAble(Path runDir, PluginDirs plugins, Consumer<String> warnings)
      throws IOException {
    return evaluate(runDir, plugins, warnings, false);
  }

  private static Optional<ObjectNode> evaluate(Path runDir, PluginDirs plugins, Consumer<String> warnings,
      boolean required) throws IOException {
    ObjectNode runJson = RunStore.readRunJson(runDir);
    String where = runDir.resolve(RunStore.RUN_JSON).toString();
    String model = runJson.path("config").path("model").path("name").asText("");
    if (model.isEmpty()) {
      throw new ConfigException(where, "names no model (config.model.name)");
    }
    String dir = runJson.path("config").path("plugins").path("dir").asText("");
    Path pipelineDir = dir.isEmpty() ? null : Path.of(runJson.path("base-dir").asText(".")).resolve(dir);
    try (PluginRuntime runtime = PluginRuntime.start(plugins.withPipelineDir(pipelineDir))) {
      ExtensionRegistry registry = runtime.registry();
      if (registry.find(ExtensionKind.EVALUATOR, model) == null) {
        if (!required) {
          return Optional.empty();
        }
        List<String> known = registry.names(ExtensionKind.EVALUATOR);
        throw new ConfigException(where, "model '" + model + "' has no evaluator (evaluators: "
            + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
      }
      return Optional.of(registry.get(ExtensionKind.EVALUATOR, RunEvaluator.class, model, where).evaluate(runDir, warnings));
    }
  }

  /** A kept sample regenerated from its saved noise and the run's configuration: PNG bytes. */
  public static byte[] regenerate(Path runDir, String outputId, Path noiseFile, Path pluginsDir,
      Function<String, String> env) throws IOException {
    return regenerate(runDir, outputId, noiseFile, PluginDirs.only(pluginsDir), env);
  }

  /**
   * A kept sample regenerated from its saved noise and the run's configuration: PNG bytes. The run's
   * {@code plugins.dir} replaces the user directory of {@code plugins} unless {@code --plugins-dir} chose it.
   * A sample whose summary entry names the outputs it was rendered with ({@code rendered-with}: outputs in
   * flight) is rendered with them again, in the same batch, unless {@code noiseFile} replaces its noise.
   */
  public static byte[] regenerate(Path runDir, String outputId, Path noiseFile, PluginDirs plugins,
      Function<String, String> env) throws IOException {
    ObjectNode runJson = RunStore.readRunJson(runDir);
    Loaded loaded = load(runJson, env, runDir);
    Path npy = noiseFile != null ? noiseFile : noiseOf(runDir, outputId);
    if (!Files.isRegularFile(npy)) {
      throw new ConfigException(npy.toString(), "no saved noise for output '" + outputId + "'");
    }
    JsonNode entry = summaryEntry(runDir, outputId);
    List<String> together = new ArrayList<>();
    if (noiseFile == null && entry != null) {
      entry.path("rendered-with").forEach(id -> together.add(id.asText()));
    }
    if (together.isEmpty()) {
      together.add(outputId);
    } else if (!together.contains(outputId)) {
      throw new ConfigException(runDir.resolve(RunStore.SUMMARY).toString(),
          "output '" + outputId + "' is not among the outputs it was rendered with " + together);
    }
    try (PluginRuntime runtime = PluginRuntime.start(plugins.withPipelineDir(loaded.spec.pluginsDir()));
        NDManager manager = NDManager.newBaseManager()) {
      Pipeline pipeline = Pipeline.build(loaded.spec, runtime.registry(), manager, loaded.baseDir);
      Shape shape = pipeline.denoiser().sampleShape();
      List<Recipe> recipes = new ArrayList<>();
      List<Condition> conditions = new ArrayList<>();
      for (String id : together) {
        Pipeline.Output output =
            pipeline.outputs().stream()
                .filter(o -> o.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ConfigException(id.equals(outputId) ? "--output" : runDir.resolve(RunStore.SUMMARY).toString(),
                    "run has no output '" + id + "'"));
        Path file = id.equals(outputId) ? npy : noiseOf(runDir, id);
        if (!Files.isRegularFile(file)) {
          throw new ConfigException(file.toString(), "no saved noise for output '" + id + "'"
              + (id.equals(outputId) ? "" : " (rendered with '" + outputId + "')"));
        }
        Npy.Array noise;
        try {
          noise = Npy.read(file);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage()); // names the file
        }
        JsonNode recipeEntry = id.equals(outputId) ? entry : summaryEntry(runDir, id);
        try {
          recipes.add(Recipes.read(recipeEntry == null ? null : recipeEntry.get("recipe"), noise.data(), (int) shape.size(),
              pipeline.finalSampler().sigmas()[0], file.toString()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage()); // names the file
        }
        conditions.add(output.condition());
      }
      float[] sample;
      if (recipes.size() == 1) {
        Condition c = conditions.get(0);
        sample = Replay.render(pipeline.denoiser(), pipeline.finalSampler(), recipes.get(0),
            Conditioning.repeat(c, pipeline.denoiser().encode(List.of(c)), 1), manager);
      } else {
        sample = Replay.renderTogether(pipeline.denoiser(), pipeline.finalSampler(), recipes, conditions, manager)
            .get(together.indexOf(outputId));
      }
      return Png.encode(sample, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2));
    }
  }

  private static Path noiseOf(Path runDir, String outputId) {
    return runDir.resolve("noises").resolve(outputId + ".npy");
  }

  /**
   * Adds {@code "prompt": {id, text, metadata}} to a run file's entry when the condition has a prompt
   * (class and unconditional runs stay as they were); metadata only where there is some.
   */
  static ObjectNode putPrompt(ObjectNode node, Condition condition) {
    if (condition.hasPrompt()) {
      Condition.Prompt prompt = condition.prompt();
      ObjectNode p = node.putObject("prompt").put("id", prompt.id()).put("text", prompt.text());
      if (!prompt.metadata().isEmpty()) {
        ObjectNode meta = p.putObject("metadata");
        prompt.metadata().forEach(meta::put);
      }
    }
    return node;
  }

  private record Loaded(PipelineSpec spec, Path baseDir) {}

  /** A finished output's entry in summary.json (with its recipe), or null when the run has none for it. */
  private static JsonNode summaryEntry(Path runDir, String outputId) {
    Path summary = runDir.resolve(RunStore.SUMMARY);
    if (!Files.isRegularFile(summary)) {
      return null;
    }
    ObjectNode root;
    try {
      root = RunStore.readObject(summary);
    } catch (IOException e) {
      throw new ConfigException(summary.toString(), RunStore.problem(e));
    }
    for (JsonNode o : root.path("outputs")) {
      if (outputId.equals(o.path("id").asText()) && o.has("recipe")) {
        return o;
      }
    }
    return null;
  }

  private static Loaded load(ObjectNode runJson, Function<String, String> env, Path runDir) {
    if (!runJson.has("config") || !runJson.get("config").isObject()) {
      throw new ConfigException(runDir.resolve(RunStore.RUN_JSON).toString(), "has no 'config' object");
    }
    Path baseDir = Path.of(runJson.path("base-dir").asText("."));
    ConfigLoader.requireNoRedactedSecrets((ObjectNode) runJson.get("config"), runDir.resolve(RunStore.RUN_JSON).toString());
    ObjectNode tree = ConfigLoader.substituteEnv((ObjectNode) runJson.get("config"), env);
    return new Loaded(PipelineSpec.from(tree, baseDir), baseDir);
  }

  static ObjectNode runJson(ObjectNode tree, ObjectNode redacted, Path baseDir, PipelineSpec spec,
      Pipeline pipeline, PluginRuntime runtime) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("diffsearch-version", version());
    root.put("plugin-api-version", PluginRuntime.API_VERSION);
    root.put("created", java.time.Instant.now().toString());
    root.put("seed", spec.seed());
    root.put("base-dir", baseDir.toString());
    root.put("noise-convention", "x(sigma_max) = sigma_max * noise; noise is unit Gaussian, shape (C, H, W)");
    ObjectNode versions = root.putObject("versions");
    versions.put("java", System.getProperty("java.version"));
    versions.put("djl", Engine.getDjlVersion());
    versions.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    // a score's last bits depend on them: run --resume continues with the same
    EngineSetup.intraOpThreads().ifPresent(n -> root.put("engine-threads", n));
    ArrayNode plugins = root.putArray("plugins");
    for (Origin o : runtime.plugins()) {
      plugins.addObject().put("id", o.pluginId()).put("version", o.pluginVersion());
    }
    ObjectNode extensions = root.putObject("extensions");
    for (Map.Entry<String, String> e : pipeline.origins().entrySet()) {
      extensions.put(e.getKey(), e.getValue());
    }
    root.put("oracle-verifier", pipeline.verifier().oracle());
    ObjectNode budget = root.putObject("budget");
    budget.put("search-nfe-per-output", spec.nfe());
    budget.put("planned-search-nfe-per-output", pipeline.plan().plannedNfe());
    if (!pipeline.plan().derivedSizes().isEmpty()) {
      ObjectNode derived = budget.putObject("derived"); // sizes the config left out, derived from the budget
      pipeline.plan().derivedSizes().forEach(derived::put);
    }
    budget.put("final-nfe-per-output", pipeline.finalSampler().nfe(pipeline.finalSampler().sigmas()));
    budget.put("max-batch", spec.maxBatch());
    if (spec.outputsInFlight() > 1) { // it decides which rows share a batch, and so the last bits of results
      budget.put("outputs-in-flight", spec.outputsInFlight());
    }
    long macs = pipeline.denoiser().macsPerPass() * pipeline.denoiser().passesPerEvaluation();
    if (macs > 0) {
      budget.put("macs-per-nfe", macs); // what compares models of different sizes at equal compute
    }
    ArrayNode outs = root.putArray("outputs");
    for (Pipeline.Output o : pipeline.outputs()) {
      putPrompt(outs.addObject().put("id", o.id()).put("class", o.classLabel()), o.condition());
    }
    root.set("config", tree); // as written, with --set applied and ${VAR} kept: what --resume re-reads
    root.set("resolved", redacted);
    return root;
  }

  /** The project version from the jar manifest, or "dev". */
  public static String version() {
    String v = Runs.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}

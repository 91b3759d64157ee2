package dev.diffsearch.core.run;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Extension;
import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SamplerFactory;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import dev.diffsearch.core.config.ExtensionBlock;
import dev.diffsearch.core.config.PipelineSpec;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.search.ScoringDecorator;
import dev.diffsearch.core.search.SearchPlanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline wired from its spec: every named extension looked up in the registry, its block bound to
 * its config record, and created. Everything is checked before any compute is spent.
 *
 * @param plan the search's plan against its budget: for run.json, the planned NFE and the sizes the algorithm
 *     derived from the budget
 * @param origins for run.json: YAML block → "name (origin)"
 */
public record Pipeline(
    PipelineSpec spec,
    Denoiser denoiser,
    Sampler searchSampler,
    Sampler finalSampler,
    Verifier verifier,
    String verifierName,
    SearchAlgorithm algorithm,
    SearchPlanner plan,
    List<Output> outputs,
    Map<String, String> origins) {

  /** The most outputs (classes × samples per class, or prompts × samples per prompt) of one run. */
  public static final int MAX_OUTPUTS = 1_000_000;

  /** One output of a run: a condition and its sample index. */
  public record Output(int index, String id, Condition condition) {

    /** The output's class label, {@link Denoiser#UNCONDITIONAL} for none. */
    public int classLabel() {
      return condition.classLabel();
    }
  }

  /** This pipeline for some of its outputs (each keeps its index, id and noise stream): one part of a split run. */
  public Pipeline withOutputs(List<Output> some) {
    return new Pipeline(spec, denoiser, searchSampler, finalSampler, verifier, verifierName, algorithm, plan,
        List.copyOf(some), origins);
  }

  /** Wires {@code spec}; native model resources go to {@code manager}. */
  public static Pipeline build(PipelineSpec spec, ExtensionRegistry registry, NDManager manager, Path baseDir) {
    return build(spec, registry, manager, baseDir, null);
  }

  /**
   * Wires {@code spec}; native model resources go to {@code manager}, or the model comes from {@code workbench}
   * (opened there once and shared) when it is not null.
   */
  public static Pipeline build(PipelineSpec spec, ExtensionRegistry registry, NDManager manager, Path baseDir,
      Workbench workbench) {
    Map<String, String> origins = new LinkedHashMap<>();
    ModelContext context = new ModelContext(manager, baseDir);

    ModelBackend<Object> backend = lookup(registry, ExtensionKind.MODEL, ModelBackend.class, spec.model(), origins);
    Object modelConfig = spec.model().bind(backend.configType());
    SamplerFactory<Object> searchFactory =
        lookup(registry, ExtensionKind.SAMPLER, SamplerFactory.class, spec.searchSampler(), origins);
    Sampler searchSampler = searchFactory.create(spec.searchSampler().bind(searchFactory.configType()));
    Sampler finalSampler = searchSampler;
    if (spec.finalSampler() != null) {
      SamplerFactory<Object> finalFactory =
          lookup(registry, ExtensionKind.SAMPLER, SamplerFactory.class, spec.finalSampler(), origins);
      finalSampler = finalFactory.create(spec.finalSampler().bind(finalFactory.configType()));
    }
    VerifierFactory<Object> verifierFactory =
        lookup(registry, ExtensionKind.VERIFIER, VerifierFactory.class, spec.verifier(), origins);
    Object verifierConfig = spec.verifier().bind(verifierFactory.configType());
    SearchAlgorithmFactory<Object> algorithmFactory =
        lookup(registry, ExtensionKind.ALGORITHM, SearchAlgorithmFactory.class, spec.algorithm(), origins);
    SearchAlgorithm algorithm = algorithmFactory.create(spec.algorithm().bind(algorithmFactory.configType()));

    Verifier verifier = guard(
        create(origins, spec.verifier(), () -> verifierFactory.create(verifierConfig, context)),
        "verifier " + origins.get(spec.verifier().path()));
    if (spec.outputsInFlight() > 1 && verifier.scope() == Verifier.Scope.RUN) {
      throw new ConfigException("search.outputs-in-flight", "verifier '" + spec.verifier().name()
          + "' scores each output against the outputs before it, so it needs them one at a time (1), got "
          + spec.outputsInFlight());
    }
    SearchPlanner plan = plan(algorithm, spec, searchSampler, verifier, origins); // before the model loads
    Denoiser model = create(origins, spec.model(), () -> workbench == null ? backend.open(modelConfig, context)
        : workbench.model(spec.model(), backend, modelConfig, baseDir));
    if (!spec.prompts().isEmpty() && !model.readsPrompts()) {
      throw new ConfigException("conditions",
          "prompts need a model that reads them; model '" + spec.model().name() + "' does not read prompts" + (model.numClasses() > 0
              ? " (it is conditioned on " + model.numClasses() + " classes: set conditions.classes)" : ""));
    }
    List<Output> outputs = spec.prompts().isEmpty() ? outputs(spec, model) : promptOutputs(spec);
    Verifier.Needs needs = verifier.needs();
    if (needs.needsClass() && outputs.stream().anyMatch(o -> !o.condition().hasClass())) {
      throw new ConfigException(
          "verifier.name", "verifier '" + spec.verifier().name() + "' needs a class: set conditions.classes");
    }
    if (needs.needsPrompt() && outputs.stream().anyMatch(o -> !o.condition().hasPrompt())) {
      throw new ConfigException("verifier.name", "verifier '" + spec.verifier().name()
          + "' needs a prompt: set conditions.prompts or conditions.prompts-file");
    }
    if (needs.needsSome() && outputs.stream().anyMatch(o -> o.condition().isUnconditional())) {
      throw new ConfigException("verifier.name", "verifier '" + spec.verifier().name()
          + "' needs a class or a prompt: set conditions.classes, conditions.prompts or conditions.prompts-file");
    }
    if (spec.guidance() != 1.0 && model.numClasses() == 0 && spec.prompts().isEmpty()) {
      throw new ConfigException("model.guidance", "guidance needs a class-conditional model or prompts");
    }
    Denoiser guided = GuidedDenoiser.wrap(model, spec.guidance());
    plan.checkMemory(guided.sampleShape(), spec.outputsInFlight());
    return new Pipeline(
        spec, guided, searchSampler, finalSampler, verifier, spec.verifier().name(), algorithm, plan, outputs, origins);
  }

  /**
   * The algorithm's planned NFE, asked for once, against the budget (the sampler's grid with the
   * verifier's taps is all it needs, no model): settings the budget does not pay for are refused before
   * the model loads and the run directory is made. What it declares it holds at once is checked once the
   * model's sample shape is known.
   */
  private static SearchPlanner plan(SearchAlgorithm algorithm, PipelineSpec spec, Sampler sampler, Verifier verifier,
      Map<String, String> origins) {
    SearchPlanner plan = new SearchPlanner(sampler, verifier.tapSigmas(), spec.nfe(), spec.maxBatch());
    try {
      plan.plan(spec.algorithm().name(), algorithm);
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      String path = spec.algorithm().path();
      throw new ConfigException(path, origins.get(path) + " failed to plan its NFE: " + describe(e));
    }
    return plan;
  }

  private static List<Output> outputs(PipelineSpec spec, Denoiser model) {
    List<Integer> classes = new ArrayList<>(spec.classes());
    if (spec.allClasses()) {
      if (model.numClasses() == 0) {
        throw new ConfigException("conditions.classes", "'all' needs a class-conditional model; '" + spec.model().name() + "' is unconditional");
      }
      for (int c = 0; c < model.numClasses(); c++) {
        classes.add(c);
      }
    }
    for (int i = 0; i < classes.size(); i++) {
      if (classes.get(i) >= model.numClasses()) {
        throw new ConfigException(
            "conditions.classes[" + i + "]",
            "class " + classes.get(i) + " is out of range: model '" + spec.model().name() + "' has " + model.numClasses() + " classes");
      }
    }
    if (classes.isEmpty()) {
      classes.add(Denoiser.UNCONDITIONAL);
    }
    long total = (long) classes.size() * spec.samplesPerClass();
    if (total > MAX_OUTPUTS) { // every output is listed up front
      throw new ConfigException("conditions", classes.size() + " classes × " + spec.samplesPerClass()
          + " samples per class = " + total + " outputs, more than the " + MAX_OUTPUTS + " a run may have");
    }
    List<Output> outputs = new ArrayList<>();
    for (int c : classes) {
      for (int k = 0; k < spec.samplesPerClass(); k++) {
        String label = c == Denoiser.UNCONDITIONAL ? "uncond" : String.format("class%02d", c);
        int index = outputs.size();
        outputs.add(new Output(index, String.format("o%04d-%s-s%03d", index, label, k), Condition.ofClass(c)));
      }
    }
    return outputs;
  }

  /** Each prompt's samples in order, {@code o0003-p0001-s001}: output, prompt and sample index. */
  private static List<Output> promptOutputs(PipelineSpec spec) {
    List<Condition.Prompt> prompts = spec.prompts();
    long total = (long) prompts.size() * spec.samplesPerClass();
    if (total > MAX_OUTPUTS) { // every output is listed up front
      throw new ConfigException("conditions", prompts.size() + " prompts × " + spec.samplesPerClass()
          + " samples per prompt = " + total + " outputs, more than the " + MAX_OUTPUTS + " a run may have");
    }
    List<Output> outputs = new ArrayList<>();
    for (int p = 0; p < prompts.size(); p++) {
      Condition condition = Condition.ofPrompt(prompts.get(p));
      for (int k = 0; k < spec.samplesPerClass(); k++) {
        int index = outputs.size();
        outputs.add(new Output(index, String.format("o%04d-p%04d-s%03d", index, p, k), condition));
      }
    }
    return outputs;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends Extension> T lookup(
      ExtensionRegistry registry, ExtensionKind kind, Class type, ExtensionBlock block, Map<String, String> origins) {
    T ext = (T) registry.get(kind, type, block.name(), block.path() + ".name");
    origins.put(block.path(), block.name() + " (" + registry.find(kind, block.name()).origin() + ")");
    return ext;
  }

  private static <T> T create(Map<String, String> origins, ExtensionBlock block, java.util.function.Supplier<T> factory) {
    try {
      return factory.get();
    } catch (ConfigException e) {
      // an extension names keys of its own block; paths that already start at the root stay as they are
      boolean rooted = e.path() != null && (e.path().equals(block.path()) || e.path().startsWith(block.path() + ".")
          || e.path().startsWith(block.path() + "["));
      throw rooted || e.path() == null ? e : e.under(block.path());
    } catch (RuntimeException e) {
      throw new ConfigException(block.path(), origins.get(block.path()) + " failed to start: " + describe(e));
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace('\n', ' ');
  }

  /**
   * A verifier whose failures name it, its origin and the candidates it was scoring: an exception, the
   * wrong number of scores, or a score that is not a finite number.
   */
  private static Verifier guard(Verifier verifier, String label) {
    return new ScoringDecorator(verifier) {

      @Override
      public VerifierScores scoreAll(VerifierInput input) {
        VerifierScores scores;
        try {
          scores = verifier.scoreAll(input);
        } catch (ConfigException | ExtensionFailureException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new ExtensionFailureException(label + " failed while scoring " + candidates(input) + ": " + describe(e), e);
        }
        if (scores.total().length != input.size()) {
          throw new ExtensionFailureException(label + " returned " + scores.total().length + " scores for "
              + candidates(input), null);
        }
        String nonFinite = VerifierScores.nonFinite(scores.total(), input.ids());
        if (nonFinite != null) { // it would rank meaninglessly (NaN never wins, +∞ always does): stop, as a throw does
          throw new ExtensionFailureException(label + " returned a non-finite score for " + nonFinite
              + "; scores must be finite numbers", null);
        }
        return scores;
      }
    };
  }

  private static String candidates(VerifierInput input) {
    List<String> ids = input.ids();
    return ids.size() == 1 ? "candidate " + ids.get(0)
        : "candidates " + ids.get(0) + ".." + ids.get(ids.size() - 1) + " (" + ids.size() + ")";
  }
}

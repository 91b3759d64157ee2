package dev.diffsearch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.api.spi.Condition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The engine's reading of a pipeline YAML: its own values checked, extension blocks kept for binding
 * once the registry is known. The shape:
 *
 * <pre>
 * seed: 42
 * plugins: {dir: plugins}                       # optional
 * model: {name: gaussian-mixture, guidance: 1.0, ...backend options}
 * sampler:
 *   search: {name: heun, steps: 10}
 *   final: {name: heun, steps: 18}              # optional: regenerate the winner with this one
 * verifier: {name: mixture-posterior, ...}
 * search: {name: random, nfe: 200, max-batch: 64, outputs-in-flight: 1, ...algorithm options}
 * conditions: {classes: [0, 1, 2], samples-per-class: 2}   # or classes: all; omit for unconditional
 * # or conditions: {prompts: ["a red fox", {id: fox2, prompt: "a fox", category: animals}], samples-per-prompt: 2}
 * # or conditions: {prompts-file: prompts.jsonl}         # plain lines, or JSON objects {id, prompt, ...}
 * output: {dir: runs, name: quickstart}
 * </pre>
 */
public record PipelineSpec(
    long seed,
    Path pluginsDir,
    ExtensionBlock model,
    double guidance,
    ExtensionBlock searchSampler,
    ExtensionBlock finalSampler,
    ExtensionBlock verifier,
    ExtensionBlock algorithm,
    long nfe,
    int maxBatch,
    int outputsInFlight,
    List<Integer> classes,
    boolean allClasses,
    int samplesPerClass,
    Path outputDir,
    String runName,
    List<Condition.Prompt> prompts) {

  public static final int DEFAULT_MAX_BATCH = 64;

  /** The most outputs a run may search at once ({@code search.outputs-in-flight}). */
  public static final int MAX_OUTPUTS_IN_FLIGHT = 1024;

  /**
   * The largest budget per output, 2³¹ − 1 NFE: weeks of compute even for the cheapest model, and what
   * keeps candidate counts and ids within an {@code int}.
   */
  public static final long MAX_NFE = Integer.MAX_VALUE;

  /** The largest classifier-free guidance weight (w = 1 is the conditional model; common values are 1–10). */
  public static final double MAX_GUIDANCE = GuidedDenoiser.MAX_GUIDANCE;

  /** Samples per prompt of a prompt run: the same count as {@link #samplesPerClass} of a class run. */
  public int samplesPerPrompt() {
    return samplesPerClass;
  }

  /** Reads the engine's values of {@code root}; relative paths resolve against {@code baseDir}. */
  public static PipelineSpec from(ObjectNode root, Path baseDir) {
    allowOnly(root, "", Set.of("seed", "plugins", "model", "sampler", "verifier", "search", "conditions", "output"));
    long seed = integer(root, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    Path pluginsDir = null;
    JsonNode plugins = root.get("plugins");
    if (plugins != null) {
      ObjectNode p = object(plugins, "plugins");
      allowOnly(p, "plugins", Set.of("dir"));
      if (p.has("dir")) {
        pluginsDir = baseDir.resolve(text(p, "plugins.dir"));
      }
    }
    ObjectNode modelNode = object(required(root, "model"), "model");
    double guidance = number(modelNode, "model.guidance", 1.0);
    if (!(guidance >= 0 && guidance <= MAX_GUIDANCE)) {
      throw new ConfigException("model.guidance", "must be between 0 and " + (int) MAX_GUIDANCE + ", got " + guidance);
    }
    ExtensionBlock model = block(modelNode, "model", Set.of("guidance"));

    ObjectNode samplerNode = object(required(root, "sampler"), "sampler");
    allowOnly(samplerNode, "sampler", Set.of("search", "final"));
    ExtensionBlock searchSampler = block(object(required(samplerNode, "search", "sampler"), "sampler.search"), "sampler.search", Set.of());
    ExtensionBlock finalSampler =
        samplerNode.has("final")
            ? block(object(samplerNode.get("final"), "sampler.final"), "sampler.final", Set.of())
            : null;

    ExtensionBlock verifier = block(object(required(root, "verifier"), "verifier"), "verifier", Set.of());

    ObjectNode searchNode = object(required(root, "search"), "search");
    if (!searchNode.has("nfe")) {
      throw new ConfigException("search.nfe", "missing: the NFE budget per output is required");
    }
    long nfe = integer(searchNode, "search.nfe", -1, Long.MIN_VALUE, MAX_NFE);
    if (nfe <= 0) {
      throw new ConfigException("search.nfe", "must be a positive integer, got " + nfe);
    }
    long maxBatch = integer(searchNode, "search.max-batch", DEFAULT_MAX_BATCH, Long.MIN_VALUE, Long.MAX_VALUE);
    if (maxBatch <= 0 || maxBatch > 1 << 16) {
      throw new ConfigException("search.max-batch", "must be between 1 and 65536, got " + maxBatch);
    }
    long inFlight = integer(searchNode, "search.outputs-in-flight", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    if (inFlight <= 0 || inFlight > MAX_OUTPUTS_IN_FLIGHT) {
      throw new ConfigException("search.outputs-in-flight",
          "must be between 1 and " + MAX_OUTPUTS_IN_FLIGHT + ", got " + inFlight);
    }
    ExtensionBlock algorithm = block(searchNode, "search", Set.of("nfe", "max-batch", "outputs-in-flight"));

    List<Integer> classes = new ArrayList<>();
    boolean all = false;
    int perClass = 1;
    List<Condition.Prompt> prompts = List.of();
    JsonNode cond = root.get("conditions");
    if (cond != null) {
      ObjectNode c = object(cond, "conditions");
      allowOnly(c, "conditions", Set.of("classes", "samples-per-class", "prompts", "prompts-file", "samples-per-prompt"));
      if (c.has("prompts") && c.has("prompts-file")) {
        throw new ConfigException("conditions.prompts-file", "set prompts or prompts-file, not both");
      }
      boolean promptRun = c.has("prompts") || c.has("prompts-file");
      if (promptRun && c.has("classes")) {
        throw new ConfigException("conditions.classes",
            "set classes or prompts" + (c.has("prompts") ? "" : "-file") + ", not both");
      }
      String countKey = promptRun ? "samples-per-prompt" : "samples-per-class";
      String wrongKey = promptRun ? "samples-per-class" : "samples-per-prompt";
      if (c.has(wrongKey)) {
        throw new ConfigException("conditions." + wrongKey, promptRun
            ? "a prompt run counts samples-per-prompt" : "samples-per-prompt needs prompts or prompts-file");
      }
      if (c.has("prompts")) {
        prompts = Prompts.fromList(c.get("prompts"));
      } else if (c.has("prompts-file")) {
        prompts = Prompts.fromFile(baseDir.resolve(text(c, "conditions.prompts-file")));
      }
      JsonNode cls = c.get("classes");
      if (cls != null) {
        if (cls.isTextual() && cls.asText().equals("all")) {
          all = true;
        } else if (cls.isArray()) {
          for (int i = 0; i < cls.size(); i++) {
            JsonNode v = cls.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
              throw new ConfigException("conditions.classes[" + i + "]", "expected a class index ≥ 0, got " + v);
            }
            classes.add(v.asInt());
          }
        } else if (cls.isIntegralNumber() && cls.canConvertToInt() && cls.asInt() >= 0) {
          classes.add(cls.asInt());
        } else {
          throw new ConfigException("conditions.classes", "expected a list of class indices or 'all', got " + cls);
        }
      }
      long n = integer(c, "conditions." + countKey, 1, Long.MIN_VALUE, Long.MAX_VALUE);
      if (n <= 0 || n > 1_000_000) {
        throw new ConfigException("conditions." + countKey, "must be between 1 and 1000000, got " + n);
      }
      perClass = (int) n;
    }

    Path outDir = baseDir.resolve("runs");
    String runName = null;
    JsonNode out = root.get("output");
    if (out != null) {
      ObjectNode o = object(out, "output");
      allowOnly(o, "output", Set.of("dir", "name"));
      if (o.has("dir")) {
        outDir = baseDir.resolve(text(o, "output.dir"));
      }
      if (o.has("name")) {
        runName = text(o, "output.name");
      }
    }
    return new PipelineSpec(
        seed, pluginsDir, model, guidance, searchSampler, finalSampler, verifier, algorithm, nfe,
        (int) maxBatch, (int) inFlight, List.copyOf(classes), all, perClass, outDir, runName, prompts);
  }

  private static ExtensionBlock block(ObjectNode node, String path, Set<String> engineKeys) {
    JsonNode name = node.get("name");
    if (name == null) {
      throw new ConfigException(path + ".name", "missing: name the extension to use");
    }
    if (!name.isTextual()) {
      throw new ConfigException(path + ".name", "expected a string, got " + name);
    }
    ObjectNode options = node.deepCopy();
    options.remove("name");
    options.remove(engineKeys);
    return new ExtensionBlock(name.asText(), options, path);
  }

  private static void allowOnly(ObjectNode node, String path, Set<String> keys) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!keys.contains(key)) {
        throw new ConfigException(
            path.isEmpty() ? key : path + "." + key,
            "unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
      }
    }
  }

  private static JsonNode required(ObjectNode node, String key) {
    return required(node, key, "");
  }

  private static JsonNode required(ObjectNode node, String key, String parent) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new ConfigException(parent.isEmpty() ? key : parent + "." + key, "missing");
    }
    return v;
  }

  private static ObjectNode object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new ConfigException(path, "expected a mapping, got " + node.getNodeType().toString().toLowerCase());
    }
    return (ObjectNode) node;
  }

  /** The integer at {@code path}, at most {@code max} (and at least {@code min}, which is also what a long holds). */
  private static long integer(ObjectNode node, String path, long dflt, long min, long max) {
    JsonNode v = node.get(last(path));
    if (v == null) {
      return dflt;
    }
    if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())
        && v.decimalValue().stripTrailingZeros().scale() <= 0) {
      // 1e18, 2.0: a whole number written as a float; range-check it like one
      v = com.fasterxml.jackson.databind.node.BigIntegerNode.valueOf(v.decimalValue().toBigIntegerExact());
    }
    if (!v.isIntegralNumber()) {
      throw new ConfigException(path, "wrong type: expected a whole number, got " + v);
    }
    java.math.BigInteger value = v.bigIntegerValue();
    if (value.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw new ConfigException(path, "must be at most " + max + ", got " + value);
    }
    if (value.compareTo(java.math.BigInteger.valueOf(min)) < 0) {
      throw new ConfigException(path, "must be at least " + min + ", got " + value);
    }
    return v.asLong();
  }

  private static double number(ObjectNode node, String path, double dflt) {
    JsonNode v = node.get(last(path));
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new ConfigException(path, "wrong type: expected a number, got " + v);
    }
    if (!Double.isFinite(v.asDouble())) {
      throw new ConfigException(path, "must be finite, got " + v.asText());
    }
    return v.asDouble();
  }

  private static String text(ObjectNode node, String path) {
    JsonNode v = node.get(last(path));
    if (v == null || !v.isTextual()) {
      throw new ConfigException(path, "wrong type: expected a string, got " + v);
    }
    return v.asText();
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}

package dev.diffsearch.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.run.SharedPath;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file, read and checked: a base pipeline, overrides for every condition ({@code set}) and axes, each a
 * config path with the values it takes; every combination of the axes' values is one condition.
 *
 * <pre>
 * pipeline: ../examples/quickstart.yaml   # relative to this file
 * set: {conditions.samples-per-class: 10} # every condition
 * axes:                                   # the first axis varies slowest
 *   search.nfe: [19, 76, 304]
 *   verifier: [{name: class-logit}, {name: self-supervised}]   # a mapping replaces the whole block
 *   seed: [0, 1, 2]
 *   # or an axis of bundles: each value sets several paths together, its other keys label it in results.csv
 *   # point: [{line: search, set: {search.nfe: 38}}, {line: steps, set: {sampler.search.steps: 20, search.nfe: 39}}]
 * out: ../runs/my-sweep                   # the sweep directory (default: runs/FILE-NAME under the working directory)
 *                                         # or a Hadoop path (hdfs://..., s3a://...), with --spark
 * evaluate: true                          # the model's evaluator on every finished condition
 * parallel: 1                             # conditions at once
 * threads: 0                              # the engine's intra-op threads (0: its default)
 * </pre>
 *
 * @param file the sweep file
 * @param pipeline the base pipeline file
 * @param set {@code path=value} overrides of every condition, in the file's order
 * @param axes each axis' config path and values, in the file's order
 * @param out the sweep directory; with {@code shared}, its local mirror ({@link SharedPath#mirror})
 * @param shared the sweep directory when it is a Hadoop path ({@code hdfs://...}, {@code s3a://...}), or null
 */
public record SweepSpec(Path file, Path pipeline, List<String> set, Map<String, List<JsonNode>> axes, Path out,
    URI shared, boolean evaluate, int parallel, int threads) {

  private static final List<String> KEYS = List.of("pipeline", "set", "axes", "out", "evaluate", "parallel", "threads");
  /** Keys a sweep sets for itself: each condition's run directory. */
  private static final Set<String> RESERVED = Set.of("output", "output.dir", "output.name");

  /** Reads {@code file}; every mistake is a {@link ConfigException} naming the file and the key. */
  public static SweepSpec read(Path file) {
    ObjectNode root = ConfigLoader.read(file, List.of());
    String where = file.toString();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ConfigException(where + ": " + key, "unknown key (a sweep file has: " + String.join(", ", KEYS) + ")");
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    JsonNode p = root.get("pipeline");
    if (p == null || !p.isTextual() || p.asText().isBlank()) {
      throw new ConfigException(where + ": pipeline", "missing: the base pipeline's file, relative to the sweep file");
    }
    Path pipeline = dir.resolve(p.asText()).normalize();
    if (!Files.isRegularFile(pipeline)) {
      throw new ConfigException(where + ": pipeline", "no such file: " + pipeline);
    }
    List<String> set = new ArrayList<>();
    JsonNode s = root.get("set");
    if (s != null && !s.isNull()) {
      if (!s.isObject()) {
        throw new ConfigException(where + ": set", "must be a mapping of config path to value");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        checkPath(where + ": set." + e.getKey(), e.getKey());
        set.add(e.getKey() + "=" + e.getValue().toString());
      }
    }
    JsonNode a = root.get("axes");
    if (a == null || !a.isObject() || a.isEmpty()) {
      throw new ConfigException(where + ": axes", "missing: a mapping of config path to the list of values it takes,"
          + " e.g. axes: {search.nfe: [19, 76, 304]}");
    }
    Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = where + ": axes." + e.getKey();
      checkPath(at, e.getKey());
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        throw new ConfigException(at, "must be a non-empty list of values");
      }
      List<JsonNode> values = new ArrayList<>();
      Set<JsonNode> seen = new HashSet<>();
      boolean bundles = Condition.isBundle(e.getValue().get(0));
      for (JsonNode v : e.getValue()) {
        if (!seen.add(v)) {
          throw new ConfigException(at, "value " + v + " is listed twice");
        }
        if (Condition.isBundle(v) != bundles) {
          throw new ConfigException(at, "mixes bundles ({label..., set: {path: value, ...}}) and plain values");
        }
        if (bundles) {
          checkBundle(at + "[" + values.size() + "]", v);
        }
        values.add(v);
      }
      axes.put(e.getKey(), List.copyOf(values));
    }
    for (String key : axes.keySet()) {
      for (String other : axes.keySet()) {
        if (!key.equals(other) && other.startsWith(key + ".")) {
          throw new ConfigException(where + ": axes." + other, "lies inside axis '" + key + "', which replaces it");
        }
      }
    }
    JsonNode o = root.get("out");
    boolean evaluate = bool(root, "evaluate", true, where);
    int parallel = whole(root, "parallel", 1, 1, where);
    int threads = whole(root, "threads", 0, 0, where);
    SweepSpec spec = new SweepSpec(file, pipeline, List.copyOf(set), axes,
        Path.of("runs", file.getFileName().toString().replaceFirst("\\.ya?ml$", "")), null, evaluate, parallel, threads);
    if (o != null && !o.isNull()) {
      String text = o.asText();
      spec = SharedPath.isHadoopPath(text) ? spec.withOut(text, where + ": out") : spec.withOut(dir.resolve(text).normalize());
    }
    return spec;
  }

  /** The same sweep in another directory (the command line's {@code --out}). */
  public SweepSpec withOut(Path dir) {
    return new SweepSpec(file, pipeline, set, axes, dir, null, evaluate, parallel, threads);
  }

  /** The same sweep in {@code out}, a local directory or a Hadoop path; {@code where} names it in an error. */
  public SweepSpec withOut(String out, String where) {
    SharedPath path = SharedPath.parse(out, where);
    return path == null ? withOut(Path.of(out))
        : new SweepSpec(file, pipeline, set, axes, path.mirror(), path.uri(), evaluate, parallel, threads);
  }

  /** The same sweep with {@code n} conditions at once and {@code t} intra-op threads. */
  public SweepSpec withConcurrency(int n, int t) {
    return new SweepSpec(file, pipeline, set, axes, out, shared, evaluate, n, t);
  }

  /** A bundle: {@code set} a non-empty mapping of config paths, every other key a scalar label. */
  private static void checkBundle(String at, JsonNode v) {
    JsonNode set = v.get("set");
    if (!set.isObject() || set.isEmpty()) {
      throw new ConfigException(at + ".set", "must be a mapping of config path to value");
    }
    set.fieldNames().forEachRemaining(path -> checkPath(at + ".set." + path, path));
    v.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("set") && !e.getValue().isValueNode()) {
        throw new ConfigException(at + "." + e.getKey(), "a bundle's label must be a number or a word, got " + e.getValue());
      }
    });
  }

  private static void checkPath(String at, String path) {
    for (String key : path.split("\\.", -1)) {
      if (key.isBlank()) {
        throw new ConfigException(at, "malformed config path '" + path + "': every dot-separated key must be non-empty");
      }
    }
    if (RESERVED.contains(path)) {
      throw new ConfigException(at, "the sweep names each condition's run directory itself (SWEEP_DIR/CONDITION)");
    }
  }

  private static boolean bool(ObjectNode root, String key, boolean fallback, String where) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(where + ": " + key, "must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static int whole(ObjectNode root, String key, int fallback, int min, String where) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > 256) {
      throw new ConfigException(where + ": " + key, "must be a whole number from " + min + " to 256, got " + v);
    }
    return v.asInt();
  }
}

package dev.diffsearch.core.run;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * What of a run directory {@code run --resume} keeps. A finished output (one in summary.json) is kept
 * only when its work is all there: as many whole candidate lines as summary.json counts, ids increasing,
 * NFE within its search NFE, its best candidate among them with the score summary.json gives it, its image
 * readable at the model's size and
 * its noise readable and fitting its recipe. Any other finished output is recomputed from the seed, with
 * one {@code resume: ...} line saying why; the lines of the output a kill cut short are dropped silently,
 * as before. Files that belong to another run — a run.json whose config no longer makes what it
 * records, outputs or lines that run.json does not have — are refused ({@link ConfigException}) before
 * anything is written or said.
 */
final class ResumeAudit {

  /**
   * What a resumed run starts from.
   *
   * @param order every output id of the run, in run order
   * @param outputs the summary entries of the finished outputs that are kept
   * @param lines their candidate lines, as written, in order
   * @param wallSeconds wall time of the earlier attempts
   */
  record Kept(List<String> order, Map<String, ObjectNode> outputs, Map<String, List<String>> lines,
      double wallSeconds) {}

  private static final ObjectReader LINE =
      new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern OUTPUT_FIELD = Pattern.compile("\"output\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern CANDIDATE_ID = Pattern.compile("c(\\d{1,18})");

  /** One whole line of candidates.jsonl. */
  private record Line(int number, String text, String id, long nfe, int classLabel, JsonNode score) {}

  /** The lines candidates.jsonl holds for one output: whole ones, and damaged ones that name it. */
  private static final class Trace {
    final List<Line> whole = new ArrayList<>();
    int damaged;

    int size() {
      return whole.size() + damaged;
    }
  }

  /** summary.json as read: entries by output id, or why there are none. */
  private record Summary(Map<String, List<ObjectNode>> entries, boolean missing, String damage, double wallSeconds) {}

  private final Path dir;
  private final Pipeline pipeline;
  private final Map<String, Pipeline.Output> outputs = new LinkedHashMap<>();
  private final Map<String, Trace> traces = new HashMap<>();
  /** Damaged lines that name no output of the run (the last line, cut short by a kill, aside). */
  private final List<Integer> strayLines = new ArrayList<>();
  private final List<String> said = new ArrayList<>();

  private ResumeAudit(Path dir, Pipeline pipeline) {
    this.dir = dir;
    this.pipeline = pipeline;
    for (Pipeline.Output o : pipeline.outputs()) {
      outputs.put(o.id(), o);
    }
  }

  /** Audits {@code dir}; {@code notes} gets one line per thing recomputed or dropped (nothing on refusal). */
  static Kept audit(Path dir, ObjectNode runJson, Pipeline pipeline, Consumer<String> notes) throws IOException {
    ResumeAudit audit = new ResumeAudit(dir, pipeline);
    Kept kept = audit.run(runJson);
    audit.said.forEach(notes);
    return kept;
  }

  private Kept run(ObjectNode runJson) throws IOException {
    checkRunJson(runJson);
    Summary summary = readSummary();
    readCandidates();
    if (summary.damage() != null) {
      said.add("resume: summary.json is damaged (" + summary.damage() + "); recomputing every output");
    } else if (summary.missing()) {
      long left = outputs.keySet().stream().filter(id -> trace(id).size() > 0 || hasFiles(id)).count();
      if (left > 1) {
        said.add("resume: summary.json is missing but " + left + " outputs left candidate lines or files; recomputing them");
      }
    }
    String cutShort = outputs.keySet().stream().filter(id -> !summary.entries().containsKey(id)).findFirst().orElse(null);
    Map<String, ObjectNode> kept = new LinkedHashMap<>();
    Map<String, List<String>> lines = new LinkedHashMap<>();
    for (Pipeline.Output output : pipeline.outputs()) {
      String id = output.id();
      List<ObjectNode> entries = summary.entries().get(id);
      Trace trace = trace(id);
      if (entries == null) {
        boolean expected = summary.missing() || summary.damage() != null || id.equals(cutShort);
        if (!expected && trace.size() > 0) {
          said.add("resume: output " + id + ": " + trace.size()
              + " candidate lines in candidates.jsonl but no entry in summary.json; recomputing it");
        }
        continue;
      }
      String why = entries.size() > 1 ? "summary.json lists it " + entries.size() + " times" : check(output, entries.get(0), trace);
      if (why != null) {
        said.add("resume: output " + id + ": " + why + "; recomputing it");
        continue;
      }
      kept.put(id, entries.get(0));
      lines.put(id, trace.whole.stream().map(Line::text).toList());
    }
    if (!strayLines.isEmpty()) {
      said.add("resume: candidates.jsonl " + (strayLines.size() == 1
          ? "line " + strayLines.get(0) + " is damaged and names"
          : strayLines.size() + " lines (first: line " + strayLines.get(0) + ") are damaged and name")
          + " no output of this run; dropped");
    }
    return new Kept(List.copyOf(outputs.keySet()), kept, lines, summary.wallSeconds());
  }

  // ---- run.json: its config must still make the run it records ----

  private void checkRunJson(ObjectNode runJson) {
    JsonNode listed = runJson.get("outputs");
    List<Pipeline.Output> made = pipeline.outputs();
    if (listed == null || !listed.isArray()) {
      throw refuse("has no 'outputs' list");
    }
    if (listed.size() != made.size()) {
      throw refuse("lists " + listed.size() + " outputs but its config makes " + made.size());
    }
    for (int i = 0; i < made.size(); i++) {
      JsonNode o = listed.get(i);
      Pipeline.Output m = made.get(i);
      if (!o.path("id").asText().equals(m.id()) || o.path("class").asInt(Integer.MIN_VALUE) != m.classLabel()) {
        throw refuse("outputs[" + i + "] is '" + o.path("id").asText() + "' but its config makes '" + m.id() + "'");
      }
      String prompt = m.condition().hasPrompt() ? m.condition().prompt().text() : null;
      JsonNode listedPrompt = o.path("prompt").path("text");
      if (prompt == null ? !listedPrompt.isMissingNode() : !prompt.equals(listedPrompt.asText(null))) {
        throw refuse("outputs[" + i + "] '" + m.id() + "' was made for another prompt than its config gives now");
      }
    }
    expect(runJson.get("seed"), "seed", pipeline.spec().seed());
    JsonNode budget = runJson.path("budget");
    expect(budget.get("search-nfe-per-output"), "budget.search-nfe-per-output", pipeline.spec().nfe());
    expect(budget.get("final-nfe-per-output"), "budget.final-nfe-per-output",
        pipeline.finalSampler().nfe(pipeline.finalSampler().sigmas()));
    expect(budget.get("max-batch"), "budget.max-batch", pipeline.spec().maxBatch());
    expect(budget.has("outputs-in-flight") ? budget.get("outputs-in-flight")
            : com.fasterxml.jackson.databind.node.IntNode.valueOf(1),
        "budget.outputs-in-flight", pipeline.spec().outputsInFlight());
    JsonNode extensions = runJson.path("extensions");
    for (Map.Entry<String, String> e : pipeline.origins().entrySet()) {
      String recorded = extensions.path(e.getKey()).asText(null);
      if (recorded != null && !extensionName(recorded).equals(extensionName(e.getValue()))) {
        throw refuse("extensions." + e.getKey() + " is '" + extensionName(recorded) + "' but its config names '"
            + extensionName(e.getValue()) + "'");
      }
    }
  }

  private void expect(JsonNode recorded, String key, long made) {
    if (recorded == null || !recorded.isIntegralNumber()) {
      throw refuse("has no '" + key + "'");
    }
    if (recorded.asLong() != made) {
      throw refuse("'" + key + "' is " + recorded.asLong() + " but its config makes " + made);
    }
  }

  /** "heun (built-in)" → "heun". */
  private static String extensionName(String origin) {
    int cut = origin.indexOf(" (");
    return cut < 0 ? origin : origin.substring(0, cut);
  }

  private ConfigException refuse(String what) {
    return new ConfigException(dir.resolve(RunStore.RUN_JSON).toString(),
        what + "; it no longer matches the run it started, so resume refuses (start a new run instead)");
  }

  // ---- summary.json ----

  private Summary readSummary() {
    Path file = dir.resolve(RunStore.SUMMARY);
    if (!Files.exists(file)) {
      return new Summary(Map.of(), true, null, 0);
    }
    ObjectNode root;
    try {
      root = RunStore.readObject(file);
    } catch (IOException e) {
      return new Summary(Map.of(), false, RunStore.problem(e), 0);
    }
    if (!root.path("outputs").isArray()) {
      return new Summary(Map.of(), false, "no 'outputs' list", 0);
    }
    Map<String, List<ObjectNode>> entries = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode o : root.get("outputs")) {
      if (!o.isObject() || !o.path("id").isTextual()) {
        said.add("resume: summary.json outputs[" + i + "] names no output; ignored");
      } else if (!outputs.containsKey(o.get("id").asText())) {
        throw new ConfigException(file.toString(), "lists output '" + o.get("id").asText()
            + "', which run.json does not have; the directory mixes files of different runs, so resume refuses");
      } else {
        entries.computeIfAbsent(o.get("id").asText(), k -> new ArrayList<>()).add((ObjectNode) o);
      }
      i++;
    }
    return new Summary(entries, false, null, root.path("totals").path("wall-seconds").asDouble(0));
  }

  // ---- candidates.jsonl ----

  private void readCandidates() throws IOException {
    Path file = dir.resolve(RunStore.CANDIDATES);
    if (!Files.isRegularFile(file)) {
      return;
    }
    String[] raw = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String text = raw[i];
      if (text.isBlank()) {
        continue;
      }
      JsonNode node = parse(text);
      String output = node != null && node.path("output").isTextual() ? node.get("output").asText() : null;
      Line line = node == null ? null : whole(i + 1, text, node);
      if (line != null) {
        if (!outputs.containsKey(output)) {
          throw new ConfigException(file.toString(), "line " + (i + 1) + " is for output '" + output
              + "', which run.json does not have; the directory mixes files of different runs, so resume refuses");
        }
        trace(output).whole.add(line);
      } else if (i < raw.length - 1) { // a damaged line; the last one, after the last newline, a kill cut short
        if (output == null) {
          Matcher m = OUTPUT_FIELD.matcher(text);
          output = m.find() ? m.group(1) : null;
        }
        if (output != null && outputs.containsKey(output)) {
          trace(output).damaged++;
        } else {
          strayLines.add(i + 1);
        }
      }
    }
  }

  private static JsonNode parse(String text) {
    try {
      return LINE.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** The line, when it has everything a candidate line has; else null. */
  private static Line whole(int number, String text, JsonNode node) {
    if (!node.isObject() || !node.path("output").isTextual() || !node.path("id").isTextual()
        || !CANDIDATE_ID.matcher(node.get("id").asText()).matches() || !node.path("nfe").isIntegralNumber()
        || !node.path("class").isInt()) {
      return null;
    }
    return new Line(number, text, node.get("id").asText(), node.get("nfe").asLong(), node.get("class").asInt(),
        node.path("score"));
  }

  private Trace trace(String output) {
    return traces.computeIfAbsent(output, k -> new Trace());
  }

  // ---- one finished output ----

  /** Why a finished output cannot be kept, or null when all its work is there. */
  private String check(Pipeline.Output output, ObjectNode entry, Trace trace) throws IOException {
    if (entry.path("class").asInt(Integer.MIN_VALUE) != output.classLabel()) {
      return "summary.json gives class " + entry.path("class") + ", run.json " + output.classLabel();
    }
    for (String key : List.of("candidates", "search-nfe", "final-nfe", "forward-passes")) {
      if (!entry.path(key).isIntegralNumber()) {
        return "summary.json has no '" + key + "' for it";
      }
    }
    if (!entry.path("best-id").isTextual() || !entry.has("best-score")) {
      return "summary.json has no 'best-id' and 'best-score' for it";
    }
    long searchNfe = entry.get("search-nfe").asLong();
    if (searchNfe > pipeline.spec().nfe()) {
      return "summary.json says it spent " + searchNfe + " search NFE, over the run's budget of " + pipeline.spec().nfe();
    }
    String why = checkLines(output, trace, entry.get("candidates").asLong(), searchNfe, entry.get("best-id").asText(),
        entry.get("best-score"));
    if (why == null) {
      why = checkImage(output.id());
    }
    if (why == null) {
      why = checkNoise(output.id(), entry);
    }
    return why;
  }

  private static String checkLines(Pipeline.Output output, Trace trace, long expected, long searchNfe, String bestId,
      JsonNode bestScore) {
    int n = trace.whole.size();
    if (n < expected) {
      return (expected - n) + " of " + expected + " candidate lines missing or damaged in candidates.jsonl";
    }
    if (n > expected || trace.damaged > 0) {
      return "candidates.jsonl holds " + n + " whole" + (trace.damaged > 0 ? " and " + trace.damaged + " damaged" : "")
          + " candidate lines where summary.json counts " + expected;
    }
    Line previous = null;
    boolean best = false;
    for (Line line : trace.whole) {
      String at = "candidates.jsonl line " + line.number();
      if (line.classLabel() != output.classLabel()) {
        return at + " gives class " + line.classLabel() + ", not the output's " + output.classLabel();
      }
      if (previous != null && number(line.id()) <= number(previous.id())) {
        return at + " has candidate " + line.id() + " after " + previous.id() + " (lines repeated or out of order)";
      }
      if (previous != null && line.nfe() < previous.nfe()) {
        return at + " has NFE " + line.nfe() + " after " + previous.nfe() + " (lines out of order)";
      }
      if (line.nfe() > searchNfe) {
        return at + " has NFE " + line.nfe() + ", more than the output's search NFE " + searchNfe + " in summary.json";
      }
      if (line.id().equals(bestId)) {
        if (!sameScore(line.score(), bestScore)) {
          return "its best candidate " + bestId + " scored " + line.score() + " in candidates.jsonl but " + bestScore
              + " in summary.json";
        }
        best = true;
      }
      previous = line;
    }
    return best ? null : "its best candidate " + bestId + " (summary.json) has no line in candidates.jsonl";
  }

  /** Scores are floats; a non-finite one is written as text ("NaN"). */
  private static boolean sameScore(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return Float.compare((float) a.asDouble(), (float) b.asDouble()) == 0;
    }
    return a.isTextual() && b.isTextual() && a.asText().equals(b.asText());
  }

  private static long number(String candidateId) {
    return Long.parseLong(candidateId.substring(1));
  }

  private String checkImage(String id) {
    String name = "images/" + id + ".png";
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return name + " is missing";
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      image = null;
    }
    if (image == null) {
      return name + " is not a readable PNG";
    }
    Shape shape = pipeline.denoiser().sampleShape();
    if (shape.dimension() == 3 && (image.getHeight() != shape.get(1) || image.getWidth() != shape.get(2))) {
      return name + " is " + image.getWidth() + "x" + image.getHeight() + ", not the model's " + shape.get(2) + "x"
          + shape.get(1);
    }
    return null;
  }

  private String checkNoise(String id, ObjectNode entry) throws IOException {
    String name = "noises/" + id + ".npy";
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return name + " is missing";
    }
    JsonNode recipe = entry.get("recipe");
    if (recipe != null && !(recipe.path("sigma-start").isNumber() && recipe.path("segments").isArray())) {
      return "summary.json's recipe for it is damaged";
    }
    try {
      Npy.Array noise = Npy.decode(Files.readAllBytes(file), name);
      Recipes.read(recipe, noise.data(), (int) pipeline.denoiser().sampleShape().size(),
          pipeline.finalSampler().sigmas()[0], name);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }

  private boolean hasFiles(String id) {
    return Files.exists(dir.resolve("images").resolve(id + ".png")) || Files.exists(dir.resolve("noises").resolve(id + ".npy"));
  }
}

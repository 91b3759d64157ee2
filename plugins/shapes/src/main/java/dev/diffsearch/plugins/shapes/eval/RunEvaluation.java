package dev.diffsearch.plugins.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.nets.Metrics;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Realiser;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.verify.AestheticConfig;
import dev.diffsearch.plugins.shapes.verify.AestheticVerifier;
import dev.diffsearch.plugins.shapes.verify.ClipScoreConfig;
import dev.diffsearch.plugins.shapes.verify.ClipScoreVerifier;
import dev.diffsearch.plugins.shapes.verify.PreferenceVerifier;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Evaluates a finished run of prompts from a shapes suite: each kept image is judged against its prompt's
 * spec by parsing the image ({@link Judge}, no network), giving GenEval's per-task accuracy and their mean
 * (overall); besides, the mean score of every shipped verifier (clip-score, aesthetic, preference) and a
 * Fréchet distance, in the dual encoder's image space, between the run's images and real renders of the
 * same prompts. The kept images, in output order, also go into one {@code grid.png} (10 a row).
 */
public final class RunEvaluation {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Images per row of {@code grid.png}. */
  static final int GRID_COLUMNS = 10;

  private RunEvaluation() {}

  /** One judged output. */
  record Judged(String id, Task task, boolean heldOut, Verdict verdict) {}

  /** Writes {@code RUN_DIR/metrics.json} and returns it. */
  public static ObjectNode evaluate(Path runDir, Path encoderWeights, NDManager manager) throws IOException {
    Path summary = runDir.resolve("summary.json");
    if (!Files.isRegularFile(summary)) {
      throw new IOException(runDir + ": not a finished run directory (no summary.json)");
    }
    List<Judged> judged = new ArrayList<>();
    List<float[]> images = new ArrayList<>();
    List<float[]> renders = new ArrayList<>();
    List<Condition> prompts = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(2026);
    for (JsonNode o : JSON.readTree(summary.toFile()).path("outputs")) {
      String id = o.path("id").asText();
      JsonNode meta = o.path("prompt").path("metadata");
      if (!meta.hasNonNull("task") || !meta.hasNonNull("spec")) {
        throw new IOException(summary + ": output " + id + " has no prompt with task and spec metadata"
            + " (run the prompts of a shapes suite, e.g. conditions.prompts-file: a copy of geneval.jsonl)");
      }
      PromptSpec spec;
      try {
        spec = PromptSpec.fromJson(Task.of(meta.get("task").asText()), meta.get("spec").asText());
      } catch (IllegalArgumentException e) {
        throw new IOException(summary + ": output " + id + ": " + e.getMessage());
      }
      float[] image = Png.read(runDir.resolve("images").resolve(id + ".png"), Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE);
      images.add(image);
      prompts.add(Condition.ofPrompt(new Condition.Prompt(o.path("prompt").path("id").asText(id), o.path("prompt").path("text").asText())));
      renders.add(Canvas.render(new Realiser(spec.heldOut() ? Split.HELD_OUT : Split.TRAINING).realise(spec, random)));
      judged.add(new Judged(id, spec.task(), spec.heldOut(), Judge.judge(spec, image)));
    }
    if (judged.isEmpty()) {
      throw new IOException(summary + ": lists no finished outputs");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("outputs", judged.size());
    accuracy(out.putObject("geneval"), judged);
    List<Judged> heldOut = judged.stream().filter(Judged::heldOut).toList();
    if (!heldOut.isEmpty()) {
      accuracy(out.putObject("geneval-held-out"), heldOut);
    }
    try (NDManager m = manager.newSubManager()) {
      // every shipped verifier scores the kept images as it scores candidates in a search
      ModelContext context = new ModelContext(m, Path.of("").toAbsolutePath());
      String encoderFile = encoderWeights == null ? null : encoderWeights.toAbsolutePath().toString();
      NDArray generated = m.create(flatten(images), DualEncoder.imageShape(images.size()));
      VerifierInput input = new VerifierInput(judged.stream().map(Judged::id).toList(), generated, Map.of(), prompts);
      out.put("clip-score", mean(new ClipScoreVerifier().create(new ClipScoreConfig(encoderFile), context).score(input)));
      out.put("aesthetic", mean(new AestheticVerifier().create(new AestheticConfig(null, encoderFile), context).score(input)));
      out.put("preference", mean(new PreferenceVerifier().create(new AestheticConfig(null, encoderFile), context).score(input)));
      if (images.size() >= 2) {
        DualEncoder encoder = DualEncoder.open(m, encoderWeights);
        NDArray fake = encoder.images(generated);
        NDArray real = encoder.images(m.create(flatten(renders), DualEncoder.imageShape(renders.size())));
        int d = (int) fake.getShape().get(1);
        out.put("fd-dual-encoder", Metrics.fid(Metrics.Stats.of(fake.toFloatArray(), images.size(), d),
            Metrics.Stats.of(real.toFloatArray(), renders.size(), d)));
      }
    }
    var failures = out.putArray("failures");
    for (Judged j : judged) {
      if (!j.verdict().pass()) {
        failures.addObject().put("id", j.id()).put("task", j.task().tag()).put("reason", j.verdict().reason());
      }
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(runDir.resolve("metrics.json").toFile(), out);
    Files.write(runDir.resolve("grid.png"),
        Png.grid(flatten(images), images.size(), Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE, GRID_COLUMNS));
    return out;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Per-task accuracy of {@code judged} and their mean over the tasks present ("overall", as GenEval). */
  private static void accuracy(ObjectNode node, List<Judged> judged) {
    Map<Task, int[]> counts = new EnumMap<>(Task.class);
    for (Judged j : judged) {
      int[] c = counts.computeIfAbsent(j.task(), t -> new int[2]);
      c[0] += j.verdict().pass() ? 1 : 0;
      c[1]++;
    }
    double sum = 0;
    for (var e : counts.entrySet()) {
      double a = (double) e.getValue()[0] / e.getValue()[1];
      node.putObject(e.getKey().tag()).put("accuracy", a).put("outputs", e.getValue()[1]);
      sum += a;
    }
    node.put("overall", sum / counts.size());
  }

  private static float[] flatten(List<float[]> rows) {
    float[] flat = new float[rows.size() * Canvas.VALUES];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, flat, i * Canvas.VALUES, Canvas.VALUES);
    }
    return flat;
  }
}

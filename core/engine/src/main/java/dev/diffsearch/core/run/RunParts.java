package dev.diffsearch.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run split by output into parts that run apart (on a cluster's executors) and are merged into one run
 * directory. A part is a range of whole cohorts ({@code search.outputs-in-flight} consecutive outputs), run as a
 * run directory of its own under {@code RUN_DIR/parts/}: each output keeps its index, id and noise stream, and
 * each cohort the same batches, so the merged run's files are those the run makes on one machine. A part that
 * ran before is kept, or resumed from its finished outputs; the merge writes {@code candidates.jsonl},
 * {@code summary.json}, {@code images/} and {@code noises/} in run order and then removes the parts. The first
 * attempt writes its division into parts down ({@link #PLAN}); later ones divide the run alike, whatever the
 * cluster size, so the parts finished before are kept.
 */
public final class RunParts {

  /** Where the parts live while the run is split, under the run directory. */
  public static final String PARTS = "parts";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunParts() {}

  /**
   * A split run: its directory (with the whole run's run.json), its output ids in run order, the output range
   * of each part, and whether it was complete already.
   */
  public record Split(Path runDir, List<String> outputIds, List<int[]> slices, boolean complete) {

    /** Part {@code i}'s directory. */
    public Path partDir(int i) {
      int[] s = slices.get(i);
      return runDir.resolve(PARTS).resolve(String.format("o%07d-o%07d", s[0], s[1]));
    }
  }

  /**
   * Prepares {@code request}'s run to be split into at most {@code parts} parts: checks and wires it (a bad config
   * is its one-line error before anything is written), writes its run directory with the whole run's run.json, or
   * finds it there from an earlier attempt (the same config, or it is refused), and divides its cohorts into parts.
   */
  public static Split prepare(Runs.Request request, int parts) throws IOException {
    return Runs.wired(request, null, (w, manager) -> {
      Path runDir = Runs.runDir(request, w.spec());
      ObjectNode runJson = w.runJson(w.pipeline());
      boolean complete = false;
      if (Files.exists(runDir.resolve(RunStore.RUN_JSON))) {
        ObjectNode before = RunStore.readRunJson(runDir);
        if (!before.path("config").equals(runJson.path("config")) || !before.path("outputs").equals(runJson.path("outputs"))) {
          throw new ConfigException(runDir.toString(), "holds another run (its run.json has another config); choose another --out");
        }
        complete = complete(runDir);
      } else {
        RunStore.create(runDir, runJson).close();
      }
      List<String> ids = w.pipeline().outputs().stream().map(Pipeline.Output::id).toList();
      int inFlight = w.spec().outputsInFlight();
      List<int[]> slices = complete ? slices(ids.size(), inFlight, parts) : plan(runDir, ids.size(), inFlight, parts);
      return new Split(runDir, ids, slices, complete);
    });
  }

  /** Where a split run keeps its division into parts, so that every attempt divides it alike: under parts/. */
  public static final String PLAN = PARTS + "/plan.json";

  /**
   * The parts of the run in {@code runDir}: those an earlier attempt chose (its {@link #PLAN}), whatever the cluster
   * size now, so that the parts it finished are kept; else {@code parts} parts, written down for the next attempt.
   */
  private static List<int[]> plan(Path runDir, int outputs, int inFlight, int parts) throws IOException {
    Path file = runDir.resolve(PLAN);
    if (Files.isRegularFile(file)) {
      List<int[]> earlier = new ArrayList<>();
      for (JsonNode s : RunStore.readObject(file).path("slices")) {
        earlier.add(new int[] {s.path(0).asInt(), s.path(1).asInt()});
      }
      if (wholeCohorts(earlier, outputs, inFlight)) {
        return earlier;
      }
    }
    List<int[]> slices = slices(outputs, inFlight, parts);
    ObjectNode plan = JSON.createObjectNode();
    plan.put("outputs-in-flight", inFlight);
    var list = plan.putArray("slices");
    slices.forEach(s -> list.addArray().add(s[0]).add(s[1]));
    Files.createDirectories(file.getParent());
    RunStore.writeAtomically(file, JSON.writeValueAsBytes(plan));
    return slices;
  }

  /** Whether {@code slices} cover outputs 0..outputs in order, each of whole cohorts of {@code inFlight}. */
  private static boolean wholeCohorts(List<int[]> slices, int outputs, int inFlight) {
    int next = 0;
    for (int[] s : slices) {
      if (s[0] != next || s[1] <= s[0] || (s[1] != outputs && s[1] % inFlight != 0)) {
        return false;
      }
      next = s[1];
    }
    return next == outputs && !slices.isEmpty();
  }

  /** Whether the run in {@code dir} says it is complete (its summary.json). */
  private static boolean complete(Path dir) throws IOException {
    Path summary = dir.resolve(RunStore.SUMMARY);
    return Files.isRegularFile(summary) && RunStore.readObject(summary).path("complete").asBoolean();
  }

  /**
   * Output ranges {@code [from, to)} of at most {@code parts} parts, each of whole cohorts of {@code inFlight}
   * outputs (the last cohort may be short), as even as whole cohorts allow.
   */
  public static List<int[]> slices(int outputs, int inFlight, int parts) {
    int cohorts = (outputs + inFlight - 1) / inFlight;
    int n = Math.max(1, Math.min(parts, cohorts));
    List<int[]> out = new ArrayList<>();
    int cohort = 0;
    for (int i = 0; i < n; i++) {
      int count = cohorts / n + (i < cohorts % n ? 1 : 0);
      int from = cohort * inFlight;
      cohort += count;
      out.add(new int[] {from, Math.min(outputs, cohort * inFlight)});
    }
    return out;
  }

  /**
   * Runs part {@code part} of {@code split}: its outputs, as a run of their own in the part's directory, or
   * resumed there when an earlier attempt began it (nothing run when it finished). Returns whether it ran anything.
   *
   * @param workbench the JVM's plugins and models (an executor's), or null to start and close them here
   */
  public static boolean runPart(Runs.Request request, Split split, int part, Workbench workbench,
      Consumer<String> notes) throws IOException {
    Path dir = split.partDir(part);
    if (complete(dir)) {
      return false;
    }
    int[] range = split.slices().get(part);
    return Runs.wired(request, workbench, (w, manager) -> {
      Pipeline pipeline = w.pipeline().withOutputs(w.pipeline().outputs().subList(range[0], range[1]));
      RunStore store = Files.exists(dir.resolve(RunStore.RUN_JSON))
          ? RunStore.resume(dir, ResumeAudit.audit(dir, RunStore.readRunJson(dir), pipeline, notes))
          : RunStore.create(dir, w.runJson(pipeline));
      try (store) {
        Runner.run(pipeline, store, manager, Progress.Listener.NONE, request.cohortsAtOnce());
      }
      return true;
    });
  }

  /** Whether part {@code part} of {@code split} has finished (its summary says complete); false when unreadable. */
  public static boolean finished(Split split, int part) {
    try {
      return complete(split.partDir(part));
    } catch (IOException e) {
      return false;
    }
  }

  /** What part {@code part} holds finished: {outputs, search NFE, final NFE} from its summary (zeros without one). */
  public static long[] totals(Split split, int part) throws IOException {
    Path summary = split.partDir(part).resolve(RunStore.SUMMARY);
    if (!Files.isRegularFile(summary)) {
      return new long[3];
    }
    JsonNode t = RunStore.readObject(summary).path("totals");
    return new long[] {t.path("outputs-done").asLong(), t.path("search-nfe").asLong(), t.path("final-nfe").asLong()};
  }

  /**
   * Merges the finished parts of {@code split} into its run directory, in run order, and removes the parts:
   * afterwards it is a complete run like any other ({@code regenerate}, {@code eval}, {@code --resume}).
   */
  public static void merge(Split split) throws IOException {
    Path runDir = split.runDir();
    Map<String, ObjectNode> outputs = new HashMap<>();
    Map<String, List<String>> lines = new HashMap<>();
    double wall = 0;
    for (String sub : List.of("images", "noises")) {
      Files.createDirectories(runDir.resolve(sub)); // (a run dir that holds only run.json: a shared run's mirror)
    }
    for (int i = 0; i < split.slices().size(); i++) {
      Path dir = split.partDir(i);
      Path summaryFile = dir.resolve(RunStore.SUMMARY);
      ObjectNode summary = Files.isRegularFile(summaryFile) ? RunStore.readObject(summaryFile) : null;
      if (summary == null || !summary.path("complete").asBoolean()) {
        throw new IllegalStateException("part " + dir + " has not finished; run the same command again to finish it");
      }
      for (JsonNode o : summary.path("outputs")) {
        String id = o.path("id").asText();
        outputs.put(id, (ObjectNode) o);
        for (String sub : List.of("images", "noises")) {
          Path file = dir.resolve(o.path(sub.equals("images") ? "image" : "noise").asText());
          Files.copy(file, runDir.resolve(sub).resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      for (String line : Files.readAllLines(dir.resolve(RunStore.CANDIDATES), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          lines.computeIfAbsent(JSON.readTree(line).path("output").asText(), k -> new ArrayList<>()).add(line);
        }
      }
      wall += summary.path("totals").path("wall-seconds").asDouble();
    }
    RunStore.resume(runDir, new ResumeAudit.Kept(split.outputIds(), outputs, lines, wall)).close();
    RunStore.deleteTree(runDir.resolve(PARTS));
  }
}

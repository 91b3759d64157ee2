package dev.diffsearch.core.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.io.Npy;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.core.config.Mappers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run directory: {@code run.json}, {@code candidates.jsonl} (one line per candidate, flushed as it
 * goes), {@code images/}, {@code noises/} and {@code summary.json} (rewritten atomically after every
 * finished output, so a killed run loses no finished work). Reopening a run keeps what {@link ResumeAudit}
 * found intact; the resumed run recomputes the rest exactly. Candidate lines and summary entries are kept in
 * run order (run.json's {@code outputs}), so a resumed run's files equal an uninterrupted run's.
 */
public final class RunStore implements AutoCloseable {

  public static final String RUN_JSON = "run.json";
  public static final String CANDIDATES = "candidates.jsonl";
  public static final String SUMMARY = "summary.json";

  private static final ObjectMapper JSON = Mappers.json();
  private static final ObjectMapper LINES = new ObjectMapper();

  private final Path dir;
  /** Output id → its place in the run, from run.json's {@code outputs}. */
  private final Map<String, Integer> order;
  private BufferedWriter candidates;
  private final Map<String, ObjectNode> finished = new LinkedHashMap<>();
  private double previousWallSeconds;
  /** Place of the output whose lines were written last; lines of an earlier one go out of run order. */
  private int lastPlace = -1;
  private boolean inRunOrder = true;

  private RunStore(Path dir, List<String> outputIds, BufferedWriter candidates) {
    this.dir = dir;
    this.order = new LinkedHashMap<>();
    for (String id : outputIds) {
      order.putIfAbsent(id, order.size());
    }
    this.candidates = candidates;
  }

  /** Creates a new run directory (it must not hold a run yet) and writes {@code run.json}. */
  public static RunStore create(Path dir, ObjectNode runJson) throws IOException {
    if (Files.exists(dir.resolve(RUN_JSON))) {
      throw new ConfigException(dir.toString(), "already holds a run; use --resume to continue it or choose another output");
    }
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("noises"));
    writeAtomically(dir.resolve(RUN_JSON), JSON.writeValueAsBytes(runJson));
    BufferedWriter w = Files.newBufferedWriter(dir.resolve(CANDIDATES), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return new RunStore(dir, outputIds(runJson), w);
  }

  /** The output ids of run.json's {@code outputs}, in run order. */
  static List<String> outputIds(JsonNode runJson) {
    List<String> ids = new ArrayList<>();
    for (JsonNode o : runJson.path("outputs")) {
      ids.add(o.path("id").asText());
    }
    return ids;
  }

  /** Reads a run's {@code run.json}. */
  public static ObjectNode readRunJson(Path dir) {
    Path file = dir.resolve(RUN_JSON);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(dir.toString(), "not a run directory (no " + RUN_JSON + ")");
    }
    try {
      return readObject(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), problem(e));
    }
  }

  /** The JSON object in {@code file}; an IOException (see {@link #problem}) when it holds none. */
  static ObjectNode readObject(Path file) throws IOException {
    JsonNode node = JSON.readTree(file.toFile());
    if (node == null || !node.isObject()) {
      throw new NotAnObject(node == null || node.isMissingNode() ? "empty" : "not a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A JSON file that parses but holds no object. */
  private static final class NotAnObject extends IOException {
    NotAnObject(String message) {
      super(message);
    }
  }

  /** What is wrong with a file that could not be read as JSON, in one line. */
  static String problem(IOException e) {
    if (e instanceof JsonProcessingException j) {
      JsonLocation at = j.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      String what = String.valueOf(j.getOriginalMessage()).replaceAll("\\s+", " ").trim()
          .replaceAll("\\[Source: [^\\]]*line: (\\d+), column: (\\d+)\\]", "[line $1, column $2]");
      return "not valid JSON: " + (what.length() > 160 ? what.substring(0, 160) + "..." : what) + where;
    }
    String m = e.getMessage();
    if (e instanceof NotAnObject) {
      return m;
    }
    return "cannot read: " + (m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim());
  }

  /**
   * Reopens a run to continue it with what {@code kept} holds: candidates.jsonl rewritten to the kept
   * outputs' lines, in run order, and summary.json to their entries (complete only when every output is).
   */
  static RunStore resume(Path dir, ResumeAudit.Kept kept) throws IOException {
    Path file = dir.resolve(CANDIDATES);
    StringBuilder text = new StringBuilder();
    for (String id : kept.order()) {
      for (String line : kept.lines().getOrDefault(id, List.of())) {
        text.append(line).append('\n');
      }
    }
    writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("noises"));
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    RunStore store = new RunStore(dir, kept.order(), w);
    for (String id : kept.order()) {
      if (kept.outputs().containsKey(id)) {
        store.finished.put(id, kept.outputs().get(id));
        store.lastPlace = store.order.get(id);
      }
    }
    store.previousWallSeconds = kept.wallSeconds();
    store.writeSummary(kept.wallSeconds(), kept.order().size());
    return store;
  }

  public Path dir() {
    return dir;
  }

  public boolean isFinished(String outputId) {
    return finished.containsKey(outputId);
  }

  /** Wall seconds spent by earlier attempts of this run. */
  public double previousWallSeconds() {
    return previousWallSeconds;
  }

  /** Appends one candidate line and flushes it. */
  public synchronized void candidate(Pipeline.Output output, Candidate c, String verifierName) {
    ObjectNode line = LINES.createObjectNode();
    line.put("output", output.id());
    line.put("class", output.classLabel());
    Runs.putPrompt(line, output.condition());
    line.put("id", c.id());
    if (c.parentId() == null) {
      line.putNull("parent");
    } else {
      line.put("parent", c.parentId());
    }
    line.put("sigma", c.sigma());
    line.put("nfe", c.nfe());
    putScore(line, "score", c.score());
    ObjectNode scores = line.putObject("scores");
    putScore(scores, verifierName, c.score());
    c.parts().forEach((name, value) -> putScore(scores, name, value));
    int place = order.getOrDefault(output.id(), Integer.MAX_VALUE);
    inRunOrder &= place >= lastPlace;
    lastPlace = place;
    try {
      candidates.write(LINES.writeValueAsString(line));
      candidates.write('\n');
      candidates.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putScore(ObjectNode node, String key, float score) {
    if (Float.isFinite(score)) {
      node.put(key, score);
    } else {
      node.put(key, Float.toString(score));
    }
  }

  /** Saves a finished output: its image and noise, then the summary (atomically). */
  public synchronized void finish(ObjectNode outputSummary, byte[] png, float[] noise, long[] noiseShape,
      double wallSecondsSoFar, int totalOutputs) throws IOException {
    String id = outputSummary.get("id").asText();
    writeAtomically(dir.resolve("images").resolve(id + ".png"), png);
    writeAtomically(dir.resolve("noises").resolve(id + ".npy"), Npy.encode(noise, noiseShape));
    outputSummary.put("image", "images/" + id + ".png");
    outputSummary.put("noise", "noises/" + id + ".npy");
    finished.put(id, outputSummary);
    writeSummary(wallSecondsSoFar, totalOutputs);
  }

  /**
   * Rewrites {@code summary.json} from the finished outputs, in run order. Before it says complete,
   * candidates.jsonl is put in run order too (a resume that recomputed an output before kept ones
   * appended its lines after theirs).
   */
  public synchronized void writeSummary(double wallSeconds, int totalOutputs) throws IOException {
    if (finished.size() == totalOutputs && !inRunOrder) {
      putCandidatesInRunOrder();
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode outs = root.putArray("outputs");
    long search = 0;
    long fin = 0;
    long passes = 0;
    List<ObjectNode> inOrder = new ArrayList<>(finished.values());
    inOrder.sort(Comparator.comparingInt(o -> order.getOrDefault(o.path("id").asText(), Integer.MAX_VALUE)));
    for (ObjectNode o : inOrder) {
      outs.add(o);
      search += o.path("search-nfe").asLong();
      fin += o.path("final-nfe").asLong();
      passes += o.path("forward-passes").asLong();
    }
    ObjectNode totals = root.putObject("totals");
    totals.put("outputs-done", finished.size());
    totals.put("outputs-total", totalOutputs);
    totals.put("search-nfe", search);
    totals.put("final-nfe", fin);
    totals.put("forward-passes", passes);
    totals.put("wall-seconds", Math.round(wallSeconds * 1000) / 1000.0);
    root.put("complete", finished.size() == totalOutputs);
    writeAtomically(dir.resolve(SUMMARY), JSON.writeValueAsBytes(root));
  }

  /** Sorts candidates.jsonl by output, in run order; each output's lines keep their order. */
  private void putCandidatesInRunOrder() throws IOException {
    candidates.close();
    Path file = dir.resolve(CANDIDATES);
    record Placed(int place, String line) {}
    List<Placed> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(new Placed(order.getOrDefault(LINES.readTree(line).path("output").asText(), Integer.MAX_VALUE), line));
    }
    lines.sort(Comparator.comparingInt(Placed::place)); // stable: each output's lines keep their order
    StringBuilder text = new StringBuilder();
    for (Placed p : lines) {
      text.append(p.line()).append('\n');
    }
    writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    candidates = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    inRunOrder = true;
  }

  /** Writes {@code file} through a temporary sibling moved into place: readers see the old or the new file, never half. */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes {@code dir} and everything under it (a run directory, or a split run's parts), if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  @Override
  public void close() throws IOException {
    candidates.close();
  }
}

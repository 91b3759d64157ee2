package dev.diffsearch.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.config.Mappers;
import dev.diffsearch.core.spi.Candidate;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run directory: {@code run.json}, {@code candidates.jsonl} (one line per candidate, flushed as it
 * goes), {@code images/}, {@code noises/} and {@code summary.json} (rewritten atomically after every
 * finished output, so a killed run loses no finished work). Reopening a run keeps the lines of finished
 * outputs and drops those of the output that was cut short, which the resumed run recomputes exactly.
 */
public final class RunStore implements AutoCloseable {

  public static final String RUN_JSON = "run.json";
  public static final String CANDIDATES = "candidates.jsonl";
  public static final String SUMMARY = "summary.json";

  private static final ObjectMapper JSON = Mappers.json();
  private static final ObjectMapper LINES = new ObjectMapper();

  private final Path dir;
  private final BufferedWriter candidates;
  private final Map<String, ObjectNode> finished = new LinkedHashMap<>();
  private double previousWallSeconds;

  private RunStore(Path dir, BufferedWriter candidates) {
    this.dir = dir;
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
    return new RunStore(dir, w);
  }

  /** Reads a run's {@code run.json}. */
  public static ObjectNode readRunJson(Path dir) {
    Path file = dir.resolve(RUN_JSON);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(dir.toString(), "not a run directory (no " + RUN_JSON + ")");
    }
    try {
      return (ObjectNode) JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  /** Reopens a run to continue it. */
  public static RunStore resume(Path dir) throws IOException {
    readRunJson(dir);
    Map<String, ObjectNode> done = new LinkedHashMap<>();
    double wall = 0;
    Path summary = dir.resolve(SUMMARY);
    if (Files.isRegularFile(summary)) {
      JsonNode s = JSON.readTree(summary.toFile());
      for (JsonNode o : s.path("outputs")) {
        done.put(o.get("id").asText(), (ObjectNode) o);
      }
      wall = s.path("totals").path("wall-seconds").asDouble(0);
    }
    // Keep complete lines of finished outputs only; the interrupted output is recomputed identically.
    Path file = dir.resolve(CANDIDATES);
    List<String> kept = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          JsonNode n = LINES.readTree(line);
          if (n != null && done.containsKey(n.path("output").asText())) {
            kept.add(line);
          }
        } catch (IOException e) {
          // a line cut by the kill: dropped
        }
      }
    }
    writeAtomically(file, (kept.isEmpty() ? "" : String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("noises"));
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    RunStore store = new RunStore(dir, w);
    store.finished.putAll(done);
    store.previousWallSeconds = wall;
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

  /** Rewrites {@code summary.json} from the finished outputs. */
  public synchronized void writeSummary(double wallSeconds, int totalOutputs) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode outs = root.putArray("outputs");
    long search = 0;
    long fin = 0;
    long passes = 0;
    for (ObjectNode o : finished.values()) {
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

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() throws IOException {
    candidates.close();
  }
}

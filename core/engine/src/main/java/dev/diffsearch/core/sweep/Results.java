package dev.diffsearch.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.diffsearch.core.run.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's {@code results.csv}: one row per finished condition, in the sweep's order — its axis values, the
 * model, outputs, NFE budget and spent, wall and CPU seconds, the verifier's mean score over the kept samples,
 * and every number of the evaluator's {@code metrics.json} (nested keys joined by dots). Rewritten whole, through
 * a temporary file, after every finished condition: it is always a valid CSV of what has finished.
 */
public final class Results {

  /** The file name, in the sweep directory. */
  public static final String CSV = "results.csv";
  /** What a finished condition's directory holds beside the run: its axis values and what it cost. */
  public static final String CONDITION_JSON = "condition.json";
  /** A run's metrics file, when it was evaluated. */
  public static final String METRICS_JSON = "metrics.json";
  /** What a row of results.csv reads of a condition's run directory. */
  public static final List<String> READ = List.of(RunStore.RUN_JSON, RunStore.SUMMARY, CONDITION_JSON, METRICS_JSON);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CsvMapper CSV_MAPPER = new CsvMapper();
  private static final List<String> FIXED = List.of("model", "outputs", "nfe-budget", "search-nfe", "final-nfe",
      "search-nfe-per-output", "gmac-per-output", "wall-s", "cpu-s", "verifier-mean");

  private Results() {}

  /** Writes {@code dir/results.csv} from the conditions whose {@code condition.json} exists. */
  public static synchronized void write(Path dir, List<Condition> conditions) throws IOException {
    Set<String> axes = new LinkedHashSet<>();
    conditions.forEach(c -> axes.addAll(c.columns().keySet()));
    List<Map<String, String>> rows = new ArrayList<>();
    Set<String> metricColumns = new LinkedHashSet<>();
    for (Condition c : conditions) {
      Path run = dir.resolve(c.id());
      if (!Files.isRegularFile(run.resolve(CONDITION_JSON))) {
        continue;
      }
      Map<String, String> row = row(c, run);
      rows.add(row);
      for (String k : row.keySet()) {
        if (k.startsWith("metric:")) {
          metricColumns.add(k);
        }
      }
    }
    List<String> columns = new ArrayList<>();
    columns.add("condition");
    columns.addAll(axes);
    columns.addAll(FIXED);
    Map<String, String> metricOf = new LinkedHashMap<>(); // column -> metric key in the row
    for (String m : metricColumns) {
      String name = m.substring("metric:".length());
      String column = columns.contains(name) ? "metrics." + name : name; // e.g. the evaluator's own "outputs"
      metricOf.put(column, m);
    }
    columns.addAll(metricOf.keySet());
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    List<List<String>> lines = new ArrayList<>();
    for (Map<String, String> row : rows) {
      List<String> line = new ArrayList<>();
      for (String col : columns) {
        String v = metricOf.containsKey(col) ? row.get(metricOf.get(col)) : row.get(col);
        line.add(v == null ? "" : v);
      }
      lines.add(line);
    }
    String text = CSV_MAPPER.writer(schema.build()).writeValueAsString(lines);
    RunStore.writeAtomically(dir.resolve(CSV), text.getBytes(StandardCharsets.UTF_8));
  }

  /** A finished condition's columns; metrics under {@code metric:NAME}. */
  private static Map<String, String> row(Condition c, Path run) throws IOException {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("condition", c.id());
    row.putAll(c.columns());
    JsonNode runJson = JSON.readTree(run.resolve(RunStore.RUN_JSON).toFile());
    JsonNode summary = JSON.readTree(run.resolve(RunStore.SUMMARY).toFile());
    JsonNode cost = JSON.readTree(run.resolve(CONDITION_JSON).toFile());
    JsonNode totals = summary.path("totals");
    int outputs = summary.path("outputs").size();
    row.put("model", runJson.path("config").path("model").path("name").asText());
    row.put("outputs", Integer.toString(outputs));
    row.put("nfe-budget", runJson.path("config").path("search").path("nfe").asText());
    row.put("search-nfe", totals.path("search-nfe").asText());
    row.put("final-nfe", totals.path("final-nfe").asText());
    row.put("search-nfe-per-output", outputs == 0 ? "" : number(totals.path("search-nfe").asDouble() / outputs));
    long macs = runJson.path("budget").path("macs-per-nfe").asLong(0);
    row.put("gmac-per-output", outputs == 0 || macs == 0 ? ""
        : number(macs * (totals.path("search-nfe").asDouble() + totals.path("final-nfe").asDouble()) / outputs / 1e9));
    row.put("wall-s", cost.path("wall-s").asText());
    row.put("cpu-s", cost.path("cpu-s").asText());
    double sum = 0;
    for (JsonNode o : summary.path("outputs")) {
      sum += o.path("best-score").asDouble();
    }
    row.put("verifier-mean", outputs == 0 ? "" : number(sum / outputs));
    Path metrics = run.resolve(METRICS_JSON);
    if (Files.isRegularFile(metrics)) {
      flatten("", JSON.readTree(metrics.toFile()), row);
    }
    return row;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getValue().isNumber()) {
        row.put("metric:" + key, e.getValue().asText());
      } else if (e.getValue().isObject()) {
        flatten(key + ".", e.getValue(), row);
      }
    }
  }

  private static String number(double v) {
    return Double.toString(v);
  }
}

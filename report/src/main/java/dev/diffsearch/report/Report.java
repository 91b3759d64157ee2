package dev.diffsearch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.run.RunStore;
import dev.diffsearch.core.sweep.Results;
import dev.diffsearch.core.sweep.Sweep;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * {@code diffsearch report DIR}: one self-contained {@code DIR/report.html} (no network: plots are inline SVG,
 * images inline PNG) of a sweep — scaling curves of each metric against compute per output (NFE; GMAC where the
 * models differ in MACs per NFE) with error bars over seeds, precision and recall against NFE (diversity), the verifier's mean against the evaluator's metrics with
 * Pearson's r, a grid of kept samples per condition, the results table — or of a single run: its kept samples
 * and the distribution of its scores. Each figure is also written to {@code DIR/report/NAME.svg} and {@code .png}.
 */
public final class Report {

  /** The metrics plotted by default, in this order, when results.csv has them. */
  static final List<String> PREFERRED = List.of("fid", "inception-score", "class-accuracy", "precision", "recall",
      "kid", "geneval.overall", "clip-score", "aesthetic", "preference", "fd-dual-encoder");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Path figures;
  private final StringBuilder html = new StringBuilder();
  private final List<String> written = new ArrayList<>();

  private Report(Path dir) {
    this.dir = dir;
    this.figures = dir.resolve("report");
  }

  /**
   * Writes the report of the sweep or run in {@code dir}; returns {@code dir/report.html}.
   *
   * @param metrics the metrics to plot; empty: {@link #PREFERRED} that the sweep has, and the verifier's mean
   */
  public static Path write(Path dir, List<String> metrics) throws IOException {
    Report r = new Report(dir);
    if (Files.isRegularFile(dir.resolve(Results.CSV))) {
      r.sweep(metrics);
    } else if (Files.isRegularFile(dir.resolve(RunStore.SUMMARY))) {
      r.run();
    } else {
      throw new ConfigException(dir.toString(), "is neither a sweep (no " + Results.CSV + ") nor a run (no "
          + RunStore.SUMMARY + ")");
    }
    Path out = dir.resolve("report.html");
    RunStore.writeAtomically(out, r.html.toString().getBytes(StandardCharsets.UTF_8));
    return out;
  }

  private void sweep(List<String> wanted) throws IOException {
    Table table = Table.read(dir.resolve(Results.CSV));
    List<String> metrics = new ArrayList<>();
    for (String m : wanted.isEmpty() ? PREFERRED : wanted) {
      if (table.metrics().contains(m) || m.equals("verifier-mean")) {
        metrics.add(m);
      } else if (!wanted.isEmpty()) {
        throw new ConfigException("--metrics", "results.csv has no metric '" + m + "' (it has: "
            + String.join(", ", table.metrics()) + ", verifier-mean)");
      }
    }
    if (wanted.isEmpty()) {
      metrics.add("verifier-mean");
    }
    String name = dir.toAbsolutePath().normalize().getFileName().toString();
    head("Sweep " + name);
    JsonNode sweep = Files.isRegularFile(dir.resolve(Sweep.SWEEP_JSON))
        ? JSON.readTree(dir.resolve(Sweep.SWEEP_JSON).toFile()) : JSON.createObjectNode();
    int total = sweep.path("conditions").size();
    double nfe = 0;
    double wall = 0;
    double cpu = 0;
    for (Map<String, String> row : table.rows()) {
      nfe += Table.number(row, "search-nfe") + Table.number(row, "final-nfe");
      wall += Table.number(row, "wall-s");
      cpu += Table.number(row, "cpu-s");
    }
    html.append("<p>Pipeline <code>").append(esc(sweep.path("pipeline").asText("?"))).append("</code>; ")
        .append(table.rows().size()).append(" of ").append(total == 0 ? table.rows().size() : total)
        .append(" conditions finished; axes: ").append(esc(String.join(", ", table.axes())))
        .append(String.format(Locale.ROOT, ". Compute: %.0f NFE, %.0f s wall, %.0f s CPU.</p>%n", nfe, wall, cpu));
    List<String> lineAxes = Curves.lineAxes(table);
    html.append("<p>Lines: ").append(esc(lineAxes.isEmpty() ? "one (no axis but the budget's)" : String.join(", ", lineAxes)))
        .append(table.axes().contains("seed") ? "; points average the seeds, bars are ±1 standard deviation" : "")
        .append(".</p>\n");

    Curves.Compute compute = Curves.Compute.of(table);
    section("Scaling curves");
    if (compute == Curves.Compute.GMAC) {
      html.append("<p>Compute is in multiply-accumulates (GMAC per output, search and final): the conditions'"
          + " models differ in MACs per NFE, so NFE alone would not compare them.</p>\n");
    }
    for (String m : metrics) {
      figure("scaling-" + m, Charts.scaling(m + " vs compute", m, Curves.of(table, m), compute));
    }
    if (table.metrics().contains("precision") && table.metrics().contains("recall")) {
      section("Diversity");
      List<Curves.Line> both = new ArrayList<>();
      for (String m : List.of("precision", "recall")) {
        Curves.of(table, m).forEach(l -> both.add(new Curves.Line(l.name() + " " + m, l.points())));
      }
      figure("diversity", Charts.scaling("precision and recall vs compute (recall falls when samples collapse)",
          "precision / recall", both, compute));
    }
    List<String> evaluator = metrics.stream().filter(m -> !m.equals("verifier-mean")).limit(3).toList();
    if (!evaluator.isEmpty()) {
      section("Verifier vs evaluator");
      html.append("<p>Each point is a condition: the mean verifier score of its kept samples against an evaluator"
          + " metric; r is Pearson's, per line.</p>\n");
      for (String m : evaluator) {
        Map<String, List<double[]>> byLine = new LinkedHashMap<>();
        for (Map<String, String> row : table.rows()) {
          double x = Table.number(row, "verifier-mean");
          double y = Table.number(row, m);
          if (!Double.isNaN(x) && !Double.isNaN(y)) {
            byLine.computeIfAbsent(Curves.name(row, lineAxes), k -> new ArrayList<>()).add(new double[] {x, y});
          }
        }
        List<double[][]> points = new ArrayList<>();
        byLine.values().forEach(ps -> points.add(new double[][] {
            ps.stream().mapToDouble(p -> p[0]).toArray(), ps.stream().mapToDouble(p -> p[1]).toArray()}));
        figure("verifier-vs-" + m, Charts.scatter("verifier mean vs " + m, "verifier mean", m,
            new ArrayList<>(byLine.keySet()), points));
      }
    }
    partsOfConditions(table);
    section("Samples");
    html.append("<div class=\"grids\">\n");
    for (Map<String, String> row : table.rows()) {
      Path run = dir.resolve(row.get("condition"));
      byte[] png = Grids.grid(images(run), 10, 20);
      html.append("<figure class=\"grid\">");
      if (png != null) {
        html.append(img(png, row.get("condition")));
      }
      html.append("<figcaption>").append(esc(row.get("condition"))).append(String.format(Locale.ROOT,
          " — " + compute.caption, compute.x(row))).append("</figcaption></figure>\n");
    }
    html.append("</div>\n");
    section("Results");
    List<String> columns = new ArrayList<>(List.of("condition"));
    columns.addAll(table.axes());
    columns.addAll(List.of("outputs", "search-nfe-per-output", "final-nfe", "wall-s"));
    columns.addAll(metrics);
    html.append("<table><tr>");
    columns.forEach(c -> html.append("<th>").append(esc(c)).append("</th>"));
    html.append("</tr>\n");
    for (Map<String, String> row : table.rows()) {
      html.append("<tr>");
      columns.forEach(c -> html.append("<td>").append(esc(shortNumber(row.getOrDefault(c, "")))).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    foot();
  }

  private void run() throws IOException {
    JsonNode summary = JSON.readTree(dir.resolve(RunStore.SUMMARY).toFile());
    String name = dir.toAbsolutePath().normalize().getFileName().toString();
    head("Run " + name);
    JsonNode totals = summary.path("totals");
    html.append(String.format(Locale.ROOT, "<p>%d outputs, search NFE %d, final NFE %d, %.1f s.</p>%n",
        summary.path("outputs").size(), totals.path("search-nfe").asLong(), totals.path("final-nfe").asLong(),
        totals.path("wall-seconds").asDouble()));
    section("Kept samples");
    byte[] png = Grids.grid(images(dir), 10, 100);
    if (png != null) {
      html.append("<figure class=\"grid\">").append(img(png, name)).append("<figcaption>the kept sample of each output"
          + " (at most 100), in run order</figcaption></figure>\n");
    }
    section("Scores");
    List<Double> best = new ArrayList<>();
    summary.path("outputs").forEach(o -> best.add(o.path("best-score").asDouble()));
    List<Double> all = new ArrayList<>();
    Map<String, List<Double>> parts = parts(dir, all);
    figure("scores", Charts.histogram("verifier scores: every candidate and each output's best", "score",
        List.of("every candidate", "kept (best of each output)"),
        List.of(all.stream().mapToDouble(Double::doubleValue).toArray(),
            best.stream().mapToDouble(Double::doubleValue).toArray())));
    if (parts.size() >= 2) {
      section("Verifier parts");
      List<String> names = new ArrayList<>(parts.keySet());
      html.append("<p>Every candidate's part scores (an ensemble's members); Pearson's r over ")
          .append(all.size()).append(" candidates:</p>\n<table><tr><th>part</th><th>part</th><th>r</th></tr>\n");
      for (int i = 0; i < names.size(); i++) {
        for (int j = i + 1; j < names.size(); j++) {
          html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.3f</td></tr>%n", esc(names.get(i)),
              esc(names.get(j)), Curves.pearson(array(parts.get(names.get(i))), array(parts.get(names.get(j))))));
        }
      }
      html.append("</table>\n");
      figure("parts", Charts.scatter(names.get(0) + " vs " + names.get(1) + ", every candidate", names.get(0),
          names.get(1), List.of("candidates"), java.util.Collections.singletonList(new double[][] {
              array(parts.get(names.get(0))), array(parts.get(names.get(1)))})));
    }
    foot();
  }

  /**
   * Reads a run's candidates.jsonl: every candidate's score into {@code scores}; returns the part scores of
   * candidates that have all the same parts besides the ensemble's own (name → one value per candidate).
   */
  private static Map<String, List<Double>> parts(Path run, List<Double> scores) throws IOException {
    Map<String, List<Double>> parts = new LinkedHashMap<>();
    Path candidates = run.resolve(RunStore.CANDIDATES);
    if (!Files.isRegularFile(candidates)) {
      return parts;
    }
    try (BufferedReader in = Files.newBufferedReader(candidates, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode c = JSON.readTree(line);
        if (!c.path("score").isNumber()) {
          continue;
        }
        scores.add(c.path("score").asDouble());
        c.path("scores").fields().forEachRemaining(e -> {
          if (!e.getKey().equals("ensemble") && e.getValue().isNumber()) {
            parts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().asDouble());
          }
        });
      }
    }
    parts.values().removeIf(v -> v.size() != scores.size());
    return parts;
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * For the conditions whose candidates carry two or more part scores (an ensemble's members): Pearson's r of
   * each pair over every candidate, and the first pair's scatter, one series per condition.
   */
  private void partsOfConditions(Table table) throws IOException {
    List<String> rows = new ArrayList<>();
    List<String> series = new ArrayList<>();
    List<double[][]> points = new ArrayList<>();
    String first = null;
    for (Map<String, String> row : table.rows()) {
      List<Double> scores = new ArrayList<>();
      Map<String, List<Double>> parts = parts(dir.resolve(row.get("condition")), scores);
      if (parts.size() < 2) {
        continue;
      }
      List<String> names = new ArrayList<>(parts.keySet());
      for (int i = 0; i < names.size(); i++) {
        for (int j = i + 1; j < names.size(); j++) {
          rows.add(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%.3f</td></tr>",
              esc(row.get("condition")), esc(names.get(i)), esc(names.get(j)), scores.size(),
              Curves.pearson(array(parts.get(names.get(i))), array(parts.get(names.get(j))))));
        }
      }
      String pair = names.get(0) + " vs " + names.get(1);
      if (first == null || first.equals(pair)) {
        first = pair;
        series.add(row.get("condition"));
        points.add(new double[][] {array(parts.get(names.get(0))), array(parts.get(names.get(1)))});
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    section("Verifier parts");
    html.append("<p>Conditions whose candidates carry several part scores (an ensemble's members): Pearson's r of"
        + " each pair over every candidate.</p>\n<table><tr><th>condition</th><th>part</th><th>part</th>"
        + "<th>candidates</th><th>r</th></tr>\n").append(String.join("\n", rows)).append("\n</table>\n");
    String[] names = first.split(" vs ");
    figure("parts", Charts.scatter(first + ", every candidate", names[0], names[1], series, points));
  }

  /** The kept images of a run, in its summary's order. */
  private static List<Path> images(Path run) throws IOException {
    List<Path> images = new ArrayList<>();
    Path summary = run.resolve(RunStore.SUMMARY);
    if (Files.isRegularFile(summary)) {
      for (JsonNode o : JSON.readTree(summary.toFile()).path("outputs")) {
        images.add(run.resolve(o.path("image").asText()));
      }
    }
    return images;
  }

  private void figure(String name, JFreeChart chart) throws IOException {
    Files.createDirectories(figures);
    String svg = Charts.svg(chart);
    Files.writeString(figures.resolve(name + ".svg"), svg, StandardCharsets.UTF_8);
    Files.write(figures.resolve(name + ".png"), Charts.png(chart));
    written.add(name);
    html.append("<figure class=\"plot\" id=\"").append(esc(name)).append("\">").append(svg).append("</figure>\n");
  }

  private static String img(byte[] png, String alt) {
    return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
  }

  private void head(String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
            + "figure{display:inline-block;margin:0.5em;vertical-align:top}figure.plot svg{width:640px;height:400px}"
            + "figcaption{font-size:0.8em;color:#444;max-width:640px}table{border-collapse:collapse;font-size:0.8em}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}img{image-rendering:pixelated}</style>\n"
            + "</head><body>\n<h1>").append(esc(title)).append("</h1>\n");
  }

  private void section(String title) {
    html.append("<h2>").append(esc(title)).append("</h2>\n");
  }

  private void foot() {
    html.append("<p><small>Written by diffsearch report; figures also in <code>report/</code>: ")
        .append(esc(String.join(", ", written))).append(".</small></p>\n</body></html>\n");
  }

  /** A number cell with at most 4 decimals; other text as it is. */
  private static String shortNumber(String v) {
    try {
      double d = Double.parseDouble(v);
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4g", d);
    } catch (NumberFormatException e) {
      return v;
    }
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

package dev.diffsearch.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A sweep's conditions as lines over compute. The x of a condition is its NFE per output, search and final
 * ({@code search-nfe-per-output + final-nfe / outputs}), or its multiply-accumulates per output
 * ({@code gmac-per-output}) when its models differ in MACs per NFE (e.g. a small and a large model). A line is one combination of the axes that do not set
 * the budget: every axis but {@code seed}, {@code search.nfe}, a sampler's {@code steps} and a bundle's numeric
 * labels (e.g. {@code point.candidates}). Conditions that differ only in {@code seed} are one point: the mean,
 * with the standard deviation over seeds.
 */
final class Curves {

  /** Axes that set the budget, not the line. */
  private static final Pattern BUDGET = Pattern.compile("seed|search\\.nfe|sampler\\..*steps");

  /** One point: its x, the mean and standard deviation over its seeds, and how many seeds. */
  record Point(double x, double mean, double std, int seeds) {}

  /** One line: its name and its points, by x. */
  record Line(String name, List<Point> points) {}

  private Curves() {}

  /** What x measures. */
  enum Compute {
    NFE("NFE per output (search + final), log scale", "%.0f NFE per output"),
    GMAC("GMAC per output (search + final), log scale", "%.2f GMAC per output");

    final String label;
    final String caption;

    Compute(String label, String caption) {
      this.label = label;
      this.caption = caption;
    }

    /**
     * GMAC when every row knows its MACs and two rows' MACs per NFE differ by more than 1 %; NFE otherwise
     * (where NFE alone compares compute).
     */
    static Compute of(Table table) {
      double lo = Double.MAX_VALUE;
      double hi = 0;
      for (Map<String, String> row : table.rows()) {
        double perNfe = Table.number(row, "gmac-per-output") / nfe(row);
        if (!(perNfe > 0)) {
          return NFE;
        }
        lo = Math.min(lo, perNfe);
        hi = Math.max(hi, perNfe);
      }
      return hi > lo * 1.01 ? GMAC : NFE;
    }

    double x(Map<String, String> row) {
      return this == GMAC ? Table.number(row, "gmac-per-output") : nfe(row);
    }
  }

  /** The axes whose values name the lines of {@code table}. */
  static List<String> lineAxes(Table table) {
    List<String> keys = new ArrayList<>();
    for (String a : table.axes()) {
      boolean bundleNumber = a.contains(".") && isBundleLabel(a) && table.numeric(a);
      if (!BUDGET.matcher(a).matches() && !bundleNumber) {
        keys.add(a);
      }
    }
    return keys;
  }

  /** A bundle label column, {@code AXIS.LABEL}, whose axis is not a config block: what a sweep writes for bundles. */
  private static boolean isBundleLabel(String column) {
    String head = column.substring(0, column.indexOf('.'));
    return !List.of("seed", "model", "sampler", "verifier", "search", "conditions", "output", "plugins").contains(head);
  }

  /** NFE per output of a row, search and final. */
  static double nfe(Map<String, String> row) {
    double outputs = Table.number(row, "outputs");
    return Table.number(row, "search-nfe-per-output") + Table.number(row, "final-nfe") / outputs;
  }

  /** The lines of {@code metric}: rows grouped by {@link #lineAxes}, then by their budget axes (seeds averaged). */
  static List<Line> of(Table table, String metric) {
    Compute compute = Compute.of(table);
    List<String> lineAxes = lineAxes(table);
    List<String> budgetAxes = table.axes().stream().filter(a -> !lineAxes.contains(a) && !a.equals("seed")).toList();
    Map<String, Map<String, List<Map<String, String>>>> groups = new LinkedHashMap<>();
    for (Map<String, String> row : table.rows()) {
      if (Double.isNaN(Table.number(row, metric))) {
        continue;
      }
      String line = name(row, lineAxes);
      String point = name(row, budgetAxes);
      groups.computeIfAbsent(line, k -> new LinkedHashMap<>()).computeIfAbsent(point, k -> new ArrayList<>()).add(row);
    }
    List<Line> lines = new ArrayList<>();
    groups.forEach((name, points) -> {
      List<Point> ps = new ArrayList<>();
      points.values().forEach(rows -> {
        double[] xs = rows.stream().mapToDouble(compute::x).toArray();
        double[] ys = rows.stream().mapToDouble(r -> Table.number(r, metric)).toArray();
        ps.add(new Point(mean(xs), mean(ys), std(ys), ys.length));
      });
      ps.sort((a, b) -> Double.compare(a.x(), b.x()));
      lines.add(new Line(name, ps));
    });
    return lines;
  }

  /** {@code axis=value, ...} of {@code row}, or {@code all} when there are no axes. */
  static String name(Map<String, String> row, List<String> axes) {
    if (axes.isEmpty()) {
      return "all";
    }
    List<String> parts = new ArrayList<>();
    for (String a : axes) {
      String v = readable(row.get(a));
      parts.add(axes.size() == 1 ? v : a + "=" + v);
    }
    return String.join(", ", parts);
  }

  /**
   * A block value ({@code {"name":"class-logit","k":4}}) as {@code class-logit k=4}, members that are only named
   * as {@code members=a+b}; other values as they are.
   */
  static String readable(String v) {
    if (v == null || !v.startsWith("{")) {
      return v;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v);
      List<String> parts = new ArrayList<>();
      node.fields().forEachRemaining(e -> parts.add(e.getKey().equals("name") ? e.getValue().asText()
          : e.getKey() + "=" + (e.getValue().isValueNode() ? e.getValue().asText() : named(e.getValue()))));
      return String.join(" ", parts);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return v;
    }
  }

  /** A list of blocks that all have a name (an ensemble's members) as {@code a+b}; anything else as JSON. */
  private static String named(com.fasterxml.jackson.databind.JsonNode v) {
    List<String> names = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode m : v) {
      if (!m.isObject() || m.size() != 1 || !m.path("name").isTextual()) {
        return v.toString();
      }
      names.add(m.get("name").asText());
    }
    return v.isArray() && !names.isEmpty() ? String.join("+", names) : v.toString();
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** The sample standard deviation; 0 for one value. */
  static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /** Pearson's r of paired values; NaN with fewer than 3 pairs or no spread. */
  static double pearson(double[] a, double[] b) {
    if (a.length < 3) {
      return Double.NaN;
    }
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
  }
}

package dev.diffsearch.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep: a value for every axis. Its run directory is {@code SWEEP_DIR/ID}.
 *
 * @param index its place in the product of the axes (the first axis varies slowest)
 * @param id {@code c007-nfe=76-seed=1}: the index and the values, as a directory name
 * @param values the axis values, in the axes' order
 */
public record Condition(int index, String id, Map<String, JsonNode> values) {

  /** Every condition of {@code spec}: the product of its axes, the first varying slowest. */
  public static List<Condition> expand(SweepSpec spec) {
    List<String> keys = new ArrayList<>(spec.axes().keySet());
    List<String> labels = labels(keys);
    int total = 1;
    for (List<JsonNode> values : spec.axes().values()) {
      total = Math.multiplyExact(total, values.size());
    }
    List<Condition> all = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      Map<String, JsonNode> values = new LinkedHashMap<>();
      StringBuilder id = new StringBuilder(String.format("c%03d", i));
      int rest = i;
      int[] picks = new int[keys.size()];
      for (int k = keys.size() - 1; k >= 0; k--) {
        int n = spec.axes().get(keys.get(k)).size();
        picks[k] = rest % n;
        rest /= n;
      }
      for (int k = 0; k < keys.size(); k++) {
        JsonNode v = spec.axes().get(keys.get(k)).get(picks[k]);
        values.put(keys.get(k), v);
        id.append('-').append(labels.get(k)).append('=').append(label(v, picks[k]));
      }
      all.add(new Condition(i, safe(id.toString()), values));
    }
    return all;
  }

  /** {@code path=value} overrides: the sweep's {@code set}, then this condition's values (a bundle's paths each). */
  public List<String> overrides(SweepSpec spec) {
    List<String> all = new ArrayList<>(spec.set());
    values.forEach((k, v) -> {
      if (isBundle(v)) {
        v.get("set").fields().forEachRemaining(e -> all.add(e.getKey() + "=" + e.getValue().toString()));
      } else {
        all.add(k + "=" + v.toString());
      }
    });
    return all;
  }

  /**
   * The columns results.csv gives this condition's values: an axis' value under the axis' path; a bundle's
   * labels each under {@code AXIS.LABEL}.
   */
  public Map<String, String> columns() {
    Map<String, String> c = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (isBundle(v)) {
        v.fields().forEachRemaining(e -> {
          if (!e.getKey().equals("set")) {
            c.put(k + "." + e.getKey(), e.getValue().asText());
          }
        });
      } else {
        c.put(k, v.isValueNode() ? v.asText() : v.toString());
      }
    });
    return c;
  }

  /** {@code search.nfe=76, seed=1}: for messages. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    values.forEach((k, v) -> parts.add(k + "=" + (v.isTextual() ? v.asText() : v.toString())));
    return String.join(", ", parts);
  }

  /**
   * Whether an axis value is a bundle: a mapping with {@code set} (config paths and values, applied together) and
   * scalar labels, e.g. {@code {line: steps-only, steps: 20, set: {sampler.search.steps: 20, search.nfe: 39}}}.
   */
  public static boolean isBundle(JsonNode v) {
    return v.isObject() && v.has("set");
  }

  /** Each axis' short name in ids: its last key, or the whole path where two axes share a last key. */
  private static List<String> labels(List<String> keys) {
    List<String> last = new ArrayList<>();
    for (String k : keys) {
      last.add(k.substring(k.lastIndexOf('.') + 1));
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      boolean shared = last.indexOf(last.get(i)) != last.lastIndexOf(last.get(i));
      labels.add(shared ? keys.get(i) : last.get(i));
    }
    return labels;
  }

  /** A value in an id: a scalar as itself, a bundle by its labels, a block by its {@code name} (else its place in the axis). */
  private static String label(JsonNode v, int pick) {
    if (v.isValueNode()) {
      return v.asText();
    }
    if (isBundle(v)) {
      List<String> labels = new ArrayList<>();
      v.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("set")) {
          labels.add(e.getValue().asText());
        }
      });
      return labels.isEmpty() ? "v" + pick : String.join(".", labels);
    }
    JsonNode name = v.path("name");
    return name.isValueNode() ? name.asText() + (v.size() > 1 ? "." + pick : "") : "v" + pick;
  }

  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._=+-]", "-");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}

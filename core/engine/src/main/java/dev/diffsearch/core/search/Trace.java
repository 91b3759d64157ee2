package dev.diffsearch.core.search;

import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.CandidateListener;
import dev.diffsearch.api.spi.Recipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The candidates of one output's search as they are scored: their ids ({@code c00012}, in order) and the
 * listener that records them. Keeps none of them, so that what it holds does not grow with the budget.
 */
final class Trace {

  private final CandidateListener listener;
  private int nextId;
  private long reported;

  Trace(CandidateListener listener) {
    this.listener = listener;
  }

  /** {@code count} fresh candidate ids. */
  List<String> newIds(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(format(nextId++));
    }
    return ids;
  }

  /** The id the next candidate will get. */
  String peekId() {
    return format(nextId);
  }

  private static String format(int id) {
    String n = Integer.toString(id);
    return n.length() >= 5 ? "c" + n : "c" + "00000".substring(n.length()) + n;
  }

  /** Row {@code row} of a scored batch as a candidate, reported to the listener. */
  Candidate report(String id, String parentId, Recipe recipe, double sigma, Evaluator.Scored batch, int row) {
    Candidate c = new Candidate(id, parentId, recipe, sigma, batch.nfe(), batch.total()[row], row(batch.parts(), row));
    reported++;
    listener.onCandidate(c);
    return c;
  }

  /** How many candidates were reported so far. */
  long reported() {
    return reported;
  }

  /** Row {@code i} of each part score. */
  private static Map<String, Float> row(Map<String, float[]> parts, int i) {
    if (parts.isEmpty()) {
      return Map.of();
    }
    Map<String, Float> out = new TreeMap<>();
    parts.forEach((name, values) -> out.put(name, values[i]));
    return out;
  }
}

package dev.diffsearch.plugins.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;

/**
 * One validated answer of the judge: its explanation and all five axis scores, each within
 * [{@link Axis#MIN}, {@link Axis#MAX}].
 */
record Judgement(String explanation, Map<Axis, Double> scores) {

  Judgement {
    scores = java.util.Collections.unmodifiableMap(new EnumMap<>(scores)); // in axis order, in every JVM
  }

  /** The score the verifier returns: one axis, or the mean of all five when {@code axis} is null. */
  float score(Axis axis) {
    if (axis != null) {
      return (float) (double) scores.get(axis);
    }
    double sum = 0;
    for (Axis a : Axis.values()) {
      sum += scores.get(a);
    }
    return (float) (sum / Axis.values().length);
  }

  /** An answer that is not a usable judgement: unparsable, incomplete, or out of range. */
  static final class InvalidAnswerException extends Exception {
    InvalidAnswerException(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The judgement in a generateContent response body. */
  static Judgement fromResponse(String body) throws InvalidAnswerException {
    JsonNode root;
    try {
      root = Rubric.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidAnswerException("the response body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidAnswerException("the response body is not a JSON object");
    }
    JsonNode candidates = root.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      String blocked = root.path("promptFeedback").path("blockReason").asText("");
      throw new InvalidAnswerException(
          blocked.isEmpty() ? "the response has no candidates" : "the prompt was blocked (" + safe(blocked) + ")");
    }
    JsonNode first = candidates.get(0);
    StringBuilder text = new StringBuilder();
    for (JsonNode part : first.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue; // a thinking model's thought summary, not the answer
      }
      if (part.path("text").isTextual()) {
        text.append(part.get("text").asText());
      }
    }
    String finish = first.path("finishReason").asText("");
    if (text.length() == 0) {
      throw new InvalidAnswerException(
          "the answer has no text" + (finish.isEmpty() ? "" : " (finishReason " + safe(finish) + ")"));
    }
    try {
      return fromAnswer(text.toString());
    } catch (InvalidAnswerException e) {
      if (!finish.isEmpty() && !finish.equals("STOP")) {
        throw new InvalidAnswerException(e.getMessage() + " (finishReason " + safe(finish) + ")");
      }
      throw e;
    }
  }

  /** The judgement in the model's JSON answer text. */
  static Judgement fromAnswer(String answer) throws InvalidAnswerException {
    String json = stripFence(answer.strip());
    JsonNode node;
    try {
      node = Rubric.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidAnswerException("the answer is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidAnswerException("the answer is not a JSON object");
    }
    JsonNode explanation = node.path(Rubric.EXPLANATION);
    Map<Axis, Double> scores = new EnumMap<>(Axis.class);
    for (Axis a : Axis.values()) {
      JsonNode v = node.get(a.field);
      if (v == null || v.isNull()) {
        throw new InvalidAnswerException("the answer has no '" + a.field + "' score");
      }
      if (!v.isNumber()) {
        throw new InvalidAnswerException("the '" + a.field + "' score is not a number");
      }
      double d = v.asDouble();
      if (!Double.isFinite(d) || d < Axis.MIN || d > Axis.MAX) {
        throw new InvalidAnswerException(
            "the '" + a.field + "' score " + d + " is outside " + (int) Axis.MIN + ".." + (int) Axis.MAX);
      }
      scores.put(a, d);
    }
    return new Judgement(explanation.isTextual() ? explanation.asText() : "", scores);
  }

  /** The judgement as the cache stores it. */
  ObjectNode toJson(String model) {
    ObjectNode out = Rubric.JSON.createObjectNode();
    out.put("model", model);
    out.put(Rubric.EXPLANATION, explanation);
    for (Axis a : Axis.values()) {
      out.put(a.field, scores.get(a));
    }
    return out;
  }

  /** A model that ignored JSON mode may still wrap its JSON in a Markdown code fence. */
  private static String stripFence(String s) {
    if (!s.startsWith("```")) {
      return s;
    }
    int nl = s.indexOf('\n');
    int end = s.lastIndexOf("```");
    return nl < 0 || end <= nl ? s : s.substring(nl + 1, end).strip();
  }

  /** A short token from the server, fit for a one-line message. */
  private static String safe(String s) {
    String t = s.replaceAll("[^A-Za-z0-9_ .-]", "");
    return t.length() > 40 ? t.substring(0, 40) : t;
  }
}

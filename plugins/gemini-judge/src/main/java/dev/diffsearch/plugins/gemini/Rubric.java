package dev.diffsearch.plugins.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * What the judge is asked: the rubric (system instruction), the per-candidate text, the JSON schema of
 * the answer (explanation first, then the five scores), and the generateContent request body.
 */
final class Rubric {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The answer's free-text field; the schema puts it before the scores so the model reasons first. */
  static final String EXPLANATION = "explanation";

  static final String SYSTEM =
      """
      You are a careful, consistent judge of images made by a generative model. Each request gives you \
      one generated image and the text prompt it was meant to depict. Rate the image on five axes, each \
      a number from 0 (worst) to 10 (best); use the whole scale and decimals where they help.

      - accuracy: does the image show what the prompt asks for, with the attributes the prompt names? \
      An image of something else scores low however good it looks.
      - originality: is this a fresh, non-generic take on the prompt rather than the most stereotyped \
      rendering, while still respecting it?
      - visual_quality: technical quality: clean shapes and edges, plausible shading and texture, no \
      noise, smears, blotches or other artifacts.
      - consistency: internal coherence: the parts belong together, the structure is physically and \
      logically plausible, nothing contradicts anything else in the image.
      - emotional_resonance: does the image evoke a mood or feeling, or hold the viewer's attention?

      Judge the image as it is. It may be small, low resolution or greyscale by design (for instance a \
      28 x 28 Fashion-MNIST style product photo enlarged with hard pixel edges); do not penalise the \
      format itself, only what is drawn. First write a short explanation (two to four sentences) of what \
      you see and why it earns its scores; then give the five scores. Answer with JSON only, exactly in \
      the schema you are given.""";

  private Rubric() {}

  /** The per-candidate text that goes with the image. */
  static String userText(String prompt) {
    return "Prompt: \"" + prompt.replace("\"", "'") + "\"\n"
        + "Rate the image above against this prompt on the five axes.";
  }

  /** The response schema (the API's OpenAPI-subset Schema), explanation first. */
  static ObjectNode responseSchema() {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("type", "OBJECT");
    ObjectNode props = schema.putObject("properties");
    props.putObject(EXPLANATION)
        .put("type", "STRING")
        .put("description", "two to four sentences on what the image shows and why it earns its scores");
    ArrayNode required = schema.putArray("required");
    ArrayNode ordering = schema.putArray("propertyOrdering");
    required.add(EXPLANATION);
    ordering.add(EXPLANATION);
    for (Axis a : Axis.values()) {
      props.putObject(a.field)
          .put("type", "NUMBER")
          .put("minimum", Axis.MIN)
          .put("maximum", Axis.MAX)
          .put("description", a.configName + ", from " + (int) Axis.MIN + " (worst) to " + (int) Axis.MAX + " (best)");
      required.add(a.field);
      ordering.add(a.field);
    }
    return schema;
  }

  /**
   * The generateContent body: rubric as system instruction, image (inline base64 PNG) then text as the
   * user turn, JSON mode with the schema.
   */
  static ObjectNode requestBody(String userText, byte[] png, Double temperature) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("systemInstruction").putArray("parts").addObject().put("text", SYSTEM);
    ObjectNode content = body.putArray("contents").addObject();
    content.put("role", "user");
    ArrayNode parts = content.putArray("parts");
    parts.addObject().putObject("inlineData")
        .put("mimeType", "image/png")
        .put("data", Base64.getEncoder().encodeToString(png));
    parts.addObject().put("text", userText);
    ObjectNode generation = body.putObject("generationConfig");
    generation.put("responseMimeType", "application/json");
    generation.set("responseSchema", responseSchema());
    if (temperature != null) {
      generation.put("temperature", temperature);
    }
    return body;
  }
}

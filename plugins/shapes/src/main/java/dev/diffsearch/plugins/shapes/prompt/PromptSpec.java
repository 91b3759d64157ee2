package dev.diffsearch.plugins.shapes.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.HeldOut;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The structured meaning of a prompt, what the evaluator checks: a GenEval task, the objects asked for,
 * and optionally a relation of {@code objects[0]} to {@code objects[1]}. In prompt files it is the
 * {@code spec} field, written by {@link #toJson()}:
 * {@code {"objects":[{"shape":"circle","colour":"red","count":1},…],"relation":"left of"}}
 * (colour, size and relation omitted when not asked for).
 */
public record PromptSpec(Task task, List<ObjectSpec> objects, Relation relation) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PromptSpec {
    Objects.requireNonNull(task, "task");
    objects = List.copyOf(objects);
    if (objects.isEmpty()) {
      throw new IllegalArgumentException("a prompt asks for at least one object");
    }
    if (relation != null && objects.size() < 2) {
      throw new IllegalArgumentException("a relation needs two objects");
    }
  }

  /** Whether the spec names a held-out colour×shape pair or (shape, relation, shape) triple. */
  public boolean heldOut() {
    for (ObjectSpec o : objects) {
      if (o.colour() != null && HeldOut.pair(o.colour(), o.shape())) {
        return true;
      }
    }
    return relation != null && HeldOut.triple(objects.get(0).shape(), relation, objects.get(1).shape());
  }

  /** Total objects asked for. */
  public int objectCount() {
    return objects.stream().mapToInt(ObjectSpec::count).sum();
  }

  /** The spec as a JSON object (see the class comment). */
  public ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode list = node.putArray("objects");
    for (ObjectSpec o : objects) {
      ObjectNode item = list.addObject();
      item.put("shape", o.shape().word());
      if (o.colour() != null) {
        item.put("colour", o.colour().word());
      }
      if (o.size() != null) {
        item.put("size", o.size().word());
      }
      item.put("count", o.count());
    }
    if (relation != null) {
      node.put("relation", relation.key());
    }
    return node;
  }

  /** The spec of task {@code task} written as {@code json} (a JSON object, or the compact string prompt metadata carries). */
  public static PromptSpec fromJson(Task task, String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject() || !node.path("objects").isArray()) {
      throw new IllegalArgumentException("spec is not an object with an 'objects' list: " + json);
    }
    List<ObjectSpec> objects = new ArrayList<>();
    for (JsonNode item : node.get("objects")) {
      objects.add(new ObjectSpec(
          Shape.of(item.path("shape").asText()),
          item.hasNonNull("colour") ? Colour.of(item.get("colour").asText()) : null,
          item.hasNonNull("size") ? Size.of(item.get("size").asText()) : null,
          item.path("count").asInt(1)));
    }
    Relation relation = node.hasNonNull("relation") ? Relation.of(node.get("relation").asText()) : null;
    return new PromptSpec(task, objects, relation);
  }
}

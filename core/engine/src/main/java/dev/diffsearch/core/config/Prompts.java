package dev.diffsearch.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompts of {@code conditions.prompts} (a list of strings or of {@code {id, prompt, ...metadata}}
 * mappings) or {@code conditions.prompts-file} (one prompt a line, plain text or a JSON object of the same
 * form; blank lines skipped). A prompt without an id gets {@code p0000}, {@code p0001}, … by position; ids
 * are unique and texts not blank.
 */
final class Prompts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Prompts() {}

  /** The prompts of the YAML list at {@code conditions.prompts}. */
  static List<Condition.Prompt> fromList(JsonNode list) {
    String path = "conditions.prompts";
    if (!list.isArray()) {
      throw new ConfigException(path, "expected a list of prompts, got " + list.getNodeType().toString().toLowerCase());
    }
    if (list.isEmpty()) {
      throw new ConfigException(path, "empty: give at least one prompt");
    }
    Builder b = new Builder();
    for (int i = 0; i < list.size(); i++) {
      b.add(list.get(i), path + "[" + i + "]");
    }
    return b.prompts;
  }

  /** The prompts of {@code file}, named in errors as {@code conditions.prompts-file} and the file's line. */
  static List<Condition.Prompt> fromFile(Path file) {
    String path = "conditions.prompts-file";
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(path, "no such file: " + file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(path, "cannot read " + file + ": " + e.getMessage());
    }
    Builder b = new Builder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = path + " (" + file + " line " + (i + 1) + ")";
      JsonNode node;
      if (line.startsWith("{")) {
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new ConfigException(where, "not a JSON object: " + e.getOriginalMessage().replace('\n', ' '));
        }
      } else {
        node = JSON.getNodeFactory().textNode(line);
      }
      b.add(node, where);
    }
    if (b.prompts.isEmpty()) {
      throw new ConfigException(path, file + " has no prompts");
    }
    return b.prompts;
  }

  /** Prompts in order, their ids checked unique. */
  private static final class Builder {

    final List<Condition.Prompt> prompts = new ArrayList<>();
    final Map<String, String> seen = new HashMap<>();

    void add(JsonNode node, String where) {
      String id = String.format("p%04d", prompts.size());
      String text;
      Map<String, String> metadata = new LinkedHashMap<>();
      if (node.isTextual()) {
        text = node.asText();
      } else if (node.isObject()) {
        JsonNode p = node.get("prompt");
        if (p == null || !p.isTextual()) {
          throw new ConfigException(where + ".prompt", p == null ? "missing: the prompt text is required"
              : "wrong type: expected a string, got " + p);
        }
        text = p.asText();
        JsonNode given = node.get("id");
        if (given != null) {
          if (!given.isTextual() && !given.isIntegralNumber() || given.asText().isBlank()) {
            throw new ConfigException(where + ".id", "expected a non-empty string, got " + given);
          }
          id = given.asText();
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          if (!f.getKey().equals("prompt") && !f.getKey().equals("id")) {
            metadata.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
          }
        }
      } else {
        throw new ConfigException(where, "expected a prompt (a string, or a mapping with id and prompt), got " + node);
      }
      String textPath = node.isObject() ? where + ".prompt" : where;
      if (text.isBlank()) {
        throw new ConfigException(textPath, "empty prompt");
      }
      String before = seen.putIfAbsent(id, where);
      if (before != null) {
        throw new ConfigException(node.isObject() ? where + ".id" : where, "duplicate prompt id '" + id + "' (first at " + before + ")");
      }
      prompts.add(new Condition.Prompt(id, text, metadata));
    }
  }
}

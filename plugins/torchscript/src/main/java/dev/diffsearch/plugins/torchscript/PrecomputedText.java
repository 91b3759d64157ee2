package dev.diffsearch.plugins.torchscript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompt embeddings computed offline: {@code embeddings} (float32 {@code .npy} {@code [P, L, D]}), an
 * optional {@code mask} (float32 {@code .npy} {@code [P, L]}, 1 = token, 0 = padding; all tokens without
 * one) and {@code prompts} (JSONL: line r is {@code {"prompt": "..."}}, the text of row r). A prompt is
 * looked up by its exact text; one that is not in the file is a config error naming the file and the prompt.
 */
final class PrecomputedText implements TextSource {

  private final TextEncoding all;
  private final Map<String, Integer> rowOf;
  private final Path promptsFile;

  private PrecomputedText(TextEncoding all, Map<String, Integer> rowOf, Path promptsFile) {
    this.all = all;
    this.rowOf = rowOf;
    this.promptsFile = promptsFile;
  }

  /** Reads the three files; each problem is a one-line config error at its key ({@code text.embeddings}, …). */
  static PrecomputedText open(Path embeddingsFile, Path maskFile, Path promptsFile) {
    Npy.Array embeddings = readNpy(embeddingsFile, "text.embeddings", "embeddings");
    long[] shape = embeddings.shape();
    if (shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
      throw ConfigException.at("text.embeddings", "torchscript: " + embeddingsFile + " holds shape "
          + Arrays.toString(shape) + "; token embeddings are [P, L, D] (prompts, tokens, width)");
    }
    int p = (int) shape[0];
    int length = (int) shape[1];
    long[] mask = new long[p * length];
    if (maskFile == null) {
      Arrays.fill(mask, 1);
    } else {
      Npy.Array m = readNpy(maskFile, "text.mask", "mask");
      if (!Arrays.equals(m.shape(), new long[] {p, length})) {
        throw ConfigException.at("text.mask", "torchscript: " + maskFile + " holds shape " + Arrays.toString(m.shape())
            + "; the mask of embeddings " + Arrays.toString(shape) + " is [" + p + ", " + length + "]");
      }
      for (int i = 0; i < mask.length; i++) {
        float v = m.data()[i];
        if (v != 0 && v != 1) {
          throw ConfigException.at("text.mask", "torchscript: " + maskFile + " holds " + v + " at row " + i / length
              + ", position " + i % length + "; a mask holds 1 (token) and 0 (padding)");
        }
        mask[i] = (long) v;
      }
    }
    Map<String, Integer> rows = readPrompts(promptsFile, p);
    return new PrecomputedText(new TextEncoding(embeddings.data(), mask, p, length, (int) shape[2]), rows, promptsFile);
  }

  private static Npy.Array readNpy(Path file, String key, String what) {
    if (!Files.isRegularFile(file)) {
      throw ConfigException.at(key, "torchscript: no " + what + " file at " + file);
    }
    try {
      return Npy.decode(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw ConfigException.at(key, "torchscript: cannot read " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ConfigException.at(key, "torchscript: " + e.getMessage());
    }
  }

  /** Each prompt's row: line r of {@code file} is row r; blank lines are not rows. */
  private static Map<String, Integer> readPrompts(Path file, int expected) {
    if (!Files.isRegularFile(file)) {
      throw ConfigException.at("text.prompts", "torchscript: no prompts file at " + file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw ConfigException.at("text.prompts", "torchscript: cannot read " + file + ": " + e.getMessage());
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> rows = new HashMap<>();
    Map<Integer, Integer> lineOfRow = new HashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = "torchscript: " + file + " line " + (n + 1) + ": ";
      JsonNode prompt;
      try {
        prompt = json.readTree(line).path("prompt");
      } catch (JsonProcessingException e) {
        throw ConfigException.at("text.prompts", where + "not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("")
            + "); each line is {\"prompt\": \"...\"}");
      }
      if (!prompt.isTextual()) {
        throw ConfigException.at("text.prompts", where + "no \"prompt\" string; each line is {\"prompt\": \"...\"}");
      }
      int row = lineOfRow.size();
      Integer before = rows.putIfAbsent(prompt.asText(), row);
      if (before != null) {
        throw ConfigException.at("text.prompts", where + "prompt \"" + prompt.asText() + "\" repeats line "
            + lineOfRow.get(before));
      }
      lineOfRow.put(row, n + 1);
    }
    if (rows.size() != expected) {
      throw ConfigException.at("text.prompts", "torchscript: " + file + " names " + rows.size()
          + " prompts for " + expected + " rows of embeddings");
    }
    return rows;
  }

  @Override
  public TextEncoding encode(List<String> texts) {
    int[] rows = new int[texts.size()];
    for (int i = 0; i < rows.length; i++) {
      Integer row = rowOf.get(texts.get(i));
      if (row == null) {
        String text = texts.get(i);
        throw new ConfigException("model.text.prompts", "torchscript: prompt \"" + text + "\" is not in " + promptsFile
            + (text.isEmpty() ? " (the empty prompt is guidance's null condition: add a row for it)" : "")
            + "; precompute its embeddings, or use text.encoder");
      }
      rows[i] = row;
    }
    return all.gather(rows);
  }

  @Override
  public TextEncoding probeRow() {
    return all.gather(new int[] {0});
  }
}

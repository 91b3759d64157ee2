package dev.diffsearch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conditions.prompts} and {@code conditions.prompts-file}: prompts with ids and metadata, and one
 * line naming the YAML path (and the file's line) for each kind of bad input.
 */
class PromptConfigTest {

  static final String BASE = String.join("\n",
      "model: {name: m}",
      "sampler: {search: {name: heun, steps: 5}}",
      "verifier: {name: v}",
      "search: {name: random, nfe: 100}",
      "");

  private static PipelineSpec spec(String conditions, Path dir) {
    return PipelineSpec.from(ConfigLoader.parse(BASE + "conditions: " + conditions, "p.yaml"), dir);
  }

  @Test
  void inlinePromptsAreStringsOrMappingsWithIdAndMetadata(@TempDir Path dir) {
    PipelineSpec spec = spec("{prompts: ['a cat', {id: dog, prompt: 'a dog', category: animals, level: 2}], "
        + "samples-per-prompt: 3}", dir);
    assertThat(spec.prompts()).containsExactly(
        new Condition.Prompt("p0000", "a cat"),
        new Condition.Prompt("dog", "a dog", Map.of("category", "animals", "level", "2")));
    assertThat(spec.samplesPerPrompt()).isEqualTo(3);
    assertThat(spec.classes()).isEmpty();
  }

  @Test
  void aPromptsFileHoldsPlainLinesOrJsonObjects(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("p.txt"), "a cat\n\n{\"id\": 7, \"prompt\": \"a dog\", \"tags\": [\"x\"]}\n");
    PipelineSpec spec = spec("{prompts-file: p.txt}", dir);
    assertThat(spec.prompts()).containsExactly(
        new Condition.Prompt("p0000", "a cat"), new Condition.Prompt("7", "a dog", Map.of("tags", "[\"x\"]")));
    assertThat(spec.samplesPerPrompt()).isEqualTo(1);
  }

  @Test
  void classRunsReadAsBefore(@TempDir Path dir) {
    PipelineSpec spec = spec("{classes: [3], samples-per-class: 2}", dir);
    assertThat(spec.prompts()).isEmpty();
    assertThat(spec.classes()).containsExactly(3);
    assertThat(spec.samplesPerClass()).isEqualTo(2);
  }

  @Test
  void badPromptsNameTheirPathInOneLine(@TempDir Path dir) throws IOException {
    assertBad(dir, "{prompts: ['a cat', '  ']}", "conditions.prompts[1]: empty prompt");
    assertBad(dir, "{prompts: [{id: a, prompt: x}, {id: a, prompt: y}]}",
        "conditions.prompts[1].id: duplicate prompt id 'a' (first at conditions.prompts[0])");
    assertBad(dir, "{prompts: [{id: a}]}", "conditions.prompts[0].prompt: missing: the prompt text is required");
    assertBad(dir, "{prompts: []}", "conditions.prompts: empty: give at least one prompt");
    assertBad(dir, "{prompts: a cat}", "conditions.prompts: expected a list of prompts, got string");
    assertBad(dir, "{classes: [1], prompts: [x]}", "conditions.classes: set classes or prompts, not both");
    assertBad(dir, "{prompts: [x], prompts-file: p.txt}", "conditions.prompts-file: set prompts or prompts-file, not both");
    assertBad(dir, "{prompts: [x], samples-per-class: 2}",
        "conditions.samples-per-class: a prompt run counts samples-per-prompt");
    assertBad(dir, "{classes: [1], samples-per-prompt: 2}",
        "conditions.samples-per-prompt: samples-per-prompt needs prompts or prompts-file");
    assertBad(dir, "{prompts: [x], samples-per-prompt: 0}", "conditions.samples-per-prompt: must be between 1 and 1000000, got 0");
    Path missing = dir.resolve("nope.jsonl");
    assertBad(dir, "{prompts-file: nope.jsonl}", "conditions.prompts-file: no such file: " + missing);
    Path file = Files.writeString(dir.resolve("bad.jsonl"), "a cat\n{\"prompt\": \"a dog\"\n");
    assertBad(dir, "{prompts-file: bad.jsonl}", "conditions.prompts-file (" + file + " line 2): not a JSON object: ",
        true);
    Files.writeString(file, "{\"id\": \"a\", \"prompt\": \"x\"}\n{\"id\": \"a\", \"prompt\": \"y\"}\n");
    assertBad(dir, "{prompts-file: bad.jsonl}", "conditions.prompts-file (" + file + " line 2).id: duplicate prompt id "
        + "'a' (first at conditions.prompts-file (" + file + " line 1))");
  }

  private static void assertBad(Path dir, String conditions, String message) {
    assertBad(dir, conditions, message, false);
  }

  private static void assertBad(Path dir, String conditions, String message, boolean prefix) {
    var thrown = assertThatThrownBy(() -> spec(conditions, dir)).as(conditions).isInstanceOf(ConfigException.class);
    if (prefix) {
      thrown.hasMessageStartingWith(message).hasMessageNotContaining("\n");
    } else {
      thrown.hasMessage(message);
    }
  }
}

package dev.diffsearch.plugins.shapes.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.plugins.shapes.prompt.Realiser;
import dev.diffsearch.plugins.shapes.suite.PromptSuites;
import dev.diffsearch.plugins.shapes.suite.SuitePrompt;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory of suite prompts judged from its images: per task, overall, held-out, failures named. */
class RunEvaluationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void judgesEachKeptImageAgainstItsPromptsSpec(@TempDir Path tmp) throws Exception {
    List<SuitePrompt> all = PromptSuites.geneval();
    List<SuitePrompt> suite = new java.util.ArrayList<>();
    for (int i = 0; i < 45; i++) {
      suite.add(all.get(i * 11)); // every task
    }
    all.stream().filter(SuitePrompt::heldOut).limit(15).forEach(suite::add);
    Path run = tmp.resolve("run");
    Files.createDirectories(run.resolve("images"));
    ObjectNode summary = JSON.createObjectNode();
    ArrayNode outputs = summary.putArray("outputs");
    SplittableRandom random = new SplittableRandom(4);
    int wrong = 0;
    for (int i = 0; i < 60; i++) {
      SuitePrompt p = suite.get(i);
      String id = String.format("o%04d-p%04d-s000", i, i);
      Realiser realiser = new Realiser(p.heldOut() ? Split.HELD_OUT : Split.TRAINING);
      float[] image;
      if (i % 10 == 3) { // a tenth show a contradicting scene (distractors avoid the prompt's shapes): they must fail
        Mismatch miss = Mismatch.of(p.spec(), random);
        image = Canvas.render(realiser.realise(miss.spec(), miss.avoid(), random));
        wrong++;
      } else {
        image = Canvas.render(realiser.realise(p.spec(), random));
      }
      Files.write(run.resolve("images").resolve(id + ".png"), Png.encode(image, 3, 32, 32));
      ObjectNode o = outputs.addObject().put("id", id);
      ObjectNode prompt = o.putObject("prompt").put("id", p.id()).put("text", p.prompt());
      prompt.putObject("metadata").put("task", p.spec().task().tag()).put("spec", p.spec().toJson().toString());
    }
    JSON.writeValue(run.resolve("summary.json").toFile(), summary);
    try (NDManager m = NDManager.newBaseManager()) {
      ObjectNode metrics = RunEvaluation.evaluate(run, null, m); // the shipped encoder
      assertThat(metrics.path("outputs").asInt()).isEqualTo(60);
      JsonNode geneval = metrics.path("geneval");
      assertThat(geneval.size()).isEqualTo(7); // six tasks and overall
      int passed = 0;
      for (String task : List.of("single_object", "two_object", "counting", "colors", "position", "color_attr")) {
        passed += (int) Math.round(geneval.path(task).path("accuracy").asDouble() * geneval.path(task).path("outputs").asInt());
      }
      assertThat(passed).isEqualTo(60 - wrong);
      assertThat(metrics.path("failures")).hasSize(wrong);
      assertThat(metrics.path("failures").get(0).path("id").asText()).isEqualTo("o0003-p0003-s000");
      assertThat(metrics.path("geneval-held-out").path("overall").isNumber()).isTrue();
      assertThat(metrics.path("clip-score").isNumber()).isTrue();
      assertThat(metrics.path("fd-dual-encoder").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(JSON.readTree(run.resolve("metrics.json").toFile())).isEqualTo(metrics);
      var grid = javax.imageio.ImageIO.read(run.resolve("grid.png").toFile());
      assertThat(grid.getWidth()).isEqualTo(10 * 32);
      assertThat(grid.getHeight()).isEqualTo(6 * 32); // 60 outputs, 10 a row
    }
  }

  @Test
  void aRunWithoutSuiteMetadataIsRefusedNamingTheOutput(@TempDir Path run) throws Exception {
    Files.writeString(run.resolve("summary.json"), "{\"outputs\": [{\"id\": \"o0000-class00-s000\", \"class\": 0}]}");
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> RunEvaluation.evaluate(run, null, m))
          .hasMessageContaining("output o0000-class00-s000 has no prompt with task and spec metadata");
    }
  }
}

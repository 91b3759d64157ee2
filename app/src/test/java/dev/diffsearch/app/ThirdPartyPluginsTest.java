package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped third-party plugins load from the distribution's plugins directory, not the class path. */
class ThirdPartyPluginsTest {

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @Test
  void pluginsListsTheThirdPartyExtensionsWithTheirPluginOrigins() {
    Fixtures.assertPluginsLists("model\\s+torchscript\\s+torchscript@", "verifier\\s+gemini-judge\\s+gemini-judge@",
        "verifier\\s+ensemble\\s+built-in", "verifier\\s+oracle-is\\s+fashion-mnist@",
        "verifier\\s+oracle-fid\\s+fashion-mnist@");
  }

  @Test
  void theTorchScriptExampleRunsFromThePluginJarAndRegeneratesBitIdentically(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.runPipeline(Fixtures.repoDir().resolve("examples/torchscript.yaml"), run,
        "--set", "conditions.classes=[1, 2]");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    ObjectNode runJson = Fixtures.readJson(run.resolve("run.json"));
    assertThat(runJson.path("extensions").path("model").asText()).startsWith("torchscript (torchscript@");
    JsonNode outputs = Fixtures.readJson(run.resolve("summary.json")).path("outputs");
    assertThat(outputs).hasSize(2);
    for (JsonNode o : outputs) {
      // guidance 1.5: two forward passes per NFE
      assertThat(o.path("forward-passes").asLong()).isEqualTo(2 * (o.path("search-nfe").asLong() + o.path("final-nfe").asLong()));
      String id = o.path("id").asText();
      Path png = tmp.resolve(id + ".png");
      Cli.Result regen = Cli.run("regenerate", run.toString(), "--output", id, "--png", png.toString(),
          "--plugins-dir", Fixtures.pluginsDir().toString());
      assertThat(regen.exitCode()).as(regen.transcript()).isZero();
      assertThat(Files.readAllBytes(png)).isEqualTo(Files.readAllBytes(run.resolve("images").resolve(id + ".png")));
    }
  }
}

package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example in docs/plugins.md compiles outside the main class path, loads as a plugin and runs. */
class PluginGuideTest {

  @Test
  void theGuidesVerifierBuildsLoadsAndRunsInAPipeline(@TempDir Path tmp) throws IOException {
    String guide = Files.readString(Fixtures.repoDir().resolve("docs/plugins.md"));
    Matcher java = Pattern.compile("```java\\n(package org\\.example;.*?)```", Pattern.DOTALL).matcher(guide);
    assertThat(java.find()).as("a java block in docs/plugins.md").isTrue();
    Path plugins = tmp.resolve("plugins");
    TestPluginJars.copyReal(plugins, "gaussian-mixture.jar");
    TestPluginJars.plugin("my-verifier").version("1.0.0").requires(">=0.1.0")
        .extension("org.example.Contrast", java.group(1)).writeTo(plugins);

    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "contrast").origin().toString())
          .isEqualTo("my-verifier@1.0.0");
    }

    Fixtures.engine();
    ObjectNode root = Fixtures.smallQuickstart(tmp, 1, 5);
    root.set("verifier", Fixtures.parseYaml("{name: contrast, gain: 2.0}"));
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run("run", Fixtures.writeYaml(tmp, "guide.yaml", root).toString(), "--out", run.toString(),
        "--plugins-dir", plugins.toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(Fixtures.candidates(run)).allSatisfy(c -> assertThat(c.path("score").asDouble()).isPositive());

    root.set("verifier", Fixtures.parseYaml("{name: contrast, gain: -1}"));
    Cli.Result bad = Cli.run("run", Fixtures.writeYaml(tmp, "bad.yaml", root).toString(), "--out",
        tmp.resolve("bad").toString(), "--plugins-dir", plugins.toString(), "--no-progress");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.errorLines()).singleElement().asString().isEqualTo("error: verifier.gain: must be > 0, got -1.0");
  }
}

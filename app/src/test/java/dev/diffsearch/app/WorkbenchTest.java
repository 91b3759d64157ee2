package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.Runs;
import dev.diffsearch.core.run.Workbench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs through one {@link Workbench} (what a Spark executor keeps): the plugins start once and a model opens once
 * per model block however many runs use it, one after another or at once, and every run's files are those of a
 * plain run.
 */
class WorkbenchTest {

  @TempDir Path tmp;

  @Test
  void runsShareOneModelPerModelBlockAndMakeThePlainRunsFiles() throws Exception {
    Environment.engine();
    Path base = tmp.resolve("base.yaml");
    Files.copy(Fixtures.repoDir().resolve("examples/quickstart.yaml"), base);
    PluginDirs plugins = PluginDirs.only(Fixtures.pluginsDir());
    List<String> small = List.of("sampler.search.steps=4", "sampler.final.steps=4", "conditions.classes=[0, 1]",
        "search.nfe=14");
    try (Workbench workbench = new Workbench()) {
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (String seed : List.of("1", "2", "3")) { // two at once, then the third: one model between them
          runs.add(two.submit(() -> Runs.start(request(base, small, "seed=" + seed, plugins), workbench)));
        }
        for (Future<?> f : runs) {
          f.get();
        }
      } finally {
        two.shutdown();
      }
      assertThat(workbench.modelLoads()).isEqualTo(1);
      Runs.start(request(base, small, "model.variant=l", plugins), workbench);
      assertThat(workbench.modelLoads()).as("another model block opens another model").isEqualTo(2);
      assertThat(workbench.pluginStarts()).isEqualTo(1);
    }
    for (String seed : List.of("1", "3")) {
      List<String> args = new ArrayList<>();
      for (String s : small) {
        args.addAll(List.of("--set", s));
      }
      args.addAll(List.of("--set", "seed=" + seed));
      Cli.Result r = Cli.runPipeline(base, tmp.resolve("plain-seed=" + seed), args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.transcript()).isZero();
      assertThat(SweepTest.files(tmp.resolve("seed=" + seed))).isEqualTo(SweepTest.files(tmp.resolve("plain-seed=" + seed)));
    }
  }

  private Runs.Request request(Path base, List<String> small, String set, PluginDirs plugins) {
    List<String> overrides = new ArrayList<>(small);
    overrides.add(set);
    return new Runs.Request(base, overrides, tmp.resolve(set), plugins, System::getenv, Progress.Listener.NONE);
  }
}

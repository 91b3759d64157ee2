package dev.diffsearch.app;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diffsearch regenerate RUN_DIR --output ID [--noise FILE.npy] [--png OUT.png]}. */
@Command(name = "regenerate", mixinStandardHelpOptions = true,
    description = {"Regenerates a kept sample from its saved noise and checks it bit for bit.",
        "It replays the sample's recipe with the run's run.json and compares the result with the run's image."})
final class RegenerateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR")
  Path runDir;

  @Option(names = "--output", required = true, paramLabel = "ID", description = "output id, as in summary.json")
  String output;

  @Option(names = "--noise", paramLabel = "FILE.npy", description = "another noise (default: noises/ID.npy)")
  Path noise;

  @Option(names = "--png", paramLabel = "OUT.png", description = "where to write the image")
  Path png;


  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    PluginDirs plugins = common.startEngine();
    byte[] bytes = Runs.regenerate(runDir, output, noise, plugins, System::getenv);
    if (png != null) {
      Files.write(png, bytes);
      common.out().println("wrote " + png);
    }
    Path kept = runDir.resolve("images").resolve(output + ".png");
    if (noise == null) {
      if (!Files.isRegularFile(kept)) {
        throw new ConfigException(kept.toString(), "no kept image to compare with");
      }
      boolean same = Arrays.equals(bytes, Files.readAllBytes(kept));
      common.out().println(same ? "identical to " + kept : "DIFFERS from " + kept);
      return same ? 0 : 1;
    }
    return 0;
  }
}

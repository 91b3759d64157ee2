package dev.diffsearch.app;

import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code diffsearch plugins}: one line per extension: kind, name, origin. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "Lists every extension: kind, name, origin (built-in, or plugin id@version).")
final class PluginsCommand implements Callable<Integer> {


  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Path dir = common.startEngine();
    try (PluginRuntime runtime = PluginRuntime.start(dir)) {
      common.out().printf("%-10s %-22s %-34s %s%n", "KIND", "NAME", "ORIGIN", "DESCRIPTION");
      for (ExtensionRegistry.Entry e : runtime.registry().entries()) {
        common.out().printf("%-10s %-22s %-34s %s%n",
            e.kind().label(), e.name(), e.origin(), e.extension().description());
      }
      common.out().println("plugins directory: " + (dir == null ? "(none)" : dir.toAbsolutePath()));
    }
    return 0;
  }
}

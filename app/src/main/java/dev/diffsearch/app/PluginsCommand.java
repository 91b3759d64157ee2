package dev.diffsearch.app;

import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code diffsearch plugins}: one line per extension: kind, name, origin. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = {"Lists every extension: kind, name, origin.",
        "The origin is built-in or the plugin's id@version; the list ends with the",
        "bundled and the user plugins directory (see --plugins-dir)."})
final class PluginsCommand implements Callable<Integer> {


  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PluginDirs dirs = common.startEngine();
    try (PluginRuntime runtime = PluginRuntime.start(dirs)) {
      common.out().printf("%-10s %-22s %-34s %s%n", "KIND", "NAME", "ORIGIN", "DESCRIPTION");
      for (ExtensionRegistry.Entry e : runtime.registry().entries()) {
        common.out().printf("%-10s %-22s %-34s %s%n",
            e.kind().label(), e.name(), e.origin(), e.extension().description());
      }
      common.out().println("bundled plugins: " + (dirs.bundled() == null ? "(none)" : dirs.bundled().toAbsolutePath()));
      common.out().println("user plugins: " + dirs.describeUser());
    }
    return 0;
  }
}

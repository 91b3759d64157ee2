package dev.diffsearch.app;

import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diffsearch plugins}: one line per extension: kind, name, origin. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "Lists every extension: kind, name, origin (built-in, or plugin id@version).")
final class PluginsCommand implements Callable<Integer> {

  @Option(names = "--plugins-dir", paramLabel = "DIR", description = "plugins directory (default: plugins/ beside the launcher)")
  Path pluginsDir;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    Environment.engine();
    Path dir = pluginsDir != null ? pluginsDir : Environment.defaultPluginsDir();
    try (PluginRuntime runtime = PluginRuntime.start(dir)) {
      System.out.printf("%-10s %-22s %-34s %s%n", "KIND", "NAME", "ORIGIN", "DESCRIPTION");
      for (ExtensionRegistry.Entry e : runtime.registry().entries()) {
        System.out.printf("%-10s %-22s %-34s %s%n",
            e.kind().label(), e.name(), e.origin(), e.extension().description());
      }
      System.out.println("plugins directory: " + (dir == null ? "(none)" : dir.toAbsolutePath()));
    }
    return 0;
  }
}

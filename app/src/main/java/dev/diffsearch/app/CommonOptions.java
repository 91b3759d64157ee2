package dev.diffsearch.app;

import dev.diffsearch.core.plugin.PluginDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every engine command takes. */
final class CommonOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--plugins-dir", paramLabel = "DIR",
      description = {"your plugins directory (must exist), loaded besides",
          "the bundled plugins of the distribution; default:",
          "$DIFFSEARCH_PLUGINS, else ~/.diffsearch/plugins;",
          "overrides a pipeline's plugins.dir"})
  Path pluginsDir;

  @Option(names = "--verbose", description = "print stack traces on errors")
  boolean verbose;

  /** Standard output of this CLI (the stream given to {@code Main.execute}). */
  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error of this CLI. */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The plugin directories to use, after starting the DJL engine (once, offline, before any plugin). */
  PluginDirs startEngine() {
    Environment.engine();
    return Environment.pluginDirs(pluginsDir);
  }
}

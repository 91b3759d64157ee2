package dev.diffsearch.app;

import dev.diffsearch.core.plugin.PluginDirs;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every engine command shares: its streams and the plugin directories of {@code diffsearch}'s
 * {@code --plugins-dir} (an option of every command, before or after its name). A mixin without options
 * of its own ({@code @Command} marks it one).
 */
@Command
final class CommonOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

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
    return Environment.pluginDirs(((Main) spec.root().userObject()).pluginsDir);
  }
}

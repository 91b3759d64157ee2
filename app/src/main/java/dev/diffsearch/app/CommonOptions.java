package dev.diffsearch.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every engine command takes. */
final class CommonOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--plugins-dir", paramLabel = "DIR", description = "plugins directory (default: plugins/ beside the launcher)")
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

  /** The plugins directory to use, after starting the DJL engine (once, offline, before any plugin). */
  Path startEngine() {
    Environment.engine();
    return pluginsDir != null ? pluginsDir : Environment.defaultPluginsDir();
  }
}

package dev.diffsearch.app;

import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import java.nio.file.Path;

/** Process-wide setup: the DJL engine, once and offline, before any plugin loads; the plugin directories. */
final class Environment {

  private static volatile boolean engineReady;

  private Environment() {}

  static void init() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  /** Starts the DJL engine (PyTorch, offline, NNPACK off) once. */
  static synchronized void engine() {
    if (!engineReady) {
      EngineSetup.start();
      engineReady = true;
    }
  }

  /**
   * The bundled plugins, {@code plugins/} of the distribution ({@code -Ddiffsearch.home}, which the
   * launcher sets), and the user directory: {@code option} ({@code --plugins-dir}) when given, else
   * {@code $DIFFSEARCH_PLUGINS}, else {@code ~/.diffsearch/plugins}.
   */
  static PluginDirs pluginDirs(Path option) {
    String home = System.getProperty("diffsearch.home");
    Path bundled = home == null ? null : Path.of(home, "plugins");
    return PluginDirs.of(bundled, option, System::getenv, Path.of(System.getProperty("user.home")));
  }
}

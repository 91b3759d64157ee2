package dev.diffsearch.app;

import dev.diffsearch.core.engine.EngineSetup;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process-wide setup: the DJL engine, once and offline, before any plugin loads; the default plugins dir. */
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
   * {@code plugins/} beside the launcher: {@code -Ddiffsearch.plugins.dir}, else
   * {@code $DIFFSEARCH_HOME/plugins} ({@code -Ddiffsearch.home}), else {@code ./plugins}.
   */
  static Path defaultPluginsDir() {
    String dir = System.getProperty("diffsearch.plugins.dir");
    if (dir != null) {
      return Path.of(dir);
    }
    String home = System.getProperty("diffsearch.home", System.getenv("DIFFSEARCH_HOME"));
    if (home != null) {
      return Path.of(home, "plugins");
    }
    Path local = Path.of("plugins");
    return Files.isDirectory(local) ? local : null;
  }
}

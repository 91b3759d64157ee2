package dev.diffsearch.core.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the engine the way the app does (offline, NNPACK off) before any test of a module that has
 * core's test jar on its test class path, so no test prints libtorch's NNPACK warning per convolution.
 * Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class QuietEngineForTests implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    EngineSetup.start();
  }
}

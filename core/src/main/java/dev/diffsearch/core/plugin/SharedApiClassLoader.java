package dev.diffsearch.core.plugin;

import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader that takes the host's API packages from the application class loader and
 * everything else from the plugin first. DJL and its natives, the core SPI, Guice and slf4j must exist
 * once: a second copy breaks native loading and {@code instanceof}.
 */
final class SharedApiClassLoader extends PluginClassLoader {

  /** Package prefixes always loaded by the parent (the host). */
  static final List<String> SHARED_PACKAGES =
      List.of(
          "dev.diffsearch.core.",
          "ai.djl.",
          "com.google.inject.",
          "com.google.common.",
          "jakarta.inject.",
          "javax.inject.",
          "org.slf4j.",
          "com.fasterxml.jackson.",
          "picocli.",
          "org.pf4j.");

  SharedApiClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
    super(manager, descriptor, parent);
  }

  @Override
  public Class<?> loadClass(String className) throws ClassNotFoundException {
    for (String prefix : SHARED_PACKAGES) {
      if (className.startsWith(prefix)) {
        return getParent().loadClass(className);
      }
    }
    return super.loadClass(className);
  }
}

package dev.diffsearch.core.plugin;

import dev.diffsearch.api.PluginApi;
import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader that takes the host's API packages from the application class loader and
 * everything else from the plugin first. DJL and its natives, the plugin API, Guice and slf4j must exist
 * once: a second copy breaks native loading and {@code instanceof}. The engine ({@code dev.diffsearch.core.})
 * is not shared: a plugin asking for one of its classes gets a {@link ClassNotFoundException} that says so
 * ({@link PluginRuntime} skips such a jar before it loads).
 */
final class SharedApiClassLoader extends PluginClassLoader {

  /** Package prefixes always loaded by the parent (the host). */
  static final List<String> SHARED_PACKAGES =
      List.of(
          "dev.diffsearch.api.",
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
    if (className.startsWith(PluginApi.ENGINE_PACKAGE)) {
      throw new ClassNotFoundException(className + " is an engine class, which plugins may not use"
          + " (compile against diffsearch-api)");
    }
    for (String prefix : SHARED_PACKAGES) {
      if (className.startsWith(prefix)) {
        return getParent().loadClass(className);
      }
    }
    return super.loadClass(className);
  }
}

package dev.diffsearch.core.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;

/** Loads a plugin packaged as one jar, through a {@link SharedApiClassLoader}. */
final class SharedApiJarPluginLoader implements PluginLoader {

  private final PluginManager manager;

  SharedApiJarPluginLoader(PluginManager manager) {
    this.manager = manager;
  }

  @Override
  public boolean isApplicable(Path pluginPath) {
    return Files.isRegularFile(pluginPath) && pluginPath.toString().endsWith(".jar");
  }

  @Override
  public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
    SharedApiClassLoader loader =
        new SharedApiClassLoader(manager, descriptor, getClass().getClassLoader());
    loader.addFile(pluginPath.toFile());
    return loader;
  }
}

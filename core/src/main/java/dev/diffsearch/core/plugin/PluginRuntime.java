package dev.diffsearch.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.diffsearch.core.spi.NamedExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J over a plugins directory, with Guice creating every extension. Built-ins are found the same way
 * a plugin's extensions are (the PF4J extension index, here on the class path) and all land in one
 * {@link ExtensionRegistry}. A jar that cannot be loaded (corrupt, no manifest, wrong core version) is
 * skipped with a one-line warning; the others load.
 */
public final class PluginRuntime implements AutoCloseable {

  /** The version of the plugin contract; a plugin's {@code Plugin-Requires} is checked against it. */
  public static final String API_VERSION = "0.1.0";

  private static final Logger log = LoggerFactory.getLogger(PluginRuntime.class);

  private final Manager manager;
  private final ExtensionRegistry registry = new ExtensionRegistry();
  private final List<String> warnings = new ArrayList<>();

  private PluginRuntime(Path pluginsDir, List<Module> modules) {
    List<Module> all = new ArrayList<>(modules);
    all.add(
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(ExtensionRegistry.class).toInstance(registry);
          }
        });
    Injector injector = Guice.createInjector(all);
    this.manager = new Manager(pluginsDir, injector);
    manager.setSystemVersion(API_VERSION);
  }

  /**
   * Loads and starts every plugin jar in {@code pluginsDir} (which may be absent) and registers the
   * built-in and plugin extensions.
   *
   * @param modules extra Guice bindings extensions may inject
   */
  public static PluginRuntime start(Path pluginsDir, Module... modules) {
    PluginRuntime runtime = new PluginRuntime(pluginsDir, List.of(modules));
    try {
      runtime.loadPlugins(pluginsDir);
      runtime.registerExtensions();
      return runtime;
    } catch (RuntimeException e) {
      try {
        runtime.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void loadPlugins(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      log.debug("no plugins directory at {}", dir);
      return;
    }
    List<Path> jars;
    try (Stream<Path> s = Files.list(dir)) {
      jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      warn("cannot list plugins directory " + dir + ": " + e.getMessage());
      return;
    }
    for (Path jar : jars) {
      String problem = checkJar(jar);
      if (problem != null) {
        warn("plugin " + jar.getFileName() + " skipped: " + problem);
        continue;
      }
      try {
        String id = manager.loadPlugin(jar);
        PluginWrapper wrapper = manager.getPlugin(id);
        PluginState state = manager.startPlugin(id);
        if (state != PluginState.STARTED) {
          String why = wrapper.getFailedException() == null ? "" : ": " + wrapper.getFailedException().getMessage();
          warn("plugin " + jar.getFileName() + " (" + id + ") skipped: state " + state + why);
          manager.unloadPlugin(id);
        }
      } catch (RuntimeException e) {
        warn("plugin " + jar.getFileName() + " skipped: " + oneLine(e));
      }
    }
  }

  /**
   * Why a jar cannot be a plugin (unreadable, no Plugin-Id, or built for another plugin API), or null when
   * it may be one.
   */
  private String checkJar(Path jar) {
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      java.util.jar.Manifest manifest = file.getManifest();
      if (manifest == null || manifest.getMainAttributes().getValue("Plugin-Id") == null) {
        return "no Plugin-Id in its manifest (META-INF/MANIFEST.MF)";
      }
      String requires = manifest.getMainAttributes().getValue("Plugin-Requires");
      if (requires != null && !requires.isBlank() && !requires.trim().equals("*")) {
        boolean ok;
        try {
          ok = manager.getVersionManager().checkVersionConstraint(API_VERSION, requires.trim());
        } catch (RuntimeException e) {
          return "its Plugin-Requires '" + requires + "' is not a version constraint";
        }
        if (!ok) {
          return "built for plugin API " + requires.trim() + ", incompatible with this diffsearch (plugin API "
              + API_VERSION + ")";
        }
      }
      return null;
    } catch (IOException e) {
      return "not a readable jar (" + e.getMessage() + ")";
    }
  }

  private void registerExtensions() {
    for (ExtensionKind kind : ExtensionKind.values()) {
      for (NamedExtension extension : manager.getExtensions(kind.type())) {
        PluginWrapper owner = manager.whichPlugin(extension.getClass());
        Origin origin =
            owner == null
                ? Origin.BUILT_IN
                : new Origin(owner.getPluginId(), owner.getDescriptor().getVersion());
        registry.register(kind, extension, origin);
      }
    }
  }

  private void warn(String message) {
    warnings.add(message);
    log.warn(message);
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    while (cause != null) {
      if (cause.getMessage() != null) {
        message = message + ": " + cause.getMessage();
      }
      cause = cause.getCause();
    }
    return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ');
  }

  public ExtensionRegistry registry() {
    return registry;
  }

  /** Warnings about plugins that were skipped. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** The started plugins: id and version. */
  public List<Origin> plugins() {
    return manager.getStartedPlugins().stream()
        .map(p -> new Origin(p.getPluginId(), p.getDescriptor().getVersion()))
        .toList();
  }

  @Override
  public void close() {
    manager.stopPlugins();
    manager.unloadPlugins();
  }

  /** PF4J's manager with our class loading and Guice-made extensions. */
  private static final class Manager extends DefaultPluginManager {

    private final Injector injector;

    Manager(Path pluginsDir, Injector injector) {
      super(pluginsDir == null ? List.of() : List.of(pluginsDir));
      this.injector = injector;
      this.extensionFactory = createExtensionFactory();
    }

    @Override
    protected PluginLoader createPluginLoader() {
      return new CompoundPluginLoader().add(new SharedApiJarPluginLoader(this));
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
      Injector guice = injector;
      return new ExtensionFactory() {
        @Override
        public <T> T create(Class<T> extensionClass) {
          if (guice == null) {
            throw new IllegalStateException("extension factory used before Guice was ready");
          }
          return guice.getInstance(extensionClass);
        }
      };
    }
  }
}

package dev.diffsearch.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import dev.diffsearch.api.PluginApi;
import dev.diffsearch.api.spi.Extensions;
import dev.diffsearch.api.spi.NamedExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.processor.ExtensionStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J over the plugin directories ({@link PluginDirs}: the bundled plugins, then the user's), with
 * Guice creating every extension. Built-ins are found through the PF4J extension index on the class
 * path; a plugin contributes exactly the classes listed in the {@code META-INF/extensions.idx} of its own
 * jar, never one that its class loader finds elsewhere. All land in one {@link ExtensionRegistry}.
 * A jar that cannot be loaded (corrupt, no manifest, no extension index, wrong plugin API, a Plugin-Id
 * another jar in its directory has) is skipped with a one-line warning, and so is an index entry that
 * names no extension of its jar; the others load. A user jar with the Plugin-Id of a bundled one
 * replaces it, with a warning. A plugin compiles against the plugin API ({@code diffsearch-api}) alone: a
 * jar whose classes refer to an engine class ({@code dev.diffsearch.core.}) is skipped with a warning
 * naming the class.
 */
public final class PluginRuntime implements AutoCloseable {

  /**
   * The version of the plugin contract ({@link PluginApi#VERSION}); a plugin's {@code Plugin-Requires} is
   * checked against it.
   */
  public static final String API_VERSION = PluginApi.VERSION;

  /** The extension index PF4J's annotation processor writes into a plugin jar. */
  static final String EXTENSION_INDEX = "META-INF/extensions.idx";

  private static final Logger log = LoggerFactory.getLogger(PluginRuntime.class);

  private final Manager manager;
  private final Injector injector;
  private final ExtensionRegistry registry = new ExtensionRegistry();
  private final List<String> warnings = new ArrayList<>();
  /** The plugins started, in load order, with the jar each came from. */
  private final Map<String, Path> jars = new LinkedHashMap<>();

  private PluginRuntime(List<Path> pluginsDirs, List<Module> modules) {
    List<Module> all = new ArrayList<>(modules);
    all.add(
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(ExtensionRegistry.class).toInstance(registry);
            bind(Extensions.class).toInstance(registry);
          }
        });
    this.injector = Guice.createInjector(all);
    this.manager = new Manager(pluginsDirs, injector);
    manager.setSystemVersion(API_VERSION);
  }

  /**
   * Loads and starts every plugin jar in {@code pluginsDir} (which may be null or absent) and registers
   * the built-in and plugin extensions.
   *
   * @param modules extra Guice bindings extensions may inject
   */
  public static PluginRuntime start(Path pluginsDir, Module... modules) {
    return start(PluginDirs.only(pluginsDir), modules);
  }

  /**
   * Loads and starts the plugin jars of {@code dirs} (bundled, then user) and registers the built-in and
   * plugin extensions.
   *
   * @param modules extra Guice bindings extensions may inject
   * @throws dev.diffsearch.api.config.ConfigException when a user directory that was asked for is missing
   */
  public static PluginRuntime start(PluginDirs dirs, Module... modules) {
    List<Path> scanned = dirs.scanned();
    PluginRuntime runtime = new PluginRuntime(scanned, List.of(modules));
    try {
      runtime.loadPlugins(scanned);
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

  /** A jar that may be a plugin: its file, directory (index into the scanned list) and manifest ids. */
  private record Candidate(Path jar, int dir, String id, String version) {}

  private void loadPlugins(List<Path> dirs) {
    Map<String, Candidate> byId = new LinkedHashMap<>();
    for (int d = 0; d < dirs.size(); d++) {
      for (Path jar : jars(dirs.get(d))) {
        Candidate candidate = checkJar(jar, d);
        if (candidate == null) {
          continue;
        }
        Candidate previous = byId.get(candidate.id());
        if (previous == null) {
          byId.put(candidate.id(), candidate);
        } else if (previous.dir() == d) {
          warn("plugin id '" + candidate.id() + "' is in two jars, " + previous.jar() + " and " + candidate.jar()
              + ": loaded the first, skipped " + candidate.jar().getFileName());
        } else {
          warn("plugin " + candidate.id() + ": " + candidate.jar() + " (" + candidate.version()
              + ") replaces the bundled " + previous.jar() + " (" + previous.version() + ")");
          byId.remove(candidate.id());
          byId.put(candidate.id(), candidate);
        }
      }
    }
    for (Candidate candidate : byId.values()) {
      load(candidate);
    }
  }

  /** The {@code .jar} files of a directory, sorted by name. */
  private List<Path> jars(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      warn("cannot list plugins directory " + dir + ": " + e.getMessage());
      return List.of();
    }
  }

  private void load(Candidate candidate) {
    Path jar = candidate.jar();
    String id;
    try {
      id = manager.loadPlugin(jar);
    } catch (RuntimeException e) {
      warn("plugin " + candidate.id() + " (" + jar + ") skipped: " + oneLine(e));
      return;
    }
    try {
      PluginWrapper wrapper = manager.getPlugin(id);
      PluginState state = manager.startPlugin(id);
      if (state != PluginState.STARTED) {
        String why = wrapper.getFailedException() == null ? "" : ": " + oneLine(wrapper.getFailedException());
        warn("plugin " + id + " (" + jar + ") skipped: state " + state + why);
        manager.unloadPlugin(id);
        return;
      }
      jars.put(id, jar);
    } catch (RuntimeException e) {
      warn("plugin " + id + " (" + jar + ") skipped: " + oneLine(e));
      manager.unloadPlugin(id);
    }
  }

  /**
   * The jar as a plugin to load, or null (with a warning) when it cannot be one: unreadable, no
   * Plugin-Id, no extension index, built for another plugin API, or using an engine class.
   */
  private Candidate checkJar(Path jar, int dir) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String id = manifest == null ? null : manifest.getMainAttributes().getValue("Plugin-Id");
      if (id == null || id.isBlank()) {
        warn("plugin " + jar + " skipped: no Plugin-Id in its manifest (META-INF/MANIFEST.MF)");
        return null;
      }
      id = id.trim();
      String version = manifest.getMainAttributes().getValue("Plugin-Version");
      String requires = manifest.getMainAttributes().getValue("Plugin-Requires");
      if (requires != null && !requires.isBlank() && !requires.trim().equals("*")) {
        boolean ok;
        try {
          ok = manager.getVersionManager().checkVersionConstraint(API_VERSION, requires.trim());
        } catch (RuntimeException e) {
          warn("plugin " + id + " (" + jar + ") skipped: its Plugin-Requires '" + requires
              + "' is not a version constraint");
          return null;
        }
        if (!ok) {
          warn("plugin " + id + " (" + jar + ") skipped: built for plugin API " + requires.trim()
              + ", incompatible with this diffsearch (plugin API " + API_VERSION + ")");
          return null;
        }
      }
      if (file.getEntry(EXTENSION_INDEX) == null) {
        warn("plugin " + id + " (" + jar + "): no " + EXTENSION_INDEX
            + " — was it compiled with annotation processing? skipped");
        return null;
      }
      String engineClass = engineClass(file);
      if (engineClass != null) {
        warn("plugin " + id + " (" + jar + ") skipped: uses engine class " + engineClass
            + ", which plugins may not use (compile against diffsearch-api)");
        return null;
      }
      return new Candidate(jar, dir, id, version == null ? "?" : version.trim());
    } catch (IOException | SecurityException e) {
      warn("plugin " + jar + " skipped: not a readable jar (" + e.getMessage() + ")");
      return null;
    }
  }

  /** The internal-form prefix of the engine's classes, as a class file's constant pool spells them. */
  private static final byte[] ENGINE_REFERENCE =
      PluginApi.ENGINE_PACKAGE.replace('.', '/').getBytes(StandardCharsets.UTF_8);

  /**
   * The first engine class a class file of {@code jar} refers to (its constant pool names every class
   * it uses, in internal form), or null when none does.
   */
  static String engineClass(JarFile jar) throws IOException {
    for (JarEntry entry : java.util.Collections.list(jar.entries())) {
      if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
        continue;
      }
      byte[] bytes;
      try (InputStream in = jar.getInputStream(entry)) {
        bytes = in.readAllBytes();
      }
      int at = indexOf(bytes, ENGINE_REFERENCE);
      if (at >= 0) {
        int end = at;
        while (end < bytes.length && isNamePart(bytes[end])) {
          end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.UTF_8).replace('/', '.');
      }
    }
    return null;
  }

  private static boolean isNamePart(byte b) {
    return b == '/' || b == '$' || b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z');
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void registerExtensions() {
    for (ExtensionKind kind : ExtensionKind.values()) {
      for (NamedExtension extension : manager.getExtensions(kind.type())) {
        registry.register(kind, extension, Origin.BUILT_IN);
      }
    }
    for (Map.Entry<String, Path> plugin : jars.entrySet()) {
      PluginWrapper wrapper = manager.getPlugin(plugin.getKey());
      Origin origin = new Origin(wrapper.getPluginId(), wrapper.getDescriptor().getVersion());
      Set<String> index;
      try {
        index = index(plugin.getValue());
      } catch (IOException e) {
        warn("plugin " + plugin.getKey() + " (" + plugin.getValue() + ") skipped: cannot read its " + EXTENSION_INDEX
            + " (" + e.getMessage() + ")");
        continue;
      }
      for (String className : index) {
        registerPluginExtension(wrapper, plugin.getValue(), className, origin);
      }
    }
  }

  /** The class names listed in the extension index of {@code jar} itself, in order. */
  private static Set<String> index(Path jar) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(EXTENSION_INDEX);
      if (entry != null) {
        try (Reader reader = new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8)) {
          ExtensionStorage.read(reader, names);
        }
      }
    }
    return names;
  }

  /** Loads, checks and creates one index entry of a plugin; a bad one is skipped with a warning. */
  private void registerPluginExtension(PluginWrapper wrapper, Path jar, String className, Origin origin) {
    String where = "plugin " + wrapper.getPluginId() + " (" + jar + "): " + EXTENSION_INDEX + " names " + className;
    ClassLoader loader = wrapper.getPluginClassLoader();
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      warn(where + ", which is not in the jar; entry skipped");
      return;
    } catch (LinkageError e) {
      warn(where + ", which cannot be loaded (" + describe(e) + "); entry skipped");
      return;
    }
    if (type.getClassLoader() != loader) {
      warn(where + ", which is not in the jar (the host has it); entry skipped");
      return;
    }
    List<ExtensionKind> kinds = new ArrayList<>();
    for (ExtensionKind kind : ExtensionKind.values()) {
      if (kind.type().isAssignableFrom(type)) {
        kinds.add(kind);
      }
    }
    if (kinds.isEmpty()) {
      warn(where + ", which is no extension (not a model backend, sampler, verifier, search algorithm or "
          + "command factory); entry skipped");
      return;
    }
    NamedExtension extension;
    try {
      extension = (NamedExtension) injector.getInstance(type);
    } catch (ConfigurationException e) {
      warn(where + ", which cannot be created (" + firstLine(e.getErrorMessages().iterator().next().getMessage())
          + "); entry skipped");
      return;
    } catch (ProvisionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      warn(where + ", which cannot be created (" + describe(cause) + "); entry skipped");
      return;
    } catch (LinkageError e) {
      warn(where + ", which cannot be created (" + describe(e) + "); entry skipped");
      return;
    }
    for (ExtensionKind kind : kinds) {
      registry.register(kind, extension, origin);
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

  /** {@code SimpleName: first line of its message}. */
  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
  }

  private static String firstLine(String message) {
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
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

  /**
   * PF4J's manager with our class loading and Guice-made extensions. Its extension finder reads only
   * the class path's indexes (the built-ins): a plugin's class loader would fall back to the host's
   * index when the plugin jar has none, and find every built-in a second time.
   */
  private static final class Manager extends DefaultPluginManager {

    private final Injector injector;

    Manager(List<Path> pluginsDirs, Injector injector) {
      super(pluginsDirs);
      this.injector = injector;
      this.extensionFactory = createExtensionFactory();
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
      return new LegacyExtensionFinder(this) {
        @Override
        public Map<String, Set<String>> readPluginsStorages() {
          return Map.of();
        }
      };
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
